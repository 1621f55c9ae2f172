import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionIds } from '../../src/slack/ids.js';
import { renderBlocksAsText } from '../fakes/render-blocks.js';
import { clickButton } from '../support/click.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';
import { onboardFormValues, startOnboarding, submitOnboarding } from '../support/onboard-form.js';

/**
 * Issue 14: who may onboard, owners never demoted but members promoted, an identical onboarding
 * refused while one runs, 429 honoured with its Retry-After, Retry and Nudge the waiting.
 */
const LAB = 'C0LAB00001';
const INVITES = /^\/organization\/invites$/;
const PROJECT_USER = /^\/organization\/projects\/[^/]+\/users\/[^/]+$/;

let h: Harness;
let waits: number[];
let olga: Person;
let alpha: string;

beforeEach(async () => {
  waits = [];
  h = await startHarness({
    env: { ACCESS_ADMINS: 'UADMIN', ONBOARD_INVITES_PER_SECOND: '5' },
    bot: {
      wait: async (ms) => {
        waits.push(ms);
        h.clock.advance(ms);
      },
    },
  });
  h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  olga = h.person({ slackId: 'UOLGA', name: 'Olga Owner' });
  alpha = h.openai.state.addProject({ name: 'Alpha' }).id;
  h.openai.state.addProjectUser(alpha, olga.orgUserId as string, 'owner');
  h.slack.addChannel({ id: LAB, name: 'lab' });
});

afterEach(async () => {
  await h.close();
});

const card = () => {
  const message = h.slack.messages(LAB).find((m) => m.text?.startsWith('Onboarding'));
  return { message, text: message ? renderBlocksAsText(message.blocks ?? []) : '' };
};
const lastDm = (userId: string) => h.slack.dmsTo(userId).at(-1)?.text ?? '';
const emails = (n: number) => Array.from({ length: n }, (_, i) => `student${i + 1}@uni.example`);

describe('who may onboard', () => {
  it('should refuse someone who is neither a bot admin nor an owner of the project, and change nothing', async () => {
    h.person({ slackId: 'URITA', name: 'Rita Researcher' });
    await submitOnboarding(h, 'URITA', LAB, {
      projectName: 'Alpha',
      projectId: alpha,
      emails: 'x@uni.example',
    });

    expect(lastDm('URITA')).toBe('Only bot admins and the owners of Alpha can onboard people into it.');
    expect(h.openai.callCount('POST', INVITES)).toBe(0);
    expect(await h.bot.db.selectFrom('onboardings').selectAll().execute()).toHaveLength(0);
  });

  it('should let an owner of the project promote its members to owner, never touching its owners', async () => {
    const mia = h.person({ slackId: 'UMIA', name: 'Mia Member' });
    h.openai.state.addProjectUser(alpha, mia.orgUserId as string, 'member');
    await submitOnboarding(h, 'UOLGA', LAB, {
      projectName: 'Alpha',
      projectId: alpha,
      role: 'owner',
      users: ['UMIA', 'UOLGA'],
    });

    expect(h.openai.callCount('POST', PROJECT_USER)).toBe(1);
    expect(
      h.openai.state
        .projectUsers(alpha)
        .map((u) => [u.email, u.role])
        .sort(),
    ).toEqual(
      [
        [mia.email, 'owner'],
        [olga.email, 'owner'],
      ].sort(),
    );
    expect(card().text).toContain('Alpha · 2 of 2 in · 0 invited and waiting · 0 failed');
    const decision = await h.bot.db.selectFrom('decisions').selectAll().executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ decided_by: 'UOLGA', decided_as: 'owner', outcome: 'approved' });
  });
});

describe('the card', () => {
  it('should go to the actor by DM when the bot cannot post where the command was run', async () => {
    h.slack.addChannel({ id: 'C0CLOSED01', name: 'closed', botIsMember: false });
    await submitOnboarding(h, 'UADMIN', 'C0CLOSED01', {
      projectName: 'Alpha',
      projectId: alpha,
      emails: 'x@uni.example',
    });

    expect(h.slack.messages('C0CLOSED01')).toHaveLength(0);
    const dm = h.slack.dmsTo('UADMIN').find((m) => m.text?.startsWith('Onboarding'));
    expect(renderBlocksAsText(dm?.blocks ?? [])).toContain(
      'Alpha · 0 of 1 in · 1 invited and waiting · 0 failed',
    );
  });
});

