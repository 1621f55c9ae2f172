import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CrashPoint } from '../../src/crash-points.js';
import { auditTrailOf } from '../../src/db/audit-events.js';
import { ActionIds } from '../../src/slack/ids.js';
import { clickButton } from '../support/click.js';
import type { Person } from '../support/harness.js';
import { type ProcessWorld, startProcessWorld } from '../support/process-world.js';

/**
 * Issue 6, point 3: a bot process killed (SIGKILL, no clean-up) between a decision and its Admin
 * API change, between the change and recording it, or between recording it and telling Slack,
 * is finished exactly once by the sweep of the process started after it, on the same database.
 */
const PROJECT_USERS = /^\/organization\/projects\/[^/]+\/users$/;
const MINUTE = 60_000;

let world: ProcessWorld;
let olga: Person;
let rita: Person;
let alpha: string;

beforeEach(async () => {
  world = await startProcessWorld();
  olga = world.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  rita = world.person({ slackId: 'URITA', name: 'Rita Researcher' });
  alpha = world.openai.state.addProject({ name: 'Alpha' }).id;
  world.openai.state.addProjectUser(alpha, olga.orgUserId as string, 'owner');
});

afterEach(async () => {
  await world.close();
});

async function rowOf(id: string) {
  const db = await world.db();
  return db.selectFrom('access_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const adds = () => world.openai.callCount('POST', PROJECT_USERS);
const youAreIn = () =>
  world.slack.dmsTo(rita.slackId).filter((m) => m.text?.startsWith(":white_check_mark: You're in"));
/** The approver's copy and the requester's copy of the request, as they read now. */
const copies = () => [world.slack.dmsTo(olga.slackId)[0], world.slack.dmsTo(rita.slackId)[0]];

/** Approves on a process armed to die at `point`, and waits until it has died there. */
async function approveAndCrash(point: CrashPoint): Promise<string> {
  const doomed = await world.boot({ CRASH_AT: point });
  const id = await world.submitRequest(doomed, rita, { id: alpha, name: 'Alpha' });
  const click = clickButton(
    { slack: world.slack, sender: doomed.sender },
    olga.slackId,
    ActionIds.approveRequest,
    id,
  );
  // Slack was answered (ack) before the crash; the rest of the click's work dies with the process.
  await Promise.allSettled([click]);
  expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
  return id;
}

/**
 * A new process on the same database. Its sweep leaves the interrupted work alone while it is
 * under 2 minutes old (another replica may still be doing it), then finishes it, once.
 */
async function restartAndSweep() {
  world.clock.advance(MINUTE);
  const successor = await world.boot();
  const early = (await successor.sweep('invites')).report;
  world.clock.advance(2 * MINUTE);
  const first = (await successor.sweep('invites')).report;
  await successor.idle();
  const second = (await successor.sweep('invites')).report;
  await successor.idle();
  expect(early).toMatchObject({ ran: true, resumed: 0 });
  return { first, second };
}

async function expectFinishedOnce(id: string) {
  const row = await rowOf(id);
  expect(row.status).toBe('applied');
  // The grant added Rita: removal at an end date must take her out again, resumed or not.
  expect(row.membership_before).toBe('none');
  expect(row.applied_announced_at).not.toBeNull();
  expect(adds()).toBe(1);
  expect(world.openai.state.projectUsers(alpha).map((u) => [u.email, u.role])).toContainEqual([
    rita.email,
    'member',
  ]);
  for (const copy of copies()) {
    expect(JSON.stringify(copy?.blocks)).toContain('Approved by <@UOWNER>');
    expect(JSON.stringify(copy?.blocks)).toContain('Added to Alpha as member.');
    expect(JSON.stringify(copy?.blocks)).not.toContain(ActionIds.approveRequest);
  }
  expect(youAreIn()).toHaveLength(1);
  const trail = (await auditTrailOf(await world.db(), 'access_request', id)).map((e) => e.action);
  expect(trail.filter((action) => action === 'request.approved')).toHaveLength(1);
  expect(trail.filter((action) => action === 'request.applied')).toHaveLength(1);
}

// Each test starts two real bot processes (TypeScript through tsx): ~8 s each on a loaded 2-CPU
// machine, so the suite's 20 s would measure the machine, not the bot.
describe('a bot process killed while applying an approval', { timeout: 60_000 }, () => {
  it('should apply a decision it recorded but never applied, once, after a restart', async () => {
    const id = await approveAndCrash('after-decision');
    expect((await rowOf(id)).status).toBe('approved');
    expect(adds()).toBe(0);

    const { first, second } = await restartAndSweep();
    expect(first).toMatchObject({ ran: true, resumed: 1 });
    expect(second).toMatchObject({ ran: true, resumed: 0 });
    await expectFinishedOnce(id);
  });

  it('should record a change OpenAI already made without making it again, after a restart', async () => {
    const id = await approveAndCrash('after-apply');
    expect((await rowOf(id)).status).toBe('approved');
    expect(adds()).toBe(1);

    const { first, second } = await restartAndSweep();
    expect(first).toMatchObject({ ran: true, resumed: 1 });
    expect(second).toMatchObject({ ran: true, resumed: 0 });
    await expectFinishedOnce(id);
  });

  it('should update every copy and tell the requester once when it died before telling Slack', async () => {
    const id = await approveAndCrash('before-announce');
    expect((await rowOf(id)).status).toBe('applied');
    expect(youAreIn()).toHaveLength(0);
    // Nothing in Slack says so yet: the copies still carry the buttons.
    expect(JSON.stringify(copies()[0]?.blocks)).toContain('"action_id":"access_approve"');

    const { first, second } = await restartAndSweep();
    expect(first).toMatchObject({ ran: true, resumed: 1 });
    expect(second).toMatchObject({ ran: true, resumed: 0 });
    await expectFinishedOnce(id);
  });
});
