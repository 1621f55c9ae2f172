import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionIds } from '../../src/slack/ids.js';
import { clickButton } from '../support/click.js';
import { approve, requestRow, submitRequest } from '../support/flows.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';
import { extendFormValues } from '../support/request-form.js';

/**
 * Issue 11, point 3: an extension approved while the removal on the end date is in flight keeps
 * the access, whichever of the two reaches the database first. The fake Admin API holds one call
 * of one side until the other side is done, so the interleaving is certain, not hoped for.
 */
const MEMBERSHIP = /^\/organization\/projects\/[^/]+\/users\/[^/]+$/;
const REMOVED = 'reached its end date and was removed';

let h: Harness;
let owner: Person;
let rita: Person;
let alpha: { id: string; name: string };

beforeEach(async () => {
  // A bot admin to hear what the bot could not put right itself.
  h = await startHarness({ env: { ACCESS_ADMINS: 'UADMIN' } });
  h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  rita = h.person({ slackId: 'URITA', name: 'Rita Researcher' });
  const project = h.openai.state.addProject({ name: 'Alpha' });
  alpha = { id: project.id, name: 'Alpha' };
  h.openai.state.addProjectUser(alpha.id, owner.orgUserId as string, 'owner');
  const second = h.person({ slackId: 'UOWNER2', name: 'Otto Owner' });
  h.openai.state.addProjectUser(alpha.id, second.orgUserId as string, 'owner');
});

afterEach(async () => {
  await h.close();
});

async function sweep() {
  const report = await h.bot.jobs.requests.run();
  await h.bot.idle();
  return report;
}

const member = () => h.openai.state.projectUsers(alpha.id).find((u) => u.id === rita.orgUserId);
const dmTexts = () => h.slack.dmsTo(rita.slackId).map((m) => m.text ?? '');

/** Rita holds Alpha until 2026-11-30, was warned, and asked (pending) to extend it to 2026-12-14. */
async function grantWithPendingExtension(): Promise<{ grant: string; extension: string }> {
  const grant = await submitRequest(h, rita, {
    projectId: alpha.id,
    projectName: 'Alpha',
    endDate: '2026-11-30',
  });
  await approve(h, owner, grant);
  h.clock.set('2026-11-29T06:00:00Z');
  await sweep();
  await h.settle(clickButton(h, rita.slackId, ActionIds.extendGrant, grant));
  await h.settle(
    h.sender.viewSubmissionOf({
      userId: rita.slackId,
      view: h.slack.view(h.slack.openedViews.at(-1)?.id as string),
      values: extendFormValues('2026-12-14'),
    }),
  );
  const extension = await h.bot.db
    .selectFrom('access_requests')
    .select('id')
    .where('extends_request_id', '=', grant)
    .executeTakeFirstOrThrow();
  expect((await requestRow(h, extension.id)).status).toBe('pending');
  h.clock.set('2026-11-30T00:00:00Z');
  return { grant, extension: extension.id };
}

describe('an extension approved while the end-date removal runs', () => {
  it('should keep the person in, without a "removed" DM, when the approval lands while the delete is on its way', async () => {
    const { grant, extension } = await grantWithPendingExtension();
    const deleting = h.openai.hold({ method: 'DELETE', path: MEMBERSHIP });
    const sweeping = sweep();
    await deleting.reached;

    // The removal has read the grant and its delete is in flight: Rita is still a member, so
    // applying the extension finds nothing to add.
    await approve(h, owner, extension);
    expect((await requestRow(h, extension)).status).toBe('applied');
    expect(dmTexts().at(-1)).toContain("You're in");

    deleting.release();
    await sweeping;

    expect(member()?.role).toBe('member');
    expect((await requestRow(h, extension)).status).toBe('applied');
    expect(await requestRow(h, grant)).toMatchObject({ status: 'applied', access_ends_on: null });
    expect(dmTexts().filter((t) => t.includes(REMOVED))).toEqual([]);
    expect(dmTexts().at(-1)).toContain("You're in");

    // The extension carries on: it ends Rita's access on its own end date.
    h.clock.set('2026-12-14T00:00:00Z');
    await sweep();
    expect(member()).toBeUndefined();
  });

  it('should add the person back when the removal is recorded first, after the extension had found them still a member', async () => {
    const { grant, extension } = await grantWithPendingExtension();
    // Applying the extension reads Rita's membership twice (what she had before, then whether to
    // add her); the second reading is taken now and delivered after the removal has finished.
    const before = h.openai.hold({ method: 'GET', path: MEMBERSHIP });
    const approving = approve(h, owner, extension);
    await before.reached;
    const lookFirst = h.openai.hold({ method: 'GET', path: MEMBERSHIP }, { answerFirst: true });
    before.release();
    await lookFirst.reached;

    // Not `sweep()`: that waits for the bot's other work, and the approval is held on purpose.
    expect((await h.bot.jobs.requests.run()).removals).toBe(1);
    expect(member()).toBeUndefined();
    expect((await requestRow(h, grant)).status).toBe('revoked');

    lookFirst.release();
    await approving;

    expect(member()?.role).toBe('member');
    expect((await requestRow(h, extension)).status).toBe('applied');
    // Both true when sent, in this order: the grant ended, then the extension let her back in.
    const told = dmTexts();
    expect(told.findIndex((t) => t.includes(REMOVED))).toBeGreaterThan(-1);
    expect(told.findIndex((t) => t.includes(REMOVED))).toBeLessThan(
      told.findLastIndex((t) => t.includes("You're in")),
    );
    expect(told.at(-1)).toContain("You're in");
  });

  it('should tell the admins when putting the person back fails, since no sweep looks at the grant again', async () => {
    const { extension } = await grantWithPendingExtension();
    const deleting = h.openai.hold({ method: 'DELETE', path: MEMBERSHIP });
    const sweeping = h.bot.jobs.requests.run();
    await deleting.reached;
    await approve(h, owner, extension);
    // The removal's look before it puts the person back fails, every retry included.
    h.openai.failNext({ method: 'GET', path: MEMBERSHIP }, { status: 500, times: 10 });
    deleting.release();
    await sweeping;
    await h.bot.idle();

    expect(member()).toBeUndefined();
    const told = h.slack.dmsTo('UADMIN').map((m) => m.text ?? '');
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(
      "<@URITA>'s access to *Alpha* was extended while its old end date was being applied",
    );
    expect(told[0]).toContain('Please add them again in OpenAI');
  });
});
