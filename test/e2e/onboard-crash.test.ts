import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderBlocksAsText } from '../fakes/render-blocks.js';
import { onboardFormValues } from '../support/onboard-form.js';
import { type ProcessWorld, startProcessWorld } from '../support/process-world.js';

/**
 * Issue 14, point 4: a bot process killed (SIGKILL) right after half of a group's invites were
 * created, the last of them not recorded yet, is resumed by the next process from the stored
 * plan: every step is done once, and nobody gets a second invite.
 */
const LAB = 'C0LAB00001';
const INVITES = /^\/organization\/invites$/;
const MINUTE = 60_000;
const EMAILS = Array.from({ length: 6 }, (_, i) => `student${i + 1}@uni.example`);

let world: ProcessWorld;
let alpha: string;

beforeEach(async () => {
  world = await startProcessWorld({ env: { ACCESS_ADMINS: 'UADMIN', ONBOARD_INVITES_PER_SECOND: '50' } });
  world.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  world.slack.addChannel({ id: LAB, name: 'lab' });
  alpha = world.openai.state.addProject({ name: 'Alpha' }).id;
});

afterEach(async () => {
  await world.close();
});

const steps = async () =>
  (await world.db()).selectFrom('onboarding_steps').select(['email', 'state']).orderBy('seq').execute();

// Two real bot processes (TypeScript through tsx): slow to start on a loaded machine.
describe('a bot process killed halfway through a group onboarding', { timeout: 120_000 }, () => {
  it('should resume from the stored plan after a restart, inviting nobody twice', async () => {
    const doomed = await world.boot({ CRASH_AT: 'onboard-halfway' });
    await world.settle(
      doomed,
      doomed.sender.slashCommand({ userId: 'UADMIN', text: 'onboard Alpha', channelId: LAB }),
    );
    const view = world.slack.view(world.slack.openedViews.at(-1)?.id as string);
    await Promise.allSettled([
      doomed.sender.viewSubmissionOf({
        userId: 'UADMIN',
        view,
        values: onboardFormValues({ projectId: alpha, emails: EMAILS.join('\n') }),
      }),
    ]);
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // It died as the third invite came back: that one (and any other create then in flight)
    // exists in OpenAI but is not recorded as done.
    const sentBeforeCrash = world.openai.callCount('POST', INVITES);
    expect(sentBeforeCrash).toBeGreaterThanOrEqual(3);
    const recorded = (await steps()).filter((s) => s.state === 'waiting').length;
    expect(recorded).toBeLessThan(sentBeforeCrash);

    const successor = await world.boot();
    // The dead process's lease on the onboarding lapses first (2 minutes).
    world.clock.advance(3 * MINUTE);
    const first = (await successor.sweep('onboardings')).report;
    await successor.idle();
    const second = (await successor.sweep('onboardings')).report;

    expect(first).toMatchObject({ ran: true, resumed: 1, steps: 6 - recorded });
    expect(second).toMatchObject({ ran: true, resumed: 0 });
    expect(world.openai.callCount('POST', INVITES)).toBe(6);
    expect(
      world.openai.state
        .invites()
        .map((i) => i.email)
        .sort(),
    ).toEqual([...EMAILS].sort());
    expect((await steps()).every((s) => s.state === 'waiting')).toBe(true);
    const requests = await (await world.db()).selectFrom('access_requests').selectAll().execute();
    expect(requests.map((r) => r.requester_email).sort()).toEqual([...EMAILS].sort());
    const card = world.slack.messages(LAB).find((m) => m.text?.startsWith('Onboarding'));
    expect(renderBlocksAsText(card?.blocks ?? [])).toContain(
      'Alpha · 0 of 6 in · 6 invited and waiting · 0 failed',
    );
  });
});
