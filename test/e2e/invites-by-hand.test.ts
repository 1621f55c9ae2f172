import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionIds } from '../../src/slack/ids.js';
import { clickButton } from '../support/click.js';
import { approve, requestRow, submitRequest } from '../support/flows.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';

/**
 * Issue 11: admins invite most people by hand, from OpenAI's dashboard. Those invites are nudged
 * about like the bot's own (one digest when many stall at once), marked "sent by hand" where
 * invites are listed, and a person who got into the org another way gets what waited for them.
 */
const ADMIN_CHANNEL = 'C0ADMINS01';
const HOUR = 3600_000;
const INVITES = /^\/organization\/invites$/;
const INVITE = /^\/organization\/invites\/.+$/;
const PROJECT_USERS = /^\/organization\/projects\/[^/]+\/users$/;
const BY_HAND = 'sent by hand (OpenAI dashboard)';

let h: Harness;
let owner: Person;
let admin: Person;
let newcomer: Person;
let dana: Person;
let alpha: string;

beforeEach(async () => {
  h = await startHarness({ env: { ACCESS_ADMINS: 'UADMIN', ADMIN_CHANNEL, STALL_AFTER_HOURS: '48' } });
  h.slack.addChannel({ id: ADMIN_CHANNEL, name: 'openai-admins' });
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  admin = h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  newcomer = h.person({ slackId: 'UNEW', name: 'Nina Newcomer', orgMember: false });
  // In Slack, not yet in the org: invited by hand from the dashboard.
  dana = h.person({ slackId: 'UDANA', name: 'Dana Dashboard', orgMember: false });
  alpha = h.openai.state.addProject({ name: 'Alpha' }).id;
  h.openai.state.addProjectUser(alpha, owner.orgUserId as string, 'owner');
});

afterEach(async () => {
  await h.close();
});

async function sweep() {
  const report = await h.bot.jobs.invites.run();
  await h.bot.idle();
  return report;
}

/** Top-level posts in the admin channel (thread replies left out). */
function adminPosts() {
  return h.slack.messages(ADMIN_CHANNEL).filter((m) => !m.threadTs || m.threadTs === m.ts);
}

const reminders = (who: Person) =>
  h.slack.dmsTo(who.slackId).filter((m) => m.text?.includes('check your spam folder'));

async function approvedNewcomer(): Promise<string> {
  const id = await submitRequest(h, newcomer, { projectId: alpha, projectName: 'Alpha' });
  await approve(h, owner, id);
  expect((await requestRow(h, id)).status).toBe('awaiting_invite');
  return id;
}

async function openHome(who: Person) {
  await h.settle(
    h.sender.event({ event: { type: 'app_home_opened', user: who.slackId, tab: 'home', channel: 'D0HOME' } }),
  );
  return JSON.stringify(h.slack.homeViews(who.slackId).at(-1)?.blocks);
}

