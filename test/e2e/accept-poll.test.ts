import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Bot, createBot } from '../../src/bot.js';
import { acceptPollTickSeconds } from '../../src/jobs/accept-poll.js';
import type { FakeMessage } from '../fakes/fake-slack.js';
import { renderBlocksAsText } from '../fakes/render-blocks.js';
import { approve, requestRow, submitRequest } from '../support/flows.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';

/**
 * Issue 14, point 5: while someone waits on an invite, the bot lists invites every
 * ACCEPT_POLL_SECONDS and applies their access as soon as the invite shows as accepted; with
 * nobody waiting, invites are listed only by the full sweep, every SWEEP_INTERVAL_SECONDS.
 * The scheduler calls `jobs.acceptPoll.run()` every ACCEPT_POLL_SECONDS; these tests call it as
 * the scheduler would, after moving the clock.
 */

const ADMIN_CHANNEL = 'C0ADMINS01';
const SECOND = 1000;
const POLL = 30;
const SWEEP = 300;
const INVITES = /^\/organization\/invites$/;
const PROJECT_USERS = /^\/organization\/projects\/[^/]+\/users$/;

let h: Harness;
let owner: Person;
let nina: Person;
let alpha: string;
let beta: string;

beforeEach(async () => {
  h = await startHarness({
    env: {
      ACCESS_ADMINS: 'UADMIN',
      ADMIN_CHANNEL,
      ACCEPT_POLL_SECONDS: String(POLL),
      SWEEP_INTERVAL_SECONDS: String(SWEEP),
    },
  });
  h.slack.addChannel({ id: ADMIN_CHANNEL, name: 'openai-admins' });
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  nina = h.person({ slackId: 'UNINA', name: 'Nina Newcomer', orgMember: false });
  alpha = h.openai.state.addProject({ name: 'Alpha' }).id;
  beta = h.openai.state.addProject({ name: 'Beta' }).id;
  for (const project of [alpha, beta]) {
    h.openai.state.addProjectUser(project, owner.orgUserId as string, 'owner');
  }
});

afterEach(async () => {
  await h.close();
});

/**
 * Nina, not yet in the org, asks for Alpha and Beta and Olga approves both: one invite carrying
 * Alpha is sent with the first approval, and Beta waits on it (an invite cannot be changed).
 */
async function ninaWaits(): Promise<{ alphaId: string; betaId: string; inviteId: string }> {
  const alphaId = await submitRequest(h, nina, { projectId: alpha, projectName: 'Alpha' });
  await approve(h, owner, alphaId);
  const betaId = await submitRequest(h, nina, { projectId: beta, projectName: 'Beta' });
  await approve(h, owner, betaId);
  expect((await requestRow(h, alphaId)).status).toBe('awaiting_invite');
  expect((await requestRow(h, betaId)).status).toBe('awaiting_invite');
  const invite = h.openai.state.invites().find((i) => i.email === nina.email);
  expect(invite?.projects).toEqual([{ id: alpha, role: 'member' }]);
  return { alphaId, betaId, inviteId: invite?.id as string };
}

async function poll() {
  const report = await h.bot.jobs.acceptPoll.run();
  await h.bot.idle();
  return report;
}

async function sweep() {
  const report = await h.bot.jobs.invites.run();
  await h.bot.idle();
  return report;
}

const invitePages = () => h.openai.callCount('GET', INVITES);
/** Walks through the invite list: each starts with a page asked without `after`. */
const inviteWalks = () =>
  h.openai.calls.filter((c) => c.method === 'GET' && INVITES.test(c.path) && c.query.after === undefined)
    .length;

function asSeen(message: FakeMessage | undefined): string {
  return renderBlocksAsText(message?.blocks, message?.text, { userName: (id) => h.slack.userName(id) });
}

const ninaHeard = (text: string) => h.slack.dmsTo(nina.slackId).filter((m) => asSeen(m) === text);

/** Thread replies under the approver's copies of requests, in their DM with the bot. */
function approverReplies(): string[] {
  return h.slack
    .dmsTo(owner.slackId)
    .filter((m) => m.threadTs && m.threadTs !== m.ts)
    .map((m) => asSeen(m));
}

