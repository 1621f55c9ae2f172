import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionIds } from '../../src/slack/ids.js';
import type { BotProcess } from '../support/bot-process.js';
import { clickButton } from '../support/click.js';
import type { Person } from '../support/harness.js';
import { type ProcessWorld, startProcessWorld } from '../support/process-world.js';
import { extendFormValues, requestFormValues } from '../support/request-form.js';
import { requirePostgres } from '../support/test-database.js';

/**
 * Issue 11, point 3, across replicas: one bot process ends a grant on its end date while the
 * other applies the extension an owner just approved. Nothing is shared between them but
 * PostgreSQL, so the two are ordered there or not at all. The fake Admin API (in this process)
 * holds one side's call until the other side is done, so the interleaving is certain.
 */
requirePostgres();

const MEMBERSHIP = /^\/organization\/projects\/[^/]+\/users\/[^/]+$/;
const REMOVED = 'reached its end date and was removed';

let world: ProcessWorld;
let a: BotProcess;
let b: BotProcess;
let olga: Person;
let rita: Person;
let alpha: string;

beforeEach(async () => {
  world = await startProcessWorld();
  olga = world.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  const otto = world.person({ slackId: 'UOWNER2', name: 'Otto Owner' });
  rita = world.person({ slackId: 'URITA', name: 'Rita Researcher' });
  alpha = world.openai.state.addProject({ name: 'Alpha' }).id;
  world.openai.state.addProjectUser(alpha, olga.orgUserId as string, 'owner');
  world.openai.state.addProjectUser(alpha, otto.orgUserId as string, 'owner');
  [a, b] = await Promise.all([world.boot(), world.boot()]);
}, 60_000);

afterEach(async () => {
  await world.close();
});

async function rowOf(id: string) {
  const db = await world.db();
  return db.selectFrom('access_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const member = () => world.openai.state.projectUsers(alpha).find((u) => u.id === rita.orgUserId);
const dmTexts = () => world.slack.dmsTo(rita.slackId).map((m) => m.text ?? '');
const click = (via: BotProcess, userId: string, actionId: string, value: string) =>
  clickButton({ slack: world.slack, sender: via.sender }, userId, actionId, value);

/** Through replica A: Rita holds Alpha until 2026-11-30 and asked (pending) to extend it to 2026-12-14. */
async function grantWithPendingExtension(): Promise<{ grant: string; extension: string }> {
  await world.settle(a, a.sender.slashCommand({ userId: rita.slackId, text: 'request Alpha' }));
  const form = world.slack.view(world.slack.openedViews.at(-1)?.id as string);
  const values = requestFormValues({
    projectId: alpha,
    justification: 'Thesis evaluation runs.',
    endDate: '2026-11-30',
  });
  await world.settle(a, a.sender.viewSubmissionOf({ userId: rita.slackId, view: form, values }));
  const db = await world.db();
  const grant = (
    await db
      .selectFrom('access_requests')
      .select('id')
      .where('requester_slack_id', '=', rita.slackId)
      .executeTakeFirstOrThrow()
  ).id;
  await world.settle(a, click(a, olga.slackId, ActionIds.approveRequest, grant));
  expect((await rowOf(grant)).status).toBe('applied');

  world.clock.set('2026-11-29T06:00:00Z');
  await a.sweep('requests');
  await a.idle();
  await world.settle(a, click(a, rita.slackId, ActionIds.extendGrant, grant));
  await world.settle(
    a,
    a.sender.viewSubmissionOf({
      userId: rita.slackId,
      view: world.slack.view(world.slack.openedViews.at(-1)?.id as string),
      values: extendFormValues('2026-12-14'),
    }),
  );
  const extension = (
    await db
      .selectFrom('access_requests')
      .select('id')
      .where('extends_request_id', '=', grant)
      .executeTakeFirstOrThrow()
  ).id;
  expect((await rowOf(extension)).status).toBe('pending');
  world.clock.set('2026-11-30T00:00:00Z');
  return { grant, extension };
}

describe('an extension approved on one replica while the other ends the grant', () => {
  it('should keep the person in, without a "removed" DM, when the approval lands while the delete is on its way', async () => {
    const { grant, extension } = await grantWithPendingExtension();
    const deleting = world.openai.hold({ method: 'DELETE', path: MEMBERSHIP });
    const sweeping = a.sweep('requests');
    await deleting.reached;

    await world.settle(b, click(b, olga.slackId, ActionIds.approveRequest, extension));
    expect((await rowOf(extension)).status).toBe('applied');
    deleting.release();
    expect((await sweeping).report).toMatchObject({ ran: true, removals: 1, failures: [] });
    await a.idle();

    expect(member()?.role).toBe('member');
    expect(await rowOf(grant)).toMatchObject({ status: 'applied', access_ends_on: null });
    expect((await rowOf(extension)).status).toBe('applied');
    expect(dmTexts().filter((t) => t.includes(REMOVED))).toEqual([]);
    expect(dmTexts().at(-1)).toContain("You're in");
  }, 60_000);

  it('should add the person back when the removal is recorded first, after the extension had found them still a member', async () => {
    const { grant, extension } = await grantWithPendingExtension();
    const before = world.openai.hold({ method: 'GET', path: MEMBERSHIP });
    const approving = world.settle(b, click(b, olga.slackId, ActionIds.approveRequest, extension));
    await before.reached;
    const lookFirst = world.openai.hold({ method: 'GET', path: MEMBERSHIP }, { answerFirst: true });
    before.release();
    await lookFirst.reached;

    expect((await a.sweep('requests')).report).toMatchObject({ ran: true, removals: 1, failures: [] });
    await a.idle();
    expect(member()).toBeUndefined();
    expect((await rowOf(grant)).status).toBe('revoked');
    lookFirst.release();
    await approving;

    expect(member()?.role).toBe('member');
    expect((await rowOf(extension)).status).toBe('applied');
    expect(dmTexts().findIndex((t) => t.includes(REMOVED))).toBeGreaterThan(-1);
    expect(dmTexts().at(-1)).toContain("You're in");
  }, 60_000);
});