describe('an invite sent by hand that stalls', () => {
  it('should leave a hand-sent invite re-sendable when the old one was deleted but no new one was made', async () => {
    const old = h.openai.state.addInvite({ email: dana.email, projects: [] });
    h.clock.advance(49 * HOUR);
    await sweep();
    h.openai.failNext({ method: 'POST', path: INVITES }, { status: 500, times: 1 });
    await h.settle(clickButton(h, admin.slackId, ActionIds.resendInvite, old.id, [ADMIN_CHANNEL]));
    expect(JSON.stringify(h.slack.responses.at(-1)?.body)).toContain(
      'The old invite was deleted, but the new one could not be sent',
    );

    // A second click, once OpenAI answers again, sends the new invite.
    await h.settle(clickButton(h, admin.slackId, ActionIds.resendInvite, old.id, [ADMIN_CHANNEL]));
    const live = h.openai.state.invites().filter((i) => i.email === dana.email && i.status === 'pending');
    expect(live).toHaveLength(1);
    expect(live[0]?.id).not.toBe(old.id);
  });

  it('should tell the admins once it stalls, update that card the next day, and DM the invitee once', async () => {
    h.openai.state.addInvite({ email: dana.email, projects: [] });
    h.clock.advance(47 * HOUR);
    await sweep();
    expect(adminPosts()).toHaveLength(0);

    h.clock.advance(2 * HOUR);
    const report = await sweep();
    expect(report).toMatchObject({ nudged: 1, reminded: 1, failures: [] });
    expect(adminPosts()).toHaveLength(1);
    const card = JSON.stringify(adminPosts()[0]);
    expect(card).toContain(`${dana.email} has not accepted their OpenAI invite`);
    expect(card).toContain(BY_HAND);
    expect(card).toContain(ActionIds.resendInvite);
    expect(reminders(dana)).toHaveLength(1);

    h.clock.advance(25 * HOUR);
    await sweep();
    await h.restart();
    h.clock.advance(25 * HOUR);
    await sweep();
    expect(adminPosts()).toHaveLength(1);
    expect(h.slack.callsTo('chat.update').filter((c) => c.args.ts === adminPosts()[0]?.ts)).toHaveLength(2);
    expect(reminders(dana)).toHaveLength(1);
  });

  it('should re-send an invite sent by hand with its own role and projects', async () => {
    const old = h.openai.state.addInvite({
      email: dana.email,
      role: 'owner',
      projects: [{ id: alpha, role: 'owner' }],
    });
    h.clock.advance(49 * HOUR);
    await sweep();
    await h.settle(clickButton(h, admin.slackId, ActionIds.resendInvite, old.id, [ADMIN_CHANNEL]));
    expect(h.openai.callCount('DELETE', INVITE)).toBe(1);
    const live = h.openai.state.invites().filter((i) => i.email === dana.email);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ role: 'owner', projects: [{ id: alpha, role: 'owner' }] });
    expect(JSON.stringify(h.slack.findMessage(adminPosts()[0]?.ts as string)?.blocks)).toContain(
      `A new OpenAI invite was sent to ${dana.email}`,
    );
  });
});