describe('the acceptance poll', () => {
  it('should apply the waiting access within one poll interval of acceptance, telling the person and the approver, without waiting for the sweep', async () => {
    const { alphaId, betaId, inviteId } = await ninaWaits();
    // The last look before Nina accepts.
    expect(await poll()).toMatchObject({ outcome: 'listed', accepted: 0, applied: 0 });

    h.openai.state.acceptInvite(inviteId, { name: 'Nina Newcomer' });
    h.clock.advance(10 * SECOND);
    expect(await poll()).toMatchObject({ outcome: 'not-due' });
    expect((await requestRow(h, betaId)).status).toBe('awaiting_invite');

    h.clock.advance((POLL - 10) * SECOND);
    const pages = invitePages();
    expect(await poll()).toMatchObject({ outcome: 'listed', accepted: 1, applied: 2, failures: [] });
    expect(invitePages()).toBe(pages + 1);

    expect((await requestRow(h, alphaId)).status).toBe('applied');
    expect((await requestRow(h, betaId)).status).toBe('applied');
    // Alpha came with the invite; Beta was added by the bot, once.
    const user = h.openai.state.users().find((u) => u.email === nina.email);
    expect(h.openai.state.projectUser(beta, user?.id as string)?.role).toBe('member');
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(1);
    // Told exactly as the sweep tells them.
    expect(ninaHeard(":white_check_mark: You're in *Alpha*, as member.")).toHaveLength(1);
    expect(ninaHeard(":white_check_mark: You're in *Beta*, as member.")).toHaveLength(1);
    expect(approverReplies().sort()).toEqual([
      ':white_check_mark: @Nina Newcomer accepted their OpenAI invite and is now in *Alpha* as member, as you approved.',
      ':white_check_mark: @Nina Newcomer accepted their OpenAI invite and is now in *Beta* as member, as you approved.',
    ]);
    const tracked = await h.bot.db
      .selectFrom('tracked_invites')
      .selectAll()
      .where('invite_id', '=', inviteId)
      .executeTakeFirstOrThrow();
    expect(tracked.status).toBe('accepted');

    // Nothing waits any more: the next poll asks OpenAI nothing, and the sweep adds nothing again.
    h.clock.advance(POLL * SECOND);
    expect(await poll()).toMatchObject({ outcome: 'nothing-waits' });
    expect(invitePages()).toBe(pages + 1);
    expect(await sweep()).toMatchObject({ ran: true, applied: 0, accepted: 0, failures: [] });
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(1);
    expect(ninaHeard(":white_check_mark: You're in *Beta*, as member.")).toHaveLength(1);
    expect(approverReplies()).toHaveLength(2);
  });

  it('should list invites only at the sweep interval while nobody waits, and every poll interval while someone does', async () => {
    // Ten minutes of the scheduler's timers: the poll's tick (a sixth of the interval), the full
    // sweep every 300 s.
    const every = acceptPollTickSeconds(POLL);
    const tick = async (seconds: number) => {
      const before = invitePages();
      for (let at = every; at <= seconds; at += every) {
        h.clock.advance(every * SECOND);
        if (at % SWEEP === 0) await sweep();
        await poll();
      }
      return invitePages() - before;
    };
    expect(await tick(600)).toBe(2);

    const { inviteId } = await ninaWaits();
    // While Nina waits: once per poll interval. At the sweep's ticks the sweep lists, and the poll
    // right after it finds the listing fresh, so 20 ticks list 20 times.
    expect(await tick(600)).toBe(20);

    h.openai.state.acceptInvite(inviteId, { name: 'Nina Newcomer' });
    await tick(POLL);
    expect(
      (await h.bot.db.selectFrom('access_requests').select('status').execute()).map((r) => r.status),
    ).toEqual(['applied', 'applied']);
    // Back to the sweep's pace.
    expect(await tick(600)).toBe(2);
  });

  it('should walk the paged invite list once per poll', async () => {
    await ninaWaits();
    for (let i = 0; i < 250; i += 1)
      h.openai.state.addInvite({ email: `student${i}@uni.example`, projects: [] });
    const pagesPerWalk = Math.ceil(h.openai.state.invites().length / 100);
    expect(pagesPerWalk).toBe(3);
    for (let round = 1; round <= 3; round += 1) {
      const [pages, walks] = [invitePages(), inviteWalks()];
      h.clock.advance(POLL * SECOND);
      expect(await poll()).toMatchObject({ outcome: 'listed', invitesListed: 251 });
      expect(inviteWalks() - walks).toBe(1);
      expect(invitePages() - pages).toBe(pagesPerWalk);
    }
  });

  it('should apply once when a full sweep starts while the poll is listing', async () => {
    const { betaId, inviteId } = await ninaWaits();
    h.openai.state.acceptInvite(inviteId, { name: 'Nina Newcomer' });
    const listing = h.openai.hold({ method: 'GET', path: INVITES });
    const polling = h.bot.jobs.acceptPoll.run();
    await listing.reached;
    const sweeping = h.bot.jobs.invites.run();
    listing.release();
    const [polled, swept] = await Promise.all([polling, sweeping]);
    await h.bot.idle();

    expect(polled).toMatchObject({ outcome: 'listed', applied: 2 });
    // The sweep waited for the poll, then found nothing left to apply.
    expect(swept).toMatchObject({ ran: true, applied: 0, failures: [] });
    expect((await requestRow(h, betaId)).status).toBe('applied');
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(1);
    expect(ninaHeard(":white_check_mark: You're in *Beta*, as member.")).toHaveLength(1);
    expect(approverReplies()).toHaveLength(2);
  });

  it('should be skipped by a poll that starts while the full sweep runs, which applies it itself', async () => {
    const { betaId, inviteId } = await ninaWaits();
    h.openai.state.acceptInvite(inviteId, { name: 'Nina Newcomer' });
    const listing = h.openai.hold({ method: 'GET', path: INVITES });
    const sweeping = h.bot.jobs.invites.run();
    await listing.reached;
    const polled = await h.bot.jobs.acceptPoll.run();
    listing.release();
    const swept = await sweeping;
    await h.bot.idle();

    expect(polled.outcome).toBe('sweep-running-here');
    expect(swept).toMatchObject({ ran: true, applied: 2 });
    expect((await requestRow(h, betaId)).status).toBe('applied');
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(1);
    expect(ninaHeard(":white_check_mark: You're in *Beta*, as member.")).toHaveLength(1);
  });
});

