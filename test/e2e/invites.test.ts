import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLease } from '../../src/db/leases.js';
import { ActionIds } from '../../src/slack/ids.js';
import type { FakeMessage } from '../fakes/fake-slack.js';
import { renderBlocksAsText } from '../fakes/render-blocks.js';
import { clickButton } from '../support/click.js';
import { requestRow } from '../support/flows.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';
import { requestFormValues } from '../support/request-form.js';

const JUSTIFICATION = 'Running evaluation jobs for my thesis chapter on retrieval.';
const ADMIN_CHANNEL = 'C0ADMINS01';
const HOUR = 3600_000;
const INVITES = /^\/organization\/invites$/;
const PROJECT_USERS = /^\/organization\/projects\/[^/]+\/users$/;

let h: Harness;
let owner: Person;
let admin: Person;
let newcomer: Person;
const projects: Record<string, string> = {};

beforeEach(async () => {
  h = await startHarness({ env: { ACCESS_ADMINS: 'UADMIN', ADMIN_CHANNEL, STALL_AFTER_HOURS: '48' } });
  h.slack.addChannel({ id: ADMIN_CHANNEL, name: 'openai-admins' });
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  admin = h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  newcomer = h.person({ slackId: 'UNEW', name: 'Nina Newcomer', orgMember: false });
  for (const name of ['Alpha', 'Beta', 'Gamma']) {
    const project = h.openai.state.addProject({ name });
    projects[name] = project.id;
    h.openai.state.addProjectUser(project.id, owner.orgUserId as string, 'owner');
  }
});

afterEach(async () => {
  await h.close();
});

async function requestAndApprove(who: Person, projectName: string, role: 'member' | 'owner' = 'member') {
  await h.settle(h.sender.slashCommand({ userId: who.slackId, text: `request ${projectName}` }));
  const view = h.slack.view(h.slack.openedViews.at(-1)?.id as string);
  await h.settle(
    h.sender.viewSubmissionOf({
      userId: who.slackId,
      view,
      values: requestFormValues({ projectId: projects[projectName], role, justification: JUSTIFICATION }),
    }),
  );
  const request = await h.bot.db
    .selectFrom('access_requests')
    .selectAll()
    .where('project_id', '=', projects[projectName] as string)
    .where('requester_slack_id', '=', who.slackId)
    .executeTakeFirstOrThrow();
  await h.settle(clickButton(h, owner.slackId, ActionIds.approveRequest, request.id));
  return request.id;
}

async function statusOf(id: string) {
  return (await requestRow(h, id)).status;
}

async function sweep() {
  const report = await h.bot.jobs.invites.run();
  await h.bot.idle();
  return report;
}

/** The person's DM with the bot as its main view shows it: top-level messages, thread replies left out. */
function dmConversation(who: Person): FakeMessage[] {
  return h.slack.dmsTo(who.slackId).filter((m) => !m.threadTs || m.threadTs === m.ts);
}

function repliesTo(message: FakeMessage | undefined): FakeMessage[] {
  return h.slack
    .messages(message?.channel ?? '')
    .filter((m) => m.threadTs === message?.ts && m.ts !== message?.ts);
}

function asSeen(message: FakeMessage | undefined): string {
  return renderBlocksAsText(message?.blocks, message?.text, { userName: (id) => h.slack.userName(id) });
}

function adminChannelPosts() {
  return h.slack.messages(ADMIN_CHANNEL).filter((m) => !m.threadTs || m.threadTs === m.ts);
}

