import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Bot, createBot } from '../../src/bot.js';
import { recordInvitesListed } from '../../src/db/accept-poll-queries.js';
import { approve, requestRow, submitRequest } from '../support/flows.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';
import { requirePostgres } from '../support/test-database.js';

/**
 * Issue 14, point 5, with replicas: two bots on one PostgreSQL whose acceptance polls fire at the
 * same moment list the invites once per poll interval between them (the invite sweep's lease,
 * then a second look at when the invites were last listed), and apply an acceptance once.
 * Two bots in one test process share the fakes and the clock; the lease is all they share.
 */
requirePostgres();

const SECOND = 1000;
const POLL = 30;
const INVITES = /^\/organization\/invites$/;
const PROJECT_USERS = /^\/organization\/projects\/[^/]+\/users$/;

let h: Harness;
let other: Bot;
let owner: Person;
let nina: Person;

beforeEach(async () => {
  h = await startHarness({ env: { ACCESS_ADMINS: 'UADMIN', ACCEPT_POLL_SECONDS: String(POLL) } });
  other = await createBot(h.config, { clock: h.clock, slackRetries: 0, adminRetries: 2, logWrite: () => {} });
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  nina = h.person({ slackId: 'UNINA', name: 'Nina Newcomer', orgMember: false });
}, 60_000);

afterEach(async () => {
  await other.stop().catch(() => undefined);
  await h.close();
});

/** Nina waits on an invite sent by hand that carries nothing: Beta must be added by the bot. */
async function ninaWaits(): Promise<{ id: string; inviteId: string }> {
  const beta = h.openai.state.addProject({ name: 'Beta' }).id;
  h.openai.state.addProjectUser(beta, owner.orgUserId as string, 'owner');
  const invite = h.openai.state.addInvite({ email: nina.email, projects: [] });
  const id = await submitRequest(h, nina, { projectId: beta, projectName: 'Beta' });
  await approve(h, owner, id);
  expect((await requestRow(h, id)).status).toBe('awaiting_invite');
  return { id, inviteId: invite.id };
}

/** Polls (every 20 ms, at most 15 s) until `check` holds. */
async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the acceptance poll on two replicas', () => {
  it('should look again once it holds the lease, so a replica held up on its way to the lease does not list right after another did', async () => {
    await ninaWaits();
    h.clock.advance(POLL * SECOND);
    const gate = new pg.Client({ connectionString: h.config.DATABASE_URL });
    await gate.connect();
    try {
      // The lease row as another replica leaves it, not yet committed: the poll, past its first
      // look (due), queues behind it on its way to the lease.
      await gate.query('begin');
      await gate.query(
        `insert into sweep_leases (name, owner, expires_at) values ('invites', 'replica-a', $1)`,
        [new Date(h.clock.now().getTime() - SECOND).toISOString()],
      );
      const pages = h.openai.callCount('GET', INVITES);
      const polling = other.jobs.acceptPoll.run();
      await waitUntil('the poll waits on the lease row', async () => {
        const { rows } = await sql<{ n: string }>`
          select count(*) as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(h.bot.db);
        return Number(rows[0]?.n ?? 0) >= 1;
      });
      // Meanwhile that replica listed the invites.
      await recordInvitesListed(h.bot.db, h.clock.now());
      await gate.query('commit');
      expect((await polling).outcome).toBe('not-due');
      expect(h.openai.callCount('GET', INVITES)).toBe(pages);
    } finally {
      await gate.end();
    }
  });

  it('should list once per poll interval between them, and apply an acceptance once, when both poll at the same moment', async () => {
    const { id, inviteId } = await ninaWaits();

    const both = async () =>
      (await Promise.all([h.bot.jobs.acceptPoll.run(), other.jobs.acceptPoll.run()])).map((r) => r.outcome);
    for (let round = 0; round < 5; round += 1) {
      const pages = h.openai.callCount('GET', INVITES);
      h.clock.advance(POLL * SECOND);
      expect((await both()).filter((outcome) => outcome === 'listed')).toHaveLength(1);
      expect(h.openai.callCount('GET', INVITES) - pages).toBe(1);
    }

    // A full sweep on one replica while the other polls: one of them lists, never both at once.
    h.clock.advance(POLL * SECOND);
    const listing = h.openai.hold({ method: 'GET', path: INVITES });
    const polling = other.jobs.acceptPoll.run();
    await listing.reached;
    expect((await h.bot.jobs.invites.run()).ran).toBe(false);
    listing.release();
    expect((await polling).outcome).toBe('listed');

    h.openai.state.acceptInvite(inviteId, { name: 'Nina Newcomer' });
    h.clock.advance(POLL * SECOND);
    const reports = await Promise.all([h.bot.jobs.acceptPoll.run(), other.jobs.acceptPoll.run()]);
    await Promise.all([h.bot.idle(), other.idle()]);
    expect(reports.reduce((sum, r) => sum + r.applied, 0)).toBe(1);
    expect((await requestRow(h, id)).status).toBe('applied');
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(1);
    expect(h.slack.dmsTo(nina.slackId).filter((m) => m.text?.includes("You're in *Beta*"))).toHaveLength(1);
  });
});