describe('two replicas on one database', () => {
  let other: Bot;

  beforeEach(async () => {
    other = await createBot(h.config, {
      clock: h.clock,
      slackRetries: 0,
      adminRetries: 2,
      logWrite: () => {},
    });
  });

  afterEach(async () => {
    await other.stop().catch(() => undefined);
  });

  // Both timers fire at the same moment of the clock; on SQLite (one replica in production) one
  // process cannot hold two write transactions at once, so they run one after the other here.
  // test/postgres/accept-poll-replicas.test.ts runs them truly at once.
  it('should list invites once per poll interval between them, whether their timers fire together or apart', async () => {
    const { betaId, inviteId } = await ninaWaits();
    for (let round = 0; round < 4; round += 1) {
      const pages = invitePages();
      h.clock.advance(POLL * SECOND);
      const first = round % 2 === 0 ? h.bot : other;
      const second = first === h.bot ? other : h.bot;
      expect((await first.jobs.acceptPoll.run()).outcome).toBe('listed');
      expect((await second.jobs.acceptPoll.run()).outcome).toBe('not-due');
      expect(invitePages() - pages).toBe(1);
    }
    // Timers apart: the other replica's fires 10 s after this one's and finds the listing fresh.
    h.clock.advance(POLL * SECOND);
    expect((await h.bot.jobs.acceptPoll.run()).outcome).toBe('listed');
    h.clock.advance(10 * SECOND);
    expect((await other.jobs.acceptPoll.run()).outcome).toBe('not-due');

    // Nina accepts; the replica whose timer fires next applies it, once.
    h.openai.state.acceptInvite(inviteId, { name: 'Nina Newcomer' });
    h.clock.advance((POLL - 10) * SECOND);
    expect(await other.jobs.acceptPoll.run()).toMatchObject({ outcome: 'listed', applied: 2 });
    await other.idle();
    expect(await h.bot.jobs.acceptPoll.run()).toMatchObject({ outcome: 'nothing-waits' });
    expect((await requestRow(h, betaId)).status).toBe('applied');
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(1);
    expect(ninaHeard(":white_check_mark: You're in *Beta*, as member.")).toHaveLength(1);
  });
});
