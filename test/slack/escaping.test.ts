import { describe, expect, it } from 'vitest';
import {
  type AccessRequest,
  type Decision,
  NOT_A_SERVICE_ACCOUNT,
  type OffboardingCard,
  type ProjectPlanStepRow,
  type ProjectRequest,
  type TrackedInvite,
} from '../../src/db/schema.js';
import { spendOutlook } from '../../src/domain/budget-period.js';
import type { OffboardingFacts } from '../../src/domain/offboarding.js';
import { spendGauge } from '../../src/domain/spend-gauge.js';
import { AdminApiError } from '../../src/openai/admin-errors.js';
import type { Refusal } from '../../src/services/click-answer.js';
import type { Notice } from '../../src/services/notices.js';
import type { OffboardingCardView } from '../../src/services/offboarding-notices.js';
import { auditAnswerText, describeAuditEvent } from '../../src/slack/blocks/audit.js';
import { unknownProjectText } from '../../src/slack/blocks/budget-answers.js';
import { budgetDetailMessage, budgetOverviewMessage } from '../../src/slack/blocks/budget-messages.js';
import { denyModal } from '../../src/slack/blocks/deny-modal.js';
import { failureText } from '../../src/slack/blocks/failure-text.js';
import { helpText } from '../../src/slack/blocks/help.js';
import { homeView } from '../../src/slack/blocks/home.js';
import { invitesOverview } from '../../src/slack/blocks/invite-messages.js';
import { keepReasonModal, removeConfirmModal } from '../../src/slack/blocks/offboarding-modals.js';
import { peopleAnswerText } from '../../src/slack/blocks/people-answer.js';
import { refusalText } from '../../src/slack/blocks/refusal-text.js';
import { extendModal, requestModal } from '../../src/slack/blocks/request-modal.js';
import { serviceAccountList } from '../../src/slack/blocks/service-account-list.js';
import {
  deleteServiceAccountModal,
  keyModal,
  serviceAccountRequestModal,
} from '../../src/slack/blocks/service-account-modals.js';
import { renderNotice } from '../../src/slack/notifier/render-notice.js';

/**
 * Names from OpenAI and text people typed can hold mrkdwn control sequences. Wherever they land
 * in mrkdwn (a section, a context, a field, a message's notification `text`), they must arrive as
 * text: no @channel, no mention of someone else, no disguised link.
 */
const EVIL = '<!channel> <@UEVIL0001> <https://evil.example/x|click here> &';
const LIVE = [/<!channel>/, /<@UEVIL0001>/, /<https:\/\/evil\.example/, /&(?!amp;|lt;|gt;)/];

const NOW = new Date('2026-11-23T10:00:00Z');

const request = (overrides: Partial<AccessRequest> = {}): AccessRequest => ({
  id: 'req_1',
  requester_slack_id: 'U0REQUEST1',
  requester_email: `${EVIL}@uni.example`,
  project_id: 'proj_1',
  project_name: `Alpha ${EVIL}`,
  role: 'member',
  justification: `Because ${EVIL}`,
  access_ends_on: '2026-12-01',
  status: 'pending',
  openai_user_id: null,
  last_error: `OpenAI said ${EVIL}`,
  invite_id: null,
  reminded_at: null,
  escalated_at: null,
  end_warned_at: null,
  membership_before: null,
  removal_failure_told_at: null,
  extends_request_id: null,
  applied_announced_at: null,
  kind: 'access',
  ...NOT_A_SERVICE_ACCOUNT,
  created_at: NOW.toISOString(),
  updated_at: NOW.toISOString(),
  onboarding_id: null,
  ...overrides,
});

/** A service-account request whose name, purpose and project come from outside. */
const serviceAccountRequest = (overrides: Partial<AccessRequest> = {}): AccessRequest =>
  request({
    kind: 'service_account',
    status: 'applied',
    service_account_name: `ci ${EVIL}`,
    service_account_ends_on: '2026-12-01',
    ...overrides,
  });

const decision: Decision = {
  request_id: 'req_1',
  outcome: 'denied',
  decided_by: 'U0OWNER001',
  decided_as: 'owner',
  reason: `No ${EVIL}`,
  decided_at: NOW.toISOString(),
};