describe('approving someone who is not an org user', () => {
  it('should create exactly one reader invite carrying the project, and tell both people when it was sent: the approver on their own copy, in no second DM', async () => {
    const id = await requestAndApprove(newcomer, 'Alpha');
    expect(await statusOf(id)).toBe('awaiting_invite');
    expect(h.openai.callCount('POST', INVITES)).toBe(1);
    const invite = h.openai.state.invites().find((i) => i.email === newcomer.email);
    expect(invite).toMatchObject({
      role: 'reader',
      status: 'pending',
      projects: [{ id: projects.Alpha, role: 'member' }],
    });
    const toNewcomer = h.slack.dmsTo(newcomer.slackId).at(-1)?.text ?? '';
    expect(toNewcomer).toContain(`OpenAI just mailed it to ${newcomer.email} on`);
    expect(toNewcomer).toContain('; it expires');
    expect(toNewcomer).toContain('Check your spam folder');
    // One message about the request in the approver's DM: their copy, updated in place.
    const ownerDms = dmConversation(owner);
    expect(ownerDms).toHaveLength(1);
    expect(asSeen(ownerDms[0])).toContain(
      `Approved by @Olga Owner on 2026-11-23 10:00 UTC. ${newcomer.email} has not joined the OpenAI organization yet: access is added as soon as they accept the invite OpenAI mailed them on 2026-11-23 10:00 UTC (it expires 2026-11-30 10:00 UTC).`,
    );
    expect(repliesTo(ownerDms[0])).toEqual([]);
  });

  it('should tell the approver in the thread of their copy once the invitee accepts, keeping one DM about the request', async () => {
    await requestAndApprove(newcomer, 'Alpha');
    const [copy] = dmConversation(owner);
    const invite = h.openai.state.invites().find((i) => i.email === newcomer.email);
    h.openai.state.acceptInvite(invite?.id as string, { name: 'Nina Newcomer' });
    await sweep();

    expect(dmConversation(owner)).toHaveLength(1);
    expect(asSeen(h.slack.findMessage(copy?.ts ?? ''))).toContain('Added to Alpha as member.');
    const replies = repliesTo(copy);
    expect(replies).toHaveLength(1);
    expect(asSeen(replies[0])).toBe(
      ':white_check_mark: @Nina Newcomer accepted their OpenAI invite and is now in *Alpha* as member, as you approved.',
    );
    // The requester still gets their own news as a DM of its own.
    expect(asSeen(dmConversation(newcomer).at(-1))).toBe(":white_check_mark: You're in *Alpha*, as member.");
  });

  it('should not create an invite when one is already pending (sent from the dashboard), and record a pre-assignment', async () => {
    const existing = h.openai.state.addInvite({ email: newcomer.email, projects: [] });
    const id = await requestAndApprove(newcomer, 'Alpha');
    expect(h.openai.callCount('POST', INVITES)).toBe(0);
    const row = await h.bot.db
      .selectFrom('access_requests')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'awaiting_invite', invite_id: existing.id });
  });

  it('should pile later approvals up on the one invite and apply all three after acceptance, adding only what the invite did not grant', async () => {
    const ids = [
      await requestAndApprove(newcomer, 'Alpha'),
      await requestAndApprove(newcomer, 'Beta'),
      await requestAndApprove(newcomer, 'Gamma', 'owner'),
    ];
    expect(h.openai.callCount('POST', INVITES)).toBe(1);
    for (const id of ids) expect(await statusOf(id)).toBe('awaiting_invite');

    const invite = h.openai.state.invites().find((i) => i.email === newcomer.email);
    h.openai.state.acceptInvite(invite?.id as string, { name: 'Nina Newcomer' });
    const report = await sweep();

    expect(report).toMatchObject({ ran: true, accepted: 1, applied: 3, failures: [] });
    for (const id of ids) expect(await statusOf(id)).toBe('applied');
    // Alpha came with the invite itself; Beta and Gamma were added by the bot, once each.
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(2);
    const user = h.openai.state.users().find((u) => u.email === newcomer.email);
    expect(h.openai.state.projectUsers(projects.Gamma as string).find((u) => u.id === user?.id)?.role).toBe(
      'owner',
    );
    const dms = h.slack.dmsTo(newcomer.slackId).map((m) => m.text);
    expect(dms.some((text) => text?.startsWith(":white_check_mark: You're in *Beta*, as member."))).toBe(
      true,
    );
    expect(dms.some((text) => text?.startsWith(":white_check_mark: You're in *Gamma*, as owner."))).toBe(
      true,
    );
    // Three requests, three copies for the owner; the news of each sits in its thread.
    const ownerDms = dmConversation(owner);
    expect(ownerDms).toHaveLength(3);
    for (const copy of ownerDms) {
      expect(repliesTo(copy).map((m) => m.text)).toEqual([
        expect.stringContaining('accepted their OpenAI invite'),
      ]);
    }

    // A second sweep adds nothing again.
    await sweep();
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(2);
  });

  it('should not add a project the invite already granted', async () => {
    const id = await requestAndApprove(newcomer, 'Alpha');
    const invite = h.openai.state.invites().find((i) => i.email === newcomer.email);
    h.openai.state.acceptInvite(invite?.id as string, {});
    await sweep();
    expect(await statusOf(id)).toBe('applied');
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(0);
  });

  it('should leave the invite to another replica that is inviting the same person, and link it on the next sweep', async () => {
    const now = h.clock.now();
    await acquireLease(
      h.bot.db,
      `invite:${newcomer.email}`,
      'other-replica',
      now,
      new Date(now.getTime() + 120_000),
    );
    const id = await requestAndApprove(newcomer, 'Alpha');
    expect(h.openai.callCount('POST', INVITES)).toBe(0);
    expect((await requestRow(h, id)).invite_id).toBeNull();
    // The other replica made its invite meanwhile; the sweep links this pre-assignment to it.
    const theirs = h.openai.state.addInvite({
      email: newcomer.email,
      projects: [{ id: projects.Beta as string, role: 'member' }],
    });
    h.clock.advance(121_000);
    await sweep();
    expect(h.openai.callCount('POST', INVITES)).toBe(0);
    expect((await requestRow(h, id)).invite_id).toBe(theirs.id);
  });

  it('should page through the invites once per sweep', async () => {
    for (let i = 0; i < 230; i += 1) h.openai.state.addInvite({ email: `someone${i}@elsewhere.example` });
    await requestAndApprove(newcomer, 'Alpha');
    const before = h.openai.callCount('GET', INVITES);
    await sweep();
    expect(h.openai.callCount('GET', INVITES) - before).toBe(3);
  });
});