describe('many invites stalling at once', () => {
  function inviteCourse(size: number) {
    return Array.from({ length: size }, (_, i) =>
      h.openai.state.addInvite({ email: `student${i}@uni.example`, projects: [] }),
    );
  }

  it('should post one digest with a Re-send each, update it in place as invites resolve, and DM invitees once', async () => {
    const course = [...inviteCourse(6), h.openai.state.addInvite({ email: dana.email, projects: [] })];
    h.clock.advance(49 * HOUR);
    const report = await sweep();

    expect(report).toMatchObject({ digested: 7, nudged: 0, reminded: 1, failures: [] });
    expect(adminPosts()).toHaveLength(1);
    const digest = adminPosts()[0];
    const text = JSON.stringify(digest?.blocks);
    expect(text).toContain('7 OpenAI invites have not been accepted');
    for (const invite of course) expect(text).toContain(`"value":"${invite.id}"`);
    expect(text.split(BY_HAND)).toHaveLength(8);
    expect(reminders(dana)).toHaveLength(1);

    // One accepts; an admin re-sends another from the digest.
    h.openai.state.acceptInvite(course[0]?.id as string);
    await sweep();
    await h.settle(
      clickButton(h, admin.slackId, ActionIds.resendInvite, course[1]?.id as string, [ADMIN_CHANNEL]),
    );
    expect(h.openai.callCount('POST', INVITES)).toBe(1);
    expect(h.openai.state.invites().filter((i) => i.email === 'student1@uni.example')).toHaveLength(1);

    const updated = JSON.stringify(h.slack.findMessage(digest?.ts as string)?.blocks);
    expect(updated).toContain('5 OpenAI invites have not been accepted');
    expect(updated).not.toContain(`"value":"${course[0]?.id}"`);
    expect(updated).not.toContain(`"value":"${course[1]?.id}"`);
    expect(updated).toContain('Since this list was posted: 1 accepted · 1 re-sent.');

    // Later sweeps change nothing that is already said: no new posts, no second DM.
    h.clock.advance(25 * HOUR);
    await sweep();
    await sweep();
    expect(adminPosts()).toHaveLength(1);
    expect(reminders(dana)).toHaveLength(1);
    expect(h.slack.callsTo('chat.update').filter((c) => c.args.ts === digest?.ts)).toHaveLength(2);
  });

  it('should add invites that stall a little later to the open digest instead of posting again', async () => {
    inviteCourse(7);
    h.clock.advance(2 * HOUR);
    // Three more of the course, invited two hours later: they stall two sweeps later.
    const late = Array.from({ length: 3 }, (_, i) =>
      h.openai.state.addInvite({ email: `late${i}@uni.example`, projects: [] }),
    );
    h.clock.advance(47 * HOUR);
    expect(await sweep()).toMatchObject({ digested: 7, nudged: 0 });
    h.clock.advance(2 * HOUR);
    expect(await sweep()).toMatchObject({ digested: 3, nudged: 0 });

    expect(adminPosts()).toHaveLength(1);
    const text = JSON.stringify(h.slack.findMessage(adminPosts()[0]?.ts as string)?.blocks);
    expect(text).toContain('10 OpenAI invites have not been accepted');
    for (const invite of late) expect(text).toContain(`"value":"${invite.id}"`);
  });

  it('should post the digest on the next sweep when nobody could be told this time', async () => {
    inviteCourse(7);
    h.clock.advance(49 * HOUR);
    // The channel refuses the post and the DM to the one bot admin fails too.
    h.slack.failNext('chat.postMessage', 'channel_not_found', 2);
    const first = await sweep();
    expect(first.digested).toBe(0);
    expect(first.failures.map((f) => f.subject)).toContain('digest of stalled invites');

    expect(await sweep()).toMatchObject({ digested: 7 });
    expect(adminPosts()).toHaveLength(1);
    expect(JSON.stringify(adminPosts()[0]?.blocks)).toContain('7 OpenAI invites have not been accepted');
  });

  it('should still nudge one card each when five or fewer stall in one sweep', async () => {
    inviteCourse(5);
    h.clock.advance(49 * HOUR);
    expect(await sweep()).toMatchObject({ nudged: 5, digested: 0 });
    expect(adminPosts()).toHaveLength(5);
  });

  it('should list 40 invites in a digest of a large course and say how many more there are', async () => {
    inviteCourse(45);
    h.clock.advance(49 * HOUR);
    await sweep();
    expect(adminPosts()).toHaveLength(1);
    const digest = adminPosts()[0];
    expect(digest?.blocks?.length).toBeLessThanOrEqual(50);
    const text = JSON.stringify(digest?.blocks);
    expect(text).toContain('45 OpenAI invites have not been accepted');
    expect(text.split(`"action_id":"${ActionIds.resendInvite}"`)).toHaveLength(41);
    expect(text).toContain('…and 5 more: `/access invites` lists every pending invite.');
  });
});

describe('where invites are listed', () => {
  it('should say in /access invites and the admin App Home which invites were sent by hand', async () => {
    await approvedNewcomer();
    h.openai.state.addInvite({ email: dana.email, projects: [] });
    h.clock.advance(50 * HOUR);

    await h.settle(h.sender.slashCommand({ userId: admin.slackId, text: 'invites' }));
    const overview = h.slack.responses.at(-1)?.body.text as string;
    expect(overview).toContain(`*${newcomer.email}*: invited 2 days ago, sent by this bot`);
    expect(overview).toContain(`*${dana.email}*: invited 2 days ago, ${BY_HAND}`);

    await sweep();
    const home = await openHome(admin);
    expect(home).toContain('Stalled invites (2)');
    expect(home).toMatch(new RegExp(`${newcomer.email}, invited [^•]*, sent by this bot`));
    expect(home).toMatch(new RegExp(`${dana.email}, invited [^•]*, sent by hand \\(OpenAI dashboard\\)`));
  });
});