const invite: TrackedInvite = {
  invite_id: 'invite-1',
  email: `${EVIL}@uni.example`,
  sent_by_bot: 0,
  status: 'pending',
  projects: '[]',
  invited_at: NOW.toISOString(),
  expires_at: null,
  accepted_at: null,
  replaced_by: null,
  nudge_channel: null,
  nudge_ts: null,
  last_nudged_at: null,
  invitee_reminded_at: null,
  closed_notified_at: null,
  digest_id: null,
  updated_at: NOW.toISOString(),
};

const health = { ageHours: 80, stalled: true, expiringSoon: true, expired: false };
const outlook = spendOutlook({
  spentCents: 5_500,
  budgetCents: 10_000,
  period: { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') },
  now: NOW,
});

const projectRequest = (overrides: Partial<ProjectRequest> = {}): ProjectRequest => ({
  id: 'prq_1',
  kind: 'new',
  requester_slack_id: 'U0REQUEST1',
  project_name: `Lab ${EVIL}`,
  project_id: 'proj_9',
  purpose: `Research ${EVIL}`,
  owners: JSON.stringify(['U0OWNER001']),
  tier: 'development',
  budget_cents: 50_000,
  models: JSON.stringify(['gpt-4.1']),
  status: 'failed',
  decided_by: 'U0ADMIN001',
  decided_at: NOW.toISOString(),
  reason: `Because ${EVIL}`,
  runner_until: null,
  card_channel: null,
  card_ts: null,
  requester_channel: null,
  requester_ts: null,
  created_at: NOW.toISOString(),
  updated_at: NOW.toISOString(),
  ...overrides,
});

const planSteps: ProjectPlanStepRow[] = ['create_project', 'add_owners', 'hard_limit'].map(
  (step, position) => ({
    request_id: 'prq_1',
    step,
    position,
    status: position === 2 ? 'failed' : 'done',
    started_at: null,
    detail: null,
    error: `OpenAI said ${EVIL}`,
    updated_at: NOW.toISOString(),
  }),
);

const evilColleague = { openaiUserId: 'user-2', email: EVIL, name: EVIL };
const offboardingFacts: OffboardingFacts = {
  openaiUserId: 'user-1',
  email: EVIL,
  name: EVIL,
  orgRole: EVIL,
  slackUserId: 'U0BOB00001',
  projects: [
    { projectId: 'proj_1', projectName: EVIL, role: 'owner', otherOwners: [], otherMembers: [evilColleague] },
    {
      projectId: 'proj_2',
      projectName: EVIL,
      role: 'member',
      otherOwners: [evilColleague],
      otherMembers: [],
    },
  ],
  keys: [
    {
      id: 'key_1',
      name: EVIL,
      redactedValue: EVIL,
      projectId: 'proj_1',
      projectName: EVIL,
      lastUsedAt: NOW.toISOString(),
      createdAt: NOW.toISOString(),
    },
  ],
  keysListed: true,
};
const offboardingView = (status: OffboardingCard['status']): OffboardingCardView => ({
  card: {
    id: 'off_1',
    openai_user_id: 'user-1',
    slack_user_id: 'U0BOB00001',
    email: EVIL,
    status,
    facts: JSON.stringify(offboardingFacts),
    raised_by: 'event',
    channel_id: 'C0ADMINS01',
    ts: '1.000001',
    decided_by: 'U0ADMIN001',
    decided_at: NOW.toISOString(),
    reason: EVIL,
    problem: EVIL,
    outcome: null,
    created_at: NOW.toISOString(),
    updated_at: NOW.toISOString(),
  },
  facts: offboardingFacts,
  outcome: {
    result: 'deleted',
    told: [{ projectName: EVIL, slackIds: ['U0OWNER001'] }],
    notTold: [{ projectName: EVIL, why: EVIL }],
  },
  asOf: NOW.toISOString(),
  removalUnknown: false,
});

/** One notice of every kind: a kind added to `Notice` without a sample here fails to compile. */
const notices: { [K in Notice['kind']]: Extract<Notice, { kind: K }>[] } = {
  'request.for_approver': ['pending', 'approved', 'applied', 'awaiting_invite', 'denied', 'revoked'].flatMap(
    (status) => [
      {
        kind: 'request.for_approver' as const,
        snapshot: {
          request: request({ status: status as AccessRequest['status'] }),
          decision,
          approvers: ['U0OWNER001'],
        },
      },
      {
        kind: 'request.for_approver' as const,
        snapshot: {
          request: request({ extends_request_id: 'req_0' }),
          decision: undefined,
          approvers: [],
          extended: request({ id: 'req_0' }),
        },
        escalatedSince: NOW.toISOString(),
      },
    ],
  ),
  'request.for_requester': [
    {
      kind: 'request.for_requester',
      snapshot: { request: request(), decision: undefined, approvers: ['U0OWNER001'] },
      routing: { kind: 'went_to_bot_admins' },
    },
    {
      kind: 'request.for_requester',
      snapshot: { request: request({ status: 'denied' }), decision, approvers: [] },
    },
    ...(['service_account', 'service_account_key', 'service_account_rotation'] as const).map((kind) => ({
      kind: 'request.for_requester' as const,
      snapshot: { request: serviceAccountRequest({ kind }), decision, approvers: [] },
    })),
    {
      kind: 'request.for_requester',
      snapshot: {
        request: serviceAccountRequest({ status: 'pending' }),
        decision: undefined,
        approvers: ['U0OWNER001'],
      },
    },
  ],
  'request.denied': [{ kind: 'request.denied', request: request(), decidedBy: 'U0OWNER001', reason: EVIL }],
  'request.applied': [{ kind: 'request.applied', request: request(), roleChanged: true }],
  'service_account.key_ready': [{ kind: 'service_account.key_ready', request: serviceAccountRequest() }],
  'service_account.ending': [
    { kind: 'service_account.ending', request: serviceAccountRequest(), days: 7 },
    { kind: 'service_account.ending', request: serviceAccountRequest(), days: 1 },
  ],
  'service_account.removed': (['end_date', 'deleted', 'rotated'] as const).map((reason) => ({
    kind: 'service_account.removed' as const,
    request: serviceAccountRequest(),
    reason,
    by: 'U0OWNER001',
  })),
  'service_account.removal_failed': [
    {
      kind: 'service_account.removal_failed',
      request: serviceAccountRequest(),
      problem: `OpenAI said ${EVIL}`,
    },
  ],
  'request.apply_failed': [{ kind: 'request.apply_failed', request: request(), problem: EVIL }],
  'request.reminder': [{ kind: 'request.reminder', request: request() }],
  'request.expired': [{ kind: 'request.expired', request: request(), ttlDays: 7 }],
  'request.pre_assigned': [
    {
      kind: 'request.pre_assigned',
      request: request(),
      email: `${EVIL}@uni.example`,
      inviteCreated: true,
      invitedAt: NOW,
      expiresAt: NOW,
    },
  ],
  'request.invite_failed': (['requester', 'approver'] as const).map((audience) => ({
    kind: 'request.invite_failed' as const,
    request: request(),
    audience,
    email: `${EVIL}@uni.example`,
    problem: EVIL,
  })),
  'request.applied_after_invite': (['requester', 'approver'] as const).map((audience) => ({
    kind: 'request.applied_after_invite' as const,
    request: request(),
    audience,
  })),
  'grant.ending': [{ kind: 'grant.ending', grant: request({ status: 'applied' }) }],
  'grant.ended': (['remove', 'keep', 'restore_role'] as const).map((done) => ({
    kind: 'grant.ended' as const,
    grant: request({ status: 'revoked' }),
    done,
    restoredRole: done === 'restore_role' ? ('member' as const) : null,
  })),
  'grant.restore_failed': [{ kind: 'grant.restore_failed', grant: request(), problem: EVIL }],
  'grant.removal_failed': [{ kind: 'grant.removal_failed', grant: request(), problem: EVIL }],
  'invite.stalled': [{ kind: 'invite.stalled', invite, health, waiting: [request()] }],
  'invite.still_stalled': [{ kind: 'invite.still_stalled', health }],
  'invite.reminder': [{ kind: 'invite.reminder', invite, waiting: [request()] }],
  'invite.closed': (['expired', 'gone'] as const).map((reason) => ({
    kind: 'invite.closed' as const,
    invite,
    reason,
    waiting: [request()],
  })),
  'invite.closed_for_requester': [
    { kind: 'invite.closed_for_requester', email: EVIL, reason: 'gone', projectNames: [EVIL] },
  ],
  'invite.accepted': [{ kind: 'invite.accepted', email: EVIL, waitingAdded: true }],
  'invite.digest': [
    {
      kind: 'invite.digest',
      stallAfterHours: 48,
      pending: Array.from({ length: 45 }, () => ({ invite, health, waiting: [request()] })),
      resolved: { accepted: 1, resent: 1, joined: 1, closed: 1 },
    },
  ],
  'invite.joined': [{ kind: 'invite.joined', invite, applied: [request()] }],
  'invite.replaced': [{ kind: 'invite.replaced', invite, by: 'U0ADMIN001', at: NOW, newExpiry: null }],
  'project.owner_count': (['none', 'too_many'] as const).map((problem) => ({
    kind: 'project.owner_count' as const,
    projectName: EVIL,
    problem,
    ownerNames: [EVIL, 'b', 'c', 'd'],
  })),
  'budget.alert': [
    {
      kind: 'budget.alert',
      projectName: EVIL,
      outlook,
      threshold: 50,
      forecast: true,
      hardLimit: { thresholdCents: 10_000 },
    },
  ],
  'project_request.card': (['pending', 'denied', 'failed', 'done'] as const).flatMap((status) =>
    (['admins', 'requester'] as const).map((audience) => ({
      kind: 'project_request.card' as const,
      audience,
      view: { request: projectRequest({ status }), steps: planSteps },
    })),
  ),
  'project_request.summary': [
    {
      kind: 'project_request.summary',
      view: { request: projectRequest({ status: 'done' }), steps: planSteps },
    },
  ],
  'project_archive.cost_report': [
    { kind: 'project_archive.cost_report', projectName: `Lab ${EVIL}`, from: '2026-11-01', to: '2026-11-30' },
  ],
  'costs.exported': [
    {
      kind: 'costs.exported',
      fromDay: '2026-11-01',
      toDay: '2026-11-30',
      projects: 2,
      totalCents: 100,
      refreshedAt: NOW.toISOString(),
      historyStartsOn: null,
    },
  ],
  'offboarding.card': (['open', 'removing', 'failed', 'removed', 'kept', 'reactivated'] as const).map(
    (status) => ({
      kind: 'offboarding.card' as const,
      view: offboardingView(status),
    }),
  ),
  'offboarding.keys_stopped': [
    {
      kind: 'offboarding.keys_stopped',
      person: { email: EVIL, name: EVIL },
      projectName: EVIL,
      keys: offboardingFacts.keys,
      removedBy: 'U0ADMIN001',
    },
  ],
  'keys.report': [
    {
      kind: 'keys.report',
      project: { id: 'proj_1', name: EVIL, tier: 'production' },
      findings: [
        {
          finding: {
            key: {
              id: 'key_1',
              name: EVIL,
              redactedValue: `sk-${EVIL}`,
              createdAt: 1_700_000_000,
              lastUsedAt: null,
              ownerAccess: 'inactive',
              owner: { type: 'user', id: 'user-1', email: `${EVIL}@uni.example`, name: EVIL },
            },
            reasons: [
              { kind: 'owner_left_org' },
              { kind: 'never_used', ageDays: 400 },
              { kind: 'personal_key_in_production' },
            ],
            fingerprint: 'key_1:x',
            deletable: true,
          },
          deletedBy: null,
        },
        {
          finding: {
            key: {
              id: 'key_2',
              name: EVIL,
              redactedValue: 'sk-svc',
              createdAt: 1_700_000_000,
              lastUsedAt: 1_760_000_000,
              ownerAccess: 'active',
              owner: { type: 'service_account', id: 'svc_1', name: EVIL },
            },
            reasons: [
              { kind: 'rotation_due', ageDays: 400 },
              { kind: 'unused', days: 100 },
            ],
            fingerprint: 'key_2:x',
            deletable: false,
          },
          deletedBy: 'U0OWNER001',
        },
      ],
      stillOpen: 2,
      unusedDays: 90,
      maxAgeDays: 365,
    },
  ],
  'keys.summary': [
    {
      kind: 'keys.summary',
      projectsChecked: 3,
      projects: [{ name: EVIL, tier: undefined, newFindings: 2, reachedOwners: 0 }],
      newFindings: 2,
      stillOpen: 1,
      failures: [{ subject: EVIL, error: EVIL }],
    },
  ],
  'onboarding.card': [
    {
      kind: 'onboarding.card',
      onboarding: {
        id: 'onb_1',
        project_id: 'proj_1',
        project_name: `Alpha ${EVIL}`,
        role: 'member',
        actor_slack_id: 'U0OWNER001',
        people_key: 'k',
        status: 'running',
        origin_channel: null,
        card_channel: null,
        card_ts: null,
        created_at: NOW.toISOString(),
        updated_at: NOW.toISOString(),
        finished_at: null,
        completed_at: null,
      },
      progress: { total: 3, in: 1, waiting: 1, failed: 1, left: 0, skipped: 1 },
      waiting: [{ email: `${EVIL}@uni.example`, slackId: null, detail: '3 h' }],
      failed: [{ email: 'f@uni.example', slackId: null, detail: `OpenAI said ${EVIL}` }],
      skipped: [{ email: `${EVIL}`, slackId: null, detail: 'a bot' }],
      nudgedAt: NOW,
    },
  ],
  'onboarding.in': [
    { kind: 'onboarding.in', projectName: `Alpha ${EVIL}`, role: 'member', by: 'U0OWNER001' },
  ],
  'onboarding.nudge': [
    { kind: 'onboarding.nudge', projectName: `Alpha ${EVIL}`, email: `${EVIL}@x.org`, by: 'U0OWNER001' },
  ],
  'onboarding.not_in_slack': [
    {
      kind: 'onboarding.not_in_slack',
      projectName: `Alpha ${EVIL}`,
      emails: [`${EVIL}@x.org`],
      by: 'U0OWNER001',
    },
  ],
};

/** Every piece of mrkdwn in a rendered message, modal or view, plus its notification text. */
function mrkdwnIn(rendered: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, key?: string) => {
    if (typeof node === 'string') {
      if (key === 'text') found.push(node);
      return;
    }
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      // plain_text is shown as typed: Slack parses no mention or link in it.
      if (record.type === 'plain_text') return;
      for (const [k, v] of Object.entries(record)) walk(v, k);
    }
  };
  if (typeof rendered === 'string') return [rendered];
  walk(rendered);
  return found;
}

