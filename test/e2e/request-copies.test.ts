import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionIds } from '../../src/slack/ids.js';
import type { FakeMessage } from '../fakes/fake-slack.js';
import { clickButton } from '../support/click.js';
import { requestRow } from '../support/flows.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';
import { requestFormValues } from '../support/request-form.js';

/**
 * Issue 11, point 5: every copy of a request shows where the request stands, also when it was
 * decided while that copy was still on its way to Slack: never a stale "pending" with live
 * buttons. The fake Slack holds one copy's post until the approval is through.
 */
let h: Harness;
let owner: Person;
let rita: Person;
let alpha: { id: string; name: string };

beforeEach(async () => {
  h = await startHarness({ env: { ACCESS_ADMINS: 'UADMIN' } });
  h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  rita = h.person({ slackId: 'URITA', name: 'Rita Researcher' });
  const project = h.openai.state.addProject({ name: 'Alpha' });
  alpha = { id: project.id, name: 'Alpha' };
  h.openai.state.addProjectUser(alpha.id, owner.orgUserId as string, 'owner');
});

afterEach(async () => {
  await h.close();
});

const blocksOf = (v: { blocks?: unknown }) => JSON.stringify(v.blocks ?? []);
/** A post to `userId`'s DM carrying a button `actionId`. */
const postTo = (userId: string, actionId: string) => (args: Record<string, unknown>) =>
  args.channel === h.slack.dmChannelFor(userId) && JSON.stringify(args.blocks ?? []).includes(actionId);
/** The copy in `userId`'s DM that showed `marker` (a button's id, a headline) in any version, as it reads now. */
function copyIn(userId: string, marker: string): FakeMessage | undefined {
  return h.slack
    .dmsTo(userId)
    .find((m) => [m, ...m.history].some((version) => blocksOf(version).includes(marker)));
}

/** Submits Rita's request form; resolves on Slack's answer, while the announcement runs on. */
async function submitWithoutWaiting(): Promise<string> {
  await h.settle(h.sender.slashCommand({ userId: rita.slackId, text: 'request Alpha' }));
  await h.sender.viewSubmissionOf({
    userId: rita.slackId,
    view: h.slack.view(h.slack.openedViews.at(-1)?.id as string),
    values: requestFormValues({
      projectId: alpha.id,
      role: 'member',
      justification: 'Running evaluation jobs for my thesis chapter on retrieval.',
    }),
  });
  const row = await h.bot.db
    .selectFrom('access_requests')
    .select('id')
    .where('requester_slack_id', '=', rita.slackId)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Clicks Approve as `who` and waits until the approval told Rita she is in (its last step). */
async function approveUntilToldIn(who: string, id: string): Promise<void> {
  const toldIn = h.slack.hold(
    'chat.postMessage',
    (args) => args.channel === h.slack.dmChannelFor(rita.slackId) && String(args.text).includes("You're in"),
  );
  await clickButton(h, who, ActionIds.approveRequest, id);
  await toldIn.reached;
  toldIn.release();
}

describe('copies of a request decided while they are being posted', () => {
  it("should show the requester's copy as applied, without Cancel, when the approval landed before it was posted", async () => {
    const held = h.slack.hold('chat.postMessage', postTo(rita.slackId, ActionIds.cancelRequest));
    const id = await submitWithoutWaiting();
    await held.reached;

    await approveUntilToldIn(owner.slackId, id);
    expect((await requestRow(h, id)).status).toBe('applied');
    held.release();
    await h.bot.idle();

    const copy = copyIn(rita.slackId, ActionIds.cancelRequest);
    expect(copy).toBeDefined();
    expect(blocksOf(copy ?? {})).not.toContain(ActionIds.cancelRequest);
    expect(blocksOf(copy ?? {})).toContain('Approved by <@UOWNER>');
    expect(blocksOf(copy ?? {})).toContain('Added to Alpha as member.');
  });

  it("should show an approver's copy as applied, without Approve, when another approver decided before it was posted", async () => {
    const held = h.slack.hold('chat.postMessage', postTo(owner.slackId, ActionIds.approveRequest));
    const id = await submitWithoutWaiting();
    await held.reached;

    // A bot admin may decide any request, from their own DM, before the owner's copy arrives.
    await approveUntilToldIn('UADMIN', id);
    expect((await requestRow(h, id)).status).toBe('applied');
    held.release();
    await h.bot.idle();

    for (const copy of [
      copyIn(owner.slackId, ActionIds.approveRequest),
      copyIn(rita.slackId, 'Your request for member access to Alpha'),
    ]) {
      expect(copy).toBeDefined();
      expect(blocksOf(copy ?? {})).not.toContain(ActionIds.approveRequest);
      expect(blocksOf(copy ?? {})).not.toContain(ActionIds.cancelRequest);
      expect(blocksOf(copy ?? {})).toContain('Approved by <@UADMIN>');
      expect(blocksOf(copy ?? {})).toContain('Added to Alpha as member.');
    }
  });
});
