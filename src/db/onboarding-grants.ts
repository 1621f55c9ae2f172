import type { Invite } from '../openai/admin-types.js';
import { recordAudit } from './audit-events.js';
import type { Db } from './database.js';
import { newId } from './ids.js';
import type { AccessRequest, Onboarding, OnboardingStep } from './schema.js';
import { NOT_A_SERVICE_ACCOUNT } from './schema.js';
import { trackInvite } from './tracked-invites.js';

/**
 * A step's outcome recorded as an approved grant whose reason is the onboarding: the request row
 * (applied, or awaiting its invite), its decision, the audit, the tracked invite, and the step,
 * all in one transaction and only while the step was not done (a resumed runner records nothing
 * twice). False when the step was done already.
 */
export async function recordStepGrant(
  db: Db,
  input: {
    onboarding: Onboarding;
    step: OnboardingStep;
    to: 'in' | 'waiting';
    userId: string | null;
    membershipBefore: 'none' | 'member' | 'owner' | null;
    invite: { invite: Invite; created: boolean } | null;
    decidedAs: 'owner' | 'admin';
    at: Date;
  },
): Promise<boolean> {
  const { onboarding, step, to, userId, invite, at } = input;
  const now = at.toISOString();
  return db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('onboarding_steps')
      .set({ state: to, updated_at: now })
      .where('onboarding_id', '=', step.onboarding_id)
      .where('seq', '=', step.seq)
      .where('state', 'in', ['planned', 'sending'])
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) return false;
    const request: AccessRequest = {
      id: newId('req'),
      requester_slack_id: step.slack_id ?? `email:${step.email}`,
      requester_email: step.email,
      project_id: onboarding.project_id,
      project_name: onboarding.project_name,
      role: onboarding.role,
      justification: `Group onboarding ${onboarding.id}`,
      access_ends_on: null,
      status: to === 'in' ? 'applied' : 'awaiting_invite',
      openai_user_id: userId,
      last_error: null,
      invite_id: invite?.invite.id ?? null,
      reminded_at: null,
      escalated_at: null,
      end_warned_at: null,
      membership_before: input.membershipBefore,
      removal_failure_told_at: null,
      extends_request_id: null,
      // The card and the onboarding's own DM tell people; the sweep must not announce it again.
      applied_announced_at: to === 'in' ? now : null,
      created_at: now,
      updated_at: now,
      onboarding_id: onboarding.id,
      kind: 'access',
      ...NOT_A_SERVICE_ACCOUNT,
    };
    await trx.insertInto('access_requests').values(request).execute();
    await trx
      .insertInto('decisions')
      .values({
        request_id: request.id,
        outcome: 'approved',
        decided_by: onboarding.actor_slack_id,
        decided_as: input.decidedAs,
        reason: `Group onboarding ${onboarding.id}`,
        decided_at: now,
      })
      .execute();
    if (invite) await trackInvite(trx, invite.invite, invite.created, at);
    await trx
      .updateTable('onboarding_steps')
      .set({
        request_id: request.id,
        org_user_id: userId,
        invite_id: invite?.invite.id ?? null,
        waiting_since: to === 'waiting' ? now : null,
        done_at: to === 'in' ? now : null,
        error: null,
      })
      .where('onboarding_id', '=', step.onboarding_id)
      .where('seq', '=', step.seq)
      .execute();
    await recordAudit(trx, {
      at,
      actor: onboarding.actor_slack_id,
      action: to === 'in' ? 'request.applied' : invite?.created ? 'invite.sent' : 'request.pre_assigned',
      subjectType: 'access_request',
      subjectId: request.id,
      after: { status: request.status, project_id: onboarding.project_id, role: onboarding.role },
      details: {
        onboarding_id: onboarding.id,
        path: step.path,
        email: step.email,
        invite_id: request.invite_id,
      },
    });
    return true;
  });
}