function liveIn(rendered: unknown): string[] {
  return mrkdwnIn(rendered).filter((text) => LIVE.some((pattern) => pattern.test(text)));
}

describe('escaping of outside text in mrkdwn', () => {
  it('should detect a live mention or link (the check itself can fail)', () => {
    expect(liveIn({ text: `hi ${EVIL}` })).toHaveLength(1);
    expect(liveIn({ type: 'plain_text', text: EVIL })).toHaveLength(0);
  });

  for (const [kind, samples] of Object.entries(notices)) {
    it(`should escape every outside name in the notice ${kind}`, () => {
      for (const notice of samples as Notice[]) expect(liveIn(renderNotice(notice))).toEqual([]);
    });
  }

  it('should escape names in every refusal', () => {
    const refusals: Refusal[] = [
      { kind: 'cannot_decide', reason: 'not_an_approver', projectName: EVIL },
      { kind: 'invite_accepted', email: EVIL, meanwhile: true },
      { kind: 'invite_accepted', email: EVIL, meanwhile: false },
      { kind: 'resend_failed', problem: EVIL, outcome: 'kept' },
      { kind: 'resend_failed', problem: EVIL, outcome: 'nothing_changed' },
      { kind: 'resend_failed', problem: EVIL, outcome: 'retried' },
      { kind: 'resend_failed', problem: EVIL, outcome: 'deleted_not_sent' },
      { kind: 'unknown_invite', inviteId: EVIL },
      { kind: 'invite_replaced', by: EVIL },
      { kind: 'no_such_request', requestId: EVIL },
      { kind: 'service_account', why: { reason: 'failed', problem: EVIL } },
      { kind: 'service_account', why: { reason: 'owners_and_admins_only', projectName: EVIL } },
      { kind: 'service_account', why: { reason: 'unknown_project', typed: EVIL } },
      { kind: 'no_such_card', cardId: EVIL },
      { kind: 'card_decided', status: 'kept', by: 'U0ADMIN001' },
    ];
    for (const refusal of refusals) expect(liveIn(refusalText(refusal))).toEqual([]);
  });

  it('should escape names in the service-account modals and list', () => {
    const project = { id: 'proj_1', name: EVIL, created_at: 0, status: 'active' };
    expect(
      liveIn(serviceAccountRequestModal({ projects: [project], unmatchedHint: EVIL, today: '2026-11-23' })),
    ).toEqual([]);
    expect(
      liveIn(
        keyModal({
          requestId: 'req_1',
          projectName: EVIL,
          accountName: EVIL,
          keyId: 'key_1',
          secret: 'sk-secret',
          rotation: true,
          roleNone: true,
        }),
      ),
    ).toEqual([]);
    expect(
      liveIn(
        deleteServiceAccountModal({ projectId: 'p', projectName: EVIL, accountId: 'a', accountName: EVIL }),
      ),
    ).toEqual([]);
    const account = { id: 'svc_1', name: EVIL, role: 'member', created_at: 0 };
    expect(
      liveIn(
        serviceAccountList(project, [
          {
            account,
            keys: [{ id: 'k', redacted: EVIL, createdAt: 0, lastUsedAt: 10 }],
            requestedBy: 'UREQ',
            endsOn: '2026-12-01',
          },
        ]),
      ),
    ).toEqual([]);
  });

  it('should escape names in the modals, the App Home and the invite list', () => {
    const pending = request();
    expect(liveIn(denyModal(pending))).toEqual([]);
    expect(liveIn(removeConfirmModal(offboardingView('open')))).toEqual([]);
    expect(liveIn(keepReasonModal(offboardingView('open')))).toEqual([]);
    expect(
      liveIn(
        peopleAnswerText({
          kind: 'people',
          checkedAt: NOW.toISOString(),
          withoutSlack: [
            {
              email: EVIL,
              name: EVIL,
              orgRole: EVIL,
              projects: [{ name: EVIL, role: 'owner' }],
              lastKeyUseAt: null,
            },
          ],
        }),
      ),
    ).toEqual([]);
    expect(liveIn(extendModal({ grantId: 'g', projectName: EVIL, currentEnd: '2026-12-01' }))).toEqual([]);
    const project = {
      id: 'proj_1',
      name: EVIL,
      object: 'organization.project',
      created_at: 0,
      status: 'active',
    };
    expect(
      liveIn(
        requestModal({
          projects: [project] as never,
          unmatchedHint: EVIL,
          today: '2026-11-23',
        }),
      ),
    ).toEqual([]);
    expect(
      liveIn(
        homeView({
          myRequests: [pending, request({ status: 'applied' }), serviceAccountRequest()],
          totalMine: 3,
          waitingForMe: [pending, serviceAccountRequest({ status: 'pending' })],
          admin: {
            stalledInvites: [invite],
            longWaiting: [pending],
            budgetsOver: [{ projectName: EVIL, percent: 80 }],
          },
        }),
      ),
    ).toEqual([]);
    expect(
      liveIn(
        invitesOverview([
          {
            email: EVIL,
            invitedAt: NOW.toISOString(),
            expiresAt: null,
            health,
            waiting: [pending],
            sentByBot: false,
          },
        ]),
      ),
    ).toEqual([]);
  });

  it('should escape what a person typed when it is echoed, and what OpenAI said when it failed', () => {
    expect(liveIn(helpText(EVIL))).toEqual([]);
    expect(liveIn(failureText(new AdminApiError('conflict', 'create an invite', `OpenAI: ${EVIL}`)))).toEqual(
      [],
    );
  });

  it('should escape names in the audit trail and the budget answers', () => {
    const event = {
      id: 'e1',
      occurred_at: NOW.toISOString(),
      actor: 'system',
      action: 'request.denied',
      subject_type: 'access_request',
      subject_id: 'req_1',
      before_state: null,
      after_state: null,
      details: JSON.stringify({ reason: EVIL, email: EVIL }),
    };
    expect(liveIn(describeAuditEvent(event, request()))).toEqual([]);
    expect(
      liveIn(
        auditAnswerText({
          kind: 'unknown_project',
          typed: EVIL,
          suggestions: [EVIL],
        } as never),
      ),
    ).toEqual([]);
    expect(liveIn(unknownProjectText(EVIL, [{ name: EVIL }]))).toEqual([]);
    const gauge = spendGauge({ outlook, monthSpentCents: 5_500, hardLimitCents: 10_000 });
    const row = { project: { id: 'proj_1', name: EVIL }, outlook, blocked: true, gauge };
    expect(liveIn(budgetOverviewMessage({ rows: [row], scope: 'all', quietCount: 0 }))).toEqual([]);
    expect(
      liveIn(
        budgetDetailMessage({
          project: { id: 'proj_1', name: EVIL },
          outlook,
          thresholds: [50],
          budgetSetBy: { slackId: 'U0ADMIN001', at: NOW.toISOString() },
          monthSpentCents: 5_500,
          hardLimit: { thresholdCents: 10_000, enforcing: true },
          alertedThresholds: [50],
          canEdit: true,
          gauge,
        }),
      ),
    ).toEqual([]);
  });
});