describe('a person who got into the org another way', () => {
  it('should apply what waited for them on the next sweep when an invite sent by hand got them in', async () => {
    const id = await approvedNewcomer();
    const mine = h.openai.state.invites().find((i) => i.email === newcomer.email);
    // The admin deleted the bot's invite in the dashboard and sent a new one, which was accepted.
    h.openai.state.removeInvite(mine?.id as string);
    await sweep();
    const theirs = h.openai.state.addInvite({ email: newcomer.email, projects: [] });
    h.openai.state.acceptInvite(theirs.id);

    const report = await sweep();
    expect(report).toMatchObject({ applied: 1, failures: [] });
    const row = await requestRow(h, id);
    expect(row.status).toBe('applied');
    const user = h.openai.state.users().find((u) => u.email === newcomer.email);
    expect(row.openai_user_id).toBe(user?.id);
    expect(h.openai.state.projectUser(alpha, user?.id as string)?.role).toBe('member');
    expect(h.slack.dmsTo(newcomer.slackId).at(-1)?.text).toBe(
      ":white_check_mark: You're in *Alpha*, as member.",
    );
  });

  it('should stop nudging about the bot’s invite once another invite granted the project', async () => {
    const id = await approvedNewcomer();
    const theirs = h.openai.state.addInvite({
      email: newcomer.email,
      projects: [{ id: alpha, role: 'member' }],
    });
    h.openai.state.acceptInvite(theirs.id);
    await sweep();
    expect((await requestRow(h, id)).status).toBe('applied');
    // Granted by the invite that got them in: nothing for the bot to add.
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(0);

    h.clock.advance(49 * HOUR);
    await sweep();
    expect(adminPosts()).toHaveLength(0);
  });

  it('should not trust an invite accepted long before the request, of someone who left and came back', async () => {
    // Years ago their accepted invite carried Alpha; they have since left the org.
    h.openai.state.addInvite({
      email: newcomer.email,
      projects: [{ id: alpha, role: 'member' }],
      status: 'accepted',
    });
    h.clock.advance(24 * HOUR);
    const id = await approvedNewcomer();
    // They come back through an invite sent by hand that carries no project.
    const theirs = h.openai.state.addInvite({ email: newcomer.email, projects: [] });
    h.openai.state.acceptInvite(theirs.id);

    await sweep();
    expect((await requestRow(h, id)).status).toBe('applied');
    const user = h.openai.state.users().find((u) => u.email === newcomer.email);
    expect(h.openai.state.projectUser(alpha, user?.id as string)?.role).toBe('member');
  });

  it('should apply the waiting access at once when an admin clicks Re-invite for someone already in the org', async () => {
    const id = await approvedNewcomer();
    const mine = h.openai.state.invites().find((i) => i.email === newcomer.email);
    h.openai.state.expireInvite(mine?.id as string);
    await sweep();
    const card = adminPosts().at(-1);
    expect(JSON.stringify(card)).toContain(ActionIds.reinvite);
    // Before the next sweep, they accept an invite sent by hand.
    const theirs = h.openai.state.addInvite({ email: newcomer.email, projects: [] });
    h.openai.state.acceptInvite(theirs.id);

    await h.settle(clickButton(h, admin.slackId, ActionIds.reinvite, mine?.id as string, [ADMIN_CHANNEL]));

    expect(h.openai.callCount('POST', INVITES)).toBe(1);
    expect((await requestRow(h, id)).status).toBe('applied');
    const audit = await h.bot.db
      .selectFrom('audit_events')
      .select('actor')
      .where('subject_id', '=', id)
      .where('action', '=', 'request.applied')
      .execute();
    expect(audit).toEqual([{ actor: admin.slackId }]);
    const user = h.openai.state.users().find((u) => u.email === newcomer.email);
    expect(h.openai.state.projectUser(alpha, user?.id as string)?.role).toBe('member');
    expect(h.slack.responses.at(-1)?.body.text).toBe(
      `${newcomer.email} is already a member of the OpenAI organization, so no invite was sent. Added what waited on them: Alpha (member).`,
    );
    expect(JSON.stringify(h.slack.findMessage(card?.ts as string)?.blocks)).toContain(
      `${newcomer.email} is in the OpenAI organization* without this invite`,
    );
    expect(h.slack.dmsTo(newcomer.slackId).at(-1)?.text).toBe(
      ":white_check_mark: You're in *Alpha*, as member.",
    );
  });
});
