import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import {
  ADMIN_CHANNEL,
  cardIdOf,
  cardText,
  clickCard,
  deactivate,
  lastDmText,
  offboardingWorld,
} from '../support/offboarding-world.js';
import { submitOnboarding } from '../support/onboard-form.js';

/**
 * Issue 12 (remember who is who) meets issue 14 (group onboarding): a person onboarded by a pasted
 * email has no Slack id yet, and their grant names them `email:<address>`. That placeholder is not
 * a Slack user, so it must never be remembered as one: the owners of a project are found by it
 * when someone leaves, and a DM to `email:…` reaches nobody.
 */
let h: Harness;
let w: ReturnType<typeof offboardingWorld>;

beforeEach(async () => {
  h = await startHarness({
    now: '2026-12-03T09:00:00Z',
    env: { ACCESS_ADMINS: 'UADMIN', ADMIN_CHANNEL },
    bot: { slackPageDelayMs: 0, wait: async (ms) => h.clock.advance(ms) },
  });
  w = offboardingWorld(h);
});

afterEach(async () => {
  await h.close();
});

describe('a person onboarded by a pasted email', () => {
  it('should not be remembered under a placeholder Slack id, so they are told as an owner when someone leaves', async () => {
    const nora = 'nora.new@uni.example';
    await submitOnboarding(h, 'UADMIN', ADMIN_CHANNEL, {
      projectName: 'Alpha',
      projectId: w.alpha.id,
      role: 'owner',
      emails: nora,
    });
    const invite = h.openai.state.invites().find((i) => i.email === nora);
    h.openai.state.acceptInvite(invite?.id as string, { name: 'Nora New' });
    await h.settle(h.bot.jobs.invites.run());
    expect(h.openai.state.projectUsers(w.alpha.id).find((u) => u.email === nora)?.role).toBe('owner');

    const people = await h.bot.db.selectFrom('people').select('slack_user_id').execute();
    expect(people.map((p) => p.slack_user_id).filter((id) => !/^[UW][A-Z0-9]+$/.test(id))).toEqual([]);

    // Nora joins Slack; then Bob leaves Alpha's organization, and both of its other owners hear of it.
    h.slack.addUser({ id: 'UNORA', name: 'Nora New', email: nora });
    await deactivate(h, w.bob);
    const cardId = await cardIdOf(h, w.bob.orgUserId as string);
    const modal = await clickCard(h, w.admin, 'remove', cardId);
    await h.settle(h.sender.viewSubmissionOf({ userId: w.admin.slackId, view: modal.view, values: {} }));

    expect(cardText(h)).toContain('Owners told: Alpha (@Olga Owner, @Nora New)');
    expect(lastDmText(h, { slackId: 'UNORA' } as typeof w.olga)).toContain(
      'and so from *Alpha*, which you own',
    );
  });

  it('should be remembered when picked in Slack and added, so a deactivated profile without email is still matched', async () => {
    const dora = h.person({ slackId: 'UDORA', name: 'Dora Member' });
    await submitOnboarding(h, 'UADMIN', ADMIN_CHANNEL, {
      projectName: 'Alpha',
      projectId: w.alpha.id,
      users: [dora.slackId],
    });
    expect(h.openai.state.projectUsers(w.alpha.id).map((u) => u.email)).toContain(dora.email);

    // Slack empties a deactivated profile: only the match the bot stored finds her OpenAI user.
    await deactivate(h, dora, { forgetEmail: true });
    expect(await cardIdOf(h, dora.orgUserId as string)).toBeDefined();
    expect(cardText(h)).toContain('*Dora Member*');
  });

  it('should be named by their email, not a broken mention, where their grant is shown (the audit trail)', async () => {
    await submitOnboarding(h, 'UADMIN', ADMIN_CHANNEL, {
      projectName: 'Alpha',
      projectId: w.alpha.id,
      emails: 'nora_new@uni.example',
    });
    await h.settle(h.sender.slashCommand({ userId: 'UADMIN', text: 'audit alpha' }));
    const text = h.slack.responses.at(-1)?.body.text as string;
    expect(text).toContain("nora_new@uni.example's request for *Alpha* (member)");
    expect(text).not.toContain('<@email:');
  });
});
