import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OnboardModalFields } from '../../src/slack/ids.js';
import { renderBlocksAsText } from '../fakes/render-blocks.js';
import { type Harness, type Person, startHarness } from '../support/harness.js';
import { submitOnboarding } from '../support/onboard-form.js';

/**
 * Issue 14: `/access onboard` puts a group into a project at once, each person by exactly one
 * path, decided from one listing of org users and one of invites, with a card that counts up.
 */
const LAB = 'C0LAB00001';
const INVITES = /^\/organization\/invites$/;
const USERS = /^\/organization\/users$/;
const PROJECT_USERS = /^\/organization\/projects\/[^/]+\/users$/;
const PROJECT_USER = /^\/organization\/projects\/[^/]+\/users\/[^/]+$/;

let h: Harness;
let waits: number[];
let admin: Person;
let alpha: string;

beforeEach(async () => {
  waits = [];
  h = await startHarness({
    env: { ACCESS_ADMINS: 'UADMIN', ONBOARD_INVITES_PER_SECOND: '5' },
    // The runner's waits (pacing, Retry-After) move the test's clock: nothing sleeps.
    bot: {
      wait: async (ms) => {
        waits.push(ms);
        h.clock.advance(ms);
      },
    },
  });
  admin = h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  alpha = h.openai.state.addProject({ name: 'Alpha' }).id;
});

afterEach(async () => {
  await h.close();
});

async function onboardingRows() {
  return h.bot.db.selectFrom('access_requests').selectAll().where('onboarding_id', 'is not', null).execute();
}

const cardText = (channel: string) => {
  const card = h.slack.messages(channel).find((m) => m.text?.startsWith('Onboarding'));
  return card ? renderBlocksAsText(card.blocks ?? []) : '';
};

describe('/access onboard with a mixed group', () => {
  it('should take each person by exactly one path, from one listing each, and count up as invites are accepted', async () => {
    const mia = h.person({ slackId: 'UMIA', name: 'Mia Member' });
    const omar = h.person({ slackId: 'UOMAR', name: 'Omar Owner' });
    const oren = h.person({ slackId: 'UOREN', name: 'Oren Orgmember' });
    const pia = h.person({ slackId: 'UPIA', name: 'Pia Pending', orgMember: false });
    h.openai.state.addProjectUser(alpha, mia.orgUserId as string, 'member');
    h.openai.state.addProjectUser(alpha, omar.orgUserId as string, 'owner');
    const piaInvite = h.openai.state.addInvite({ email: pia.email, projects: [] });
    h.slack.addUser({ id: 'UBOT0001', name: 'ci-bot', email: 'ci-bot@uni.example', isBot: true });
    h.slack.addUser({ id: 'UGONE001', name: 'gone', email: 'gone@uni.example', deleted: true });
    h.slack.addChannel({
      id: LAB,
      name: 'lab',
      members: ['UADMIN', 'UMIA', 'UOREN', 'UBOT0001', 'UGONE001'],
    });

    // An invalid email is named in the emails field; nothing starts.
    const refused = await submitOnboarding(h, 'UADMIN', LAB, {
      projectName: 'Alpha',
      projectId: alpha,
      users: ['UMIA', 'UOMAR'],
      channel: LAB,
      emails: 'pia.pending@uni.example, not-an-email',
    });
    expect(refused.json).toMatchObject({
      response_action: 'errors',
      errors: { [OnboardModalFields.emails.block]: expect.stringContaining('“not-an-email”') },
    });
    expect(h.openai.calls).toHaveLength(h.openai.callCount('GET', /^\/organization\/projects$/));

    await submitOnboarding(h, 'UADMIN', LAB, {
      projectName: 'Alpha',
      projectId: alpha,
      users: ['UMIA', 'UOMAR'],
      channel: LAB,
      // Mia twice more (her email in another case), Pia pending, Nora new.
      emails: 'pia.pending@uni.example, nora.new@uni.example\nMIA.member@uni.example',
    });

    expect(h.openai.callCount('GET', USERS)).toBe(1);
    expect(h.openai.callCount('GET', INVITES)).toBe(1);
    expect(h.openai.callCount('POST', INVITES)).toBe(1);
    expect(h.openai.calls.find((c) => c.method === 'POST' && INVITES.test(c.path))?.body).toMatchObject({
      email: 'nora.new@uni.example',
      projects: [{ id: alpha, role: 'member' }],
    });
    // Oren, and Ada herself (she is in the channel, in the org, not in the project).
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(2);
    expect(h.openai.callCount('POST', PROJECT_USER)).toBe(0);
    const members = () => h.openai.state.projectUsers(alpha).map((u) => [u.email, u.role]);
    expect(members()).toContainEqual([omar.email, 'owner']);
    expect(members()).toContainEqual([oren.email, 'member']);

    const rows = await onboardingRows();
    expect(rows.map((r) => [r.requester_email, r.status]).sort()).toEqual(
      [
        [admin.email, 'applied'],
        [mia.email, 'applied'],
        ['nora.new@uni.example', 'awaiting_invite'],
        [omar.email, 'applied'],
        [oren.email, 'applied'],
        [pia.email, 'awaiting_invite'],
      ].sort(),
    );
    const decisions = await h.bot.db.selectFrom('decisions').selectAll().execute();
    expect(decisions).toHaveLength(rows.length);
    expect(new Set(decisions.map((d) => `${d.outcome} by ${d.decided_by}`))).toEqual(
      new Set(['approved by UADMIN']),
    );

    const card = cardText(LAB);
    expect(card).toContain('Alpha · 4 of 6 in · 2 invited and waiting · 0 failed');
    expect(card).toContain('<@UBOT0001> (a bot)');
    expect(card).toContain('<@UGONE001> (deactivated)');
    expect(h.slack.dmsTo('UOREN').map((m) => m.text)).toEqual([expect.stringContaining("You're in *Alpha*")]);
    expect(h.slack.dmsTo('UMIA')).toHaveLength(0);

    // The same headline in Ada's App Home, with a link to the card; kept fresh while she looks.
    await h.settle(h.sender.appHomeOpened({ userId: 'UADMIN' }));
    const home = () => renderBlocksAsText(h.slack.homeViews('UADMIN').at(-1)?.blocks ?? []);
    expect(home()).toContain('Alpha · 4 of 6 in · 2 invited and waiting · 0 failed');

    // Both accept; one invite sweep applies what waits, and the card reaches everyone.
    h.openai.state.acceptInvite(piaInvite.id);
    const noraInvite = h.openai.state.invites().find((i) => i.email === 'nora.new@uni.example');
    h.openai.state.acceptInvite(noraInvite?.id as string);
    await h.settle(h.bot.jobs.invites.run());

    expect(cardText(LAB)).toContain('Alpha · 6 of 6 in · 0 invited and waiting · 0 failed');
    // Complete: it leaves the App Home.
    expect(home()).not.toContain('My onboardings');
    // Batched: one card update for the whole sweep, not one per person.
    expect(h.slack.messages(LAB)[0]?.history.length).toBeLessThanOrEqual(4);
    expect(members()).toContainEqual([pia.email, 'member']);
    // Nora's invite carried the project; only Pia needed adding.
    expect(h.openai.callCount('POST', PROJECT_USERS)).toBe(3);
    expect(h.slack.dmsTo('UPIA').map((m) => m.text)).toContainEqual(
      expect.stringContaining("You're in *Alpha*"),
    );
    expect((await onboardingRows()).every((r) => r.status === 'applied')).toBe(true);
  });
});