describe('stalled invites', () => {
  async function stalledInvite() {
    const id = await requestAndApprove(newcomer, 'Alpha');
    h.clock.advance(49 * HOUR);
    return id;
  }

  it('should nudge the admin channel exactly once, also across a restart, and DM the invitee', async () => {
    await stalledInvite();
    await sweep();
    expect(adminChannelPosts()).toHaveLength(1);
    const nudge = JSON.stringify(adminChannelPosts()[0]);
    expect(nudge).toContain(`${newcomer.email} has not accepted their OpenAI invite`);
    expect(nudge).toContain('Alpha (member)');
    expect(nudge).toContain(ActionIds.resendInvite);
    const reminder = h.slack.dmsTo(newcomer.slackId).at(-1)?.text ?? '';
    expect(reminder).toContain('check your spam folder');
    expect(reminder).toContain('Alpha (member)');
    expect(reminder).toContain('It expires');

    await sweep();
    await h.restart();
    await sweep();
    expect(adminChannelPosts()).toHaveLength(1);
    expect(h.slack.callsTo('chat.update').filter((c) => c.args.channel === ADMIN_CHANNEL)).toHaveLength(0);
  });

  it('should update the same message the next day instead of posting a new one, and flag an expiry within 24 h', async () => {
    await stalledInvite();
    await sweep();
    const first = adminChannelPosts()[0];
    h.clock.advance(4 * 24 * HOUR + HOUR); // invite expires 7 days after it was sent
    await sweep();
    expect(adminChannelPosts()).toHaveLength(1);
    const updated = h.slack.messages(ADMIN_CHANNEL).find((m) => m.ts === first?.ts);
    expect(JSON.stringify(updated?.blocks)).toContain('Expires within 24 hours');
    expect(
      h.slack.messages(ADMIN_CHANNEL).filter((m) => m.threadTs === first?.ts && m.ts !== first?.ts),
    ).toHaveLength(1);
  });

  it('should re-send exactly one new invite with the same projects when an admin clicks (twice)', async () => {
    await requestAndApprove(newcomer, 'Alpha');
    await requestAndApprove(newcomer, 'Beta');
    h.clock.advance(49 * HOUR);
    await sweep();
    const old = h.openai.state.invites().find((i) => i.email === newcomer.email);
    const click = () =>
      clickButton(h, admin.slackId, ActionIds.resendInvite, old?.id as string, [ADMIN_CHANNEL]);
    await h.settle(Promise.all([click(), click()]));

    expect(h.openai.callCount('POST', INVITES)).toBe(2);
    expect(h.openai.callCount('DELETE', /^\/organization\/invites\/.+$/)).toBe(1);
    const live = h.openai.state.invites().filter((i) => i.email === newcomer.email);
    expect(live).toHaveLength(1);
    expect(live[0]?.projects).toEqual([
      { id: projects.Alpha, role: 'member' },
      { id: projects.Beta, role: 'member' },
    ]);
    const linked = await h.bot.db.selectFrom('access_requests').select('invite_id').execute();
    expect(new Set(linked.map((r) => r.invite_id))).toEqual(new Set([live[0]?.id]));
    // The owner's copies name the invite that now counts: sent two days later, expiring a week after that.
    for (const copy of dmConversation(owner)) {
      expect(asSeen(copy)).toContain(
        'accept the invite OpenAI mailed them on 2026-11-25 11:00 UTC (it expires 2026-12-02 11:00 UTC).',
      );
    }

    // Accepting the new invite grants both through the invite: nothing left for the bot to add.
    h.openai.state.acceptInvite(live[0]?.id as string, {});
    await sweep();
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(0);
    expect(
      (await h.bot.db.selectFrom('access_requests').select('status').execute()).map((r) => r.status),
    ).toEqual(['applied', 'applied']);
  });

  it('should keep watching the old invite when re-sending fails before it was deleted', async () => {
    const id = await requestAndApprove(newcomer, 'Alpha');
    h.clock.advance(49 * HOUR);
    await sweep();
    const old = h.openai.state.invites().find((i) => i.email === newcomer.email);
    h.openai.failNext({ method: 'DELETE', path: /^\/organization\/invites\/.+$/ }, { status: 500, times: 3 });
    await h.settle(clickButton(h, admin.slackId, ActionIds.resendInvite, old?.id as string, [ADMIN_CHANNEL]));
    expect(h.slack.responses.at(-1)?.body.text).toContain('The current invite still stands');
    expect(h.openai.callCount('POST', INVITES)).toBe(1);
    // The old invite is still tracked: when it is accepted, the sweep applies the pre-assignment.
    h.openai.state.acceptInvite(old?.id as string, {});
    await sweep();
    expect(await statusOf(id)).toBe('applied');
  });

  it('should refuse a re-send by someone who is not a bot admin', async () => {
    await stalledInvite();
    await sweep();
    const old = h.openai.state.invites().find((i) => i.email === newcomer.email);
    await h.settle(clickButton(h, owner.slackId, ActionIds.resendInvite, old?.id as string, [ADMIN_CHANNEL]));
    expect(h.slack.responses.at(-1)?.body.text).toBe('Only bot admins (ACCESS_ADMINS) can re-send invites.');
    expect(h.openai.callCount('POST', INVITES)).toBe(1);
  });
});