describe('an onboarding under way', () => {
  it('should answer an identical second onboarding "already running" with a link to its card', async () => {
    // Both forms open before either is sent: the second is sent while the first one runs.
    const formOf = async () => {
      await h.settle(h.sender.slashCommand({ userId: 'UADMIN', text: 'onboard Alpha', channelId: LAB }));
      return h.slack.view(h.slack.openedViews.at(-1)?.id as string);
    };
    const [firstForm, secondForm] = [await formOf(), await formOf()];
    const held = h.openai.hold({ method: 'POST', path: INVITES });
    await h.sender.viewSubmissionOf({
      userId: 'UADMIN',
      view: firstForm,
      values: onboardFormValues({ projectId: alpha, emails: emails(2).join(' ') }),
    });
    await held.reached;
    const told = h.slack.hold('chat.postMessage', (args) => args.channel === 'UADMIN');
    await h.sender.viewSubmissionOf({
      userId: 'UADMIN',
      view: secondForm,
      // The same people, named in another order.
      values: onboardFormValues({ projectId: alpha, emails: [...emails(2)].reverse().join('\n') }),
    });
    const refusal = await told.reached;
    told.release();
    held.release();
    await h.bot.idle();

    const ts = String(card().message?.ts).replace('.', '');
    expect(refusal.args.text).toBe(
      `This onboarding (same project, role and people) is already running: <https://slack.com/archives/${LAB}/p${ts}|see its card>.`,
    );
    expect(await h.bot.db.selectFrom('onboardings').selectAll().execute()).toHaveLength(1);
    expect(h.openai.callCount('POST', INVITES)).toBe(2);
  });

  it('should wait out a 429 for its Retry-After, list again, and finish with one invite each', async () => {
    const second = h.openai.hold({ method: 'POST', path: INVITES });
    // Hold the first create instead, then make the second one answer 429.
    const sent = startOnboarding(h, 'UADMIN', LAB, {
      projectName: 'Alpha',
      projectId: alpha,
      emails: emails(4).join(','),
    });
    await sent;
    await second.reached;
    const third = h.openai.hold({ method: 'POST', path: INVITES });
    second.release();
    await third.reached;
    h.openai.failNext({ method: 'POST', path: INVITES }, { status: 429, headers: { 'retry-after': '7' } });
    third.release();
    await h.bot.idle();

    expect(waits).toContain(7000);
    // Paced at 5 a second: every create waited its 200 ms slot.
    expect(waits.filter((ms) => ms === 200).length).toBeGreaterThanOrEqual(2);
    expect(h.openai.callCount('POST', INVITES)).toBe(5);
    expect(h.openai.callCount('GET', INVITES)).toBe(2);
    const invited = h.openai.state
      .invites()
      .map((i) => i.email)
      .sort();
    expect(invited).toEqual(emails(4).sort());
    expect(card().text).toContain('Alpha · 0 of 4 in · 4 invited and waiting · 0 failed');
  });

  it('should list the invites again once for a burst of 429s, not once per 429, and invite each person once', async () => {
    // Every create in flight (four at a time) is answered 429 first: one burst.
    h.openai.failNext(
      { method: 'POST', path: INVITES },
      { status: 429, headers: { 'retry-after': '1' }, times: 4 },
    );
    await submitOnboarding(h, 'UADMIN', LAB, {
      projectName: 'Alpha',
      projectId: alpha,
      emails: emails(6).join(','),
    });
    await h.bot.idle();

    expect(
      h.openai.calls.filter((c) => c.method === 'POST' && INVITES.test(c.path)).map((c) => c.status),
    ).toEqual([429, 429, 429, 429, 200, 200, 200, 200, 200, 200]);
    // The plan's listing, and one more for the burst (the old runner listed after every 429: 5).
    expect(h.openai.callCount('GET', INVITES)).toBe(2);
    expect(waits).toContain(1000);
    const invited = h.openai.state
      .invites()
      .map((i) => i.email)
      .sort();
    expect(invited).toEqual(emails(6).sort());
    expect(card().text).toContain('Alpha · 0 of 6 in · 6 invited and waiting · 0 failed');
  });

  it('should retry a failed invite on Retry and nudge the waiting, telling the admins who is not in Slack', async () => {
    const pia = h.person({ slackId: 'UPIA', name: 'Pia Pending', orgMember: false });
    h.openai.failNext(
      { method: 'POST', path: INVITES },
      {
        status: 400,
        body: {
          error: { message: 'Invites are paused', type: 'invalid_request_error', param: null, code: null },
        },
      },
    );
    await submitOnboarding(h, 'UADMIN', LAB, {
      projectName: 'Alpha',
      projectId: alpha,
      users: ['UPIA'],
      emails: 'nora.new@uni.example',
    });
    expect(card().text).toContain('Alpha · 0 of 2 in · 1 invited and waiting · 1 failed');
    expect(card().text).toContain('Invites are paused');
    const id = (await h.bot.db.selectFrom('onboardings').select('id').executeTakeFirstOrThrow()).id;

    h.person({ slackId: 'URITA', name: 'Rita Researcher' });
    await h.settle(clickButton(h, 'URITA', ActionIds.onboardRetry, id, [LAB]));
    expect(h.openai.callCount('POST', INVITES)).toBe(2);
    await h.settle(clickButton(h, 'UADMIN', ActionIds.onboardRetry, id, [LAB]));
    expect(h.openai.callCount('POST', INVITES)).toBe(3);
    expect(card().text).toContain('Alpha · 0 of 2 in · 2 invited and waiting · 0 failed');

    h.clock.advance(3 * 3600_000);
    await h.settle(clickButton(h, 'UADMIN', ActionIds.onboardNudge, id, [LAB]));
    expect(lastDm('UPIA')).toContain('is waiting for you in *Alpha*');
    const failedFirst = h.openai.state.invites().some((i) => i.email === pia.email);
    expect(failedFirst).toBe(true);
    expect(h.slack.dmsTo('UADMIN').map((m) => m.text)).toContainEqual(
      expect.stringContaining('• nora.new@uni.example'),
    );
    expect(card().text).toContain('waiting 3 h');
  });
});