describe('expired and vanished invites', () => {
  it('should offer the admins a re-invite when an invite expired, and tell the requester', async () => {
    const id = await requestAndApprove(newcomer, 'Alpha');
    const invite = h.openai.state.invites().find((i) => i.email === newcomer.email);
    h.openai.state.expireInvite(invite?.id as string);
    await sweep();
    const post = JSON.stringify(adminChannelPosts().at(-1));
    expect(post).toContain('expired');
    expect(post).toContain(ActionIds.reinvite);
    expect(h.slack.dmsTo(newcomer.slackId).at(-1)?.text).toContain('expired before it was accepted');
    expect(await statusOf(id)).toBe('awaiting_invite');

    await h.settle(clickButton(h, admin.slackId, ActionIds.reinvite, invite?.id as string, [ADMIN_CHANNEL]));
    const fresh = h.openai.state
      .invites()
      .filter((i) => i.email === newcomer.email && i.status === 'pending');
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.projects).toEqual([{ id: projects.Alpha, role: 'member' }]);
  });

  it('should report an invite deleted in the dashboard and keep the pre-assignments', async () => {
    const id = await requestAndApprove(newcomer, 'Alpha');
    const invite = h.openai.state.invites().find((i) => i.email === newcomer.email);
    await fetch(`${h.openai.baseURL}/organization/invites/${invite?.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${h.openai.adminKey}` },
    });
    await sweep();
    expect(JSON.stringify(adminChannelPosts().at(-1))).toContain('disappeared');
    expect(await statusOf(id)).toBe('awaiting_invite');
    await sweep();
    expect(adminChannelPosts()).toHaveLength(1);
  });
});

describe('/access invites', () => {
  it('should refuse someone who is not a bot admin and say who can', async () => {
    await h.settle(h.sender.slashCommand({ userId: owner.slackId, text: 'invites' }));
    expect(h.slack.responses.at(-1)?.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Only bot admins can list invites: <@UADMIN>.',
    });
  });

  it('should list pending invites with age, waiting projects and markers for admins', async () => {
    await requestAndApprove(newcomer, 'Alpha');
    h.openai.state.addInvite({ email: 'fresh@uni.example' });
    h.clock.advance(50 * HOUR);
    await h.settle(h.sender.slashCommand({ userId: admin.slackId, text: 'invites' }));
    const text = h.slack.responses.at(-1)?.body.text as string;
    expect(text).toContain('*2 pending OpenAI invites*');
    expect(text).toContain(`*${newcomer.email}*: invited 2 days ago`);
    expect(text).toContain('waiting: Alpha (member)');
    expect(text).toContain(':warning: stalled');
  });
});

describe('the sweep lease', () => {
  it('should not sweep while another replica holds the lease', async () => {
    const now = h.clock.now();
    expect(
      await acquireLease(h.bot.db, 'invites', 'other-replica', now, new Date(now.getTime() + 60_000)),
    ).toBe(true);
    expect((await sweep()).ran).toBe(false);
    h.clock.advance(61_000);
    expect((await sweep()).ran).toBe(true);
  });
});
