import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExportAudit } from '../../src/cli/export-audit.js';
import { KeepModalFields, ViewCallbackIds } from '../../src/slack/ids.js';
import { plainText } from '../fakes/slack-request-sender.js';
import { approve, submitRequest } from '../support/flows.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  ADMIN_CHANNEL,
  cardIdOf,
  cards,
  cardText,
  clickCard,
  deactivate,
  lastDmText,
  offboardingWorld,
} from '../support/offboarding-world.js';

let h: Harness;
let w: ReturnType<typeof offboardingWorld>;

beforeEach(async () => {
  h = await startHarness({
    now: '2026-12-03T09:00:00Z',
    env: { ACCESS_ADMINS: 'UADMIN', ADMIN_CHANNEL },
    bot: { slackPageDelayMs: 0 },
  });
  w = offboardingWorld(h);
});

afterEach(async () => {
  await h.close();
});

/** Bob once asked for Gamma and got it: the bot matched his Slack account to his OpenAI user then. */
async function bobKnownToTheBot() {
  const gamma = h.openai.state.addProject({ name: 'Gamma' });
  const id = await submitRequest(h, w.bob, { projectId: gamma.id, projectName: 'Gamma' });
  await approve(h, w.admin, id);
  return gamma;
}

describe('a Slack account deactivated (user_change)', () => {
  it('should raise one card with projects, keys and what would break; Remove deletes the org user and tells the owners which keys stopped', async () => {
    await bobKnownToTheBot();
    // A profile deleted for privacy has no email left: only the stored match finds Bob.
    await deactivate(h, w.bob, { forgetEmail: true });

    expect(cards(h)).toHaveLength(1);
    const card = cardText(h);
    expect(card).toContain('*Bob Leaving* (bob.leaving@uni.example) @Bob Leaving was deactivated in Slack');
    expect(card).toContain('*Org role:* reader');
    expect(card).toMatch(
      /\*Alpha\*: member\n {3}◦ `sk-proj-\*\*\*\*\w{4}` “ci-runner”, last used .* :warning: _something may still run on this key_/,
    );
    expect(card).toContain(
      '*Beta*: owner\n   :warning: Beta would have no owner. Could take over: Carl Member.',
    );
    expect(card).toMatch(/“notebook”, never used/);
    expect(card).not.toContain('prod');
    expect(card).toContain('[ Remove from OpenAI ] [ Keep ]');

    const cardId = await cardIdOf(h, w.bob.orgUserId as string);
    const modal = await clickCard(h, w.admin, 'remove', cardId);
    expect(modal.text).toContain(
      'Remove *Bob Leaving* (bob.leaving@uni.example) from the OpenAI organization?',
    );
    expect(modal.text).toContain('Their 2 API keys stop working at once.');
    await h.settle(h.sender.viewSubmissionOf({ userId: w.admin.slackId, view: modal.view, values: {} }));

    expect(h.openai.state.user(w.bob.orgUserId as string)).toBeUndefined();
    // OpenAI disables a removed user's keys: they list as no longer having access.
    expect(h.openai.state.apiKey(w.alpha.id, w.ciKey.id)?.owner_project_access).toBe('inactive');
    expect(lastDmText(h, w.olga)).toContain(
      '*Bob Leaving* (bob.leaving@uni.example) was removed from the OpenAI organization by @Ada Admin, and so from *Alpha*, which you own. Their API keys in *Alpha* stopped working:',
    );
    expect(lastDmText(h, w.olga)).toContain('“ci-runner”');
    expect(lastDmText(h, w.olga)).not.toContain('notebook');

    // The same message, updated in place: the outcome, who decided, and no buttons.
    expect(cards(h)).toHaveLength(1);
    const decided = cardText(h);
    expect(decided).toContain(':white_check_mark: Removed from OpenAI by @Ada Admin');
    expect(decided).toContain(
      'Their 2 API keys stopped working. Owners told: Alpha (@Olga Owner). Not told: Beta: it has no other owner; Gamma: it has no other owner.',
    );
    expect(decided).not.toContain('Remove from OpenAI ]');
    expect(decided).not.toContain('[ Keep ]');
  });

  it('should act once on the same deactivation delivered twice, and not at all on a profile change', async () => {
    await deactivate(h, w.bob);
    await h.settle(h.sender.userChange({ userId: w.bob.slackId }));
    expect(cards(h)).toHaveLength(1);

    const calls = h.openai.calls.length;
    const posts = h.slack.callsTo('chat.postMessage').length;
    h.slack.updateUser(w.carl.slackId, { realName: 'Carl Renamed' });
    await h.settle(h.sender.userChange({ userId: w.carl.slackId }));
    expect(h.openai.calls.length).toBe(calls);
    expect(h.slack.callsTo('chat.postMessage').length).toBe(posts);
  });

  it('should refuse a non-admin at the click and at the submission', async () => {
    await deactivate(h, w.bob);
    const cardId = await cardIdOf(h, w.bob.orgUserId as string);
    const refused = await clickCard(h, w.olga, 'remove', cardId);
    expect(refused.view).toBeUndefined();
    expect(h.slack.ephemerals(w.olga.slackId).at(-1)?.text).toBe(
      'Only bot admins can decide about people who left: <@UADMIN>.',
    );
    // A forged submission of the confirmation modal: the service checks again.
    await h.settle(
      h.sender.viewSubmission({
        userId: w.olga.slackId,
        callbackId: ViewCallbackIds.offboardRemove,
        privateMetadata: JSON.stringify({ cardId }),
        values: {},
      }),
    );
    expect(h.openai.state.user(w.bob.orgUserId as string)).toBeDefined();
    expect(lastDmText(h, w.olga)).toBe('Only bot admins can decide about people who left: @Ada Admin.');
  });

  it('should record Keep with its reason, on the card and in the audit trail and its CSV export', async () => {
    await deactivate(h, w.bob);
    const cardId = await cardIdOf(h, w.bob.orgUserId as string);
    const modal = await clickCard(h, w.admin, 'keep', cardId);
    const empty = await h.settle(
      h.sender.viewSubmissionOf({
        userId: w.admin.slackId,
        view: modal.view,
        values: { [KeepModalFields.reason.block]: { [KeepModalFields.reason.action]: plainText('  ') } },
      }),
    );
    expect(empty.json).toMatchObject({
      response_action: 'errors',
      errors: { [KeepModalFields.reason.block]: 'Say why this person keeps their OpenAI access.' },
    });
    await h.settle(
      h.sender.viewSubmissionOf({
        userId: w.admin.slackId,
        view: modal.view,
        values: {
          [KeepModalFields.reason.block]: {
            [KeepModalFields.reason.action]: plainText('Emeritus, keeps Beta running'),
          },
        },
      }),
    );
    expect(h.openai.state.user(w.bob.orgUserId as string)).toBeDefined();
    expect(cardText(h)).toContain(':large_green_circle: Kept in OpenAI by @Ada Admin');
    expect(cardText(h)).toContain('“Emeritus, keeps Beta running”');
    expect(cardText(h)).not.toContain('[ Keep ]');

    await h.settle(h.sender.slashCommand({ userId: w.admin.slackId, text: 'audit' }));
    const audit = h.slack.ephemerals(w.admin.slackId).at(-1)?.text ?? '';
    expect(audit).toContain(
      '<@UADMIN> kept *bob.leaving@uni.example* in the OpenAI organization: “Emeritus, keeps Beta running”',
    );
    expect(audit).toContain(
      'The bot told the admins that *bob.leaving@uni.example* was deactivated in Slack',
    );

    const out: string[] = [];
    const code = await runExportAudit(
      ['--from', '2026-12-03', '--to', '2026-12-03'],
      { DATABASE_URL: h.config.DATABASE_URL },
      { stdout: (t) => out.push(t), stderr: () => undefined },
      { clock: h.clock },
    );
    expect(code).toBe(0);
    const kept = out
      .join('')
      .split('\r\n')
      .find((line) => line.includes('offboarding.kept'));
    expect(kept).toContain(`UADMIN,offboarding.kept,org_user,${w.bob.orgUserId}`);
    expect(kept).toContain('Emeritus, keeps Beta running');
  });

  it('should close the card when the account is reactivated before anyone decided', async () => {
    await deactivate(h, w.bob);
    h.slack.updateUser(w.bob.slackId, { deleted: false });
    await h.settle(h.sender.userChange({ userId: w.bob.slackId }));
    expect(cards(h)).toHaveLength(1);
    expect(cardText(h)).toContain('Reactivated in Slack');
    expect(cardText(h)).toContain('before anyone decided; nothing was changed.');
    expect(cardText(h)).not.toContain('Remove from OpenAI ]');
    expect(h.openai.state.user(w.bob.orgUserId as string)).toBeDefined();
  });

  it('should leave the card with Retry and say what was not done when OpenAI fails, and count a user already gone as removed', async () => {
    await deactivate(h, w.bob);
    const cardId = await cardIdOf(h, w.bob.orgUserId as string);
    const userPath = `/organization/users/${w.bob.orgUserId}`;
    // Three answers: the first try and the client's two retries.
    h.openai.failNext({ method: 'DELETE', path: userPath }, { status: 500, times: 3 });
    const modal = await clickCard(h, w.admin, 'remove', cardId);
    await h.settle(h.sender.viewSubmissionOf({ userId: w.admin.slackId, view: modal.view, values: {} }));

    expect(h.openai.state.user(w.bob.orgUserId as string)).toBeDefined();
    const failed = cardText(h);
    expect(failed).toContain(':x: Removal failed');
    expect(failed).toContain(
      'Not done: they are still in the OpenAI organization and their 2 API keys still work. Retry, or keep them.',
    );
    expect(failed).toContain('[ Retry removal ] [ Keep ]');
    expect(failed).toContain('OpenAI is having trouble. Not done:');
    expect(h.slack.dmsTo(w.olga.slackId)).toHaveLength(0);

    // The delete goes through but its answer is lost; the client's retry then hears 404: done.
    h.openai.failNext({ method: 'DELETE', path: userPath }, { status: 502, applyRequest: true });
    const retry = await clickCard(h, w.admin, 'remove', cardId);
    await h.settle(h.sender.viewSubmissionOf({ userId: w.admin.slackId, view: retry.view, values: {} }));
    expect(h.openai.state.user(w.bob.orgUserId as string)).toBeUndefined();
    expect(cardText(h)).toContain('Removed from OpenAI by @Ada Admin');
    expect(cardText(h)).toContain('(OpenAI had already removed them)');
    expect(lastDmText(h, w.olga)).toContain('stopped working');
  });
});

describe('a removal interrupted halfway', () => {
  it('should be shown as failed with Retry by the next sweep, and Retry should finish it', async () => {
    await deactivate(h, w.bob);
    const cardId = await cardIdOf(h, w.bob.orgUserId as string);
    // As a process that died after claiming the removal leaves it.
    await h.bot.db
      .updateTable('offboarding_cards')
      .set({ status: 'removing', decided_by: 'UADMIN', updated_at: '2026-12-03T08:00:00.000Z' })
      .where('id', '=', cardId)
      .execute();
    const report = await h.settle(h.bot.jobs.slackAccounts.run());
    expect(report.staleRemovalsFreed).toBe(1);
    expect(cardText(h)).toContain(':x: Removal interrupted');
    expect(cardText(h)).toContain('it is not known whether OpenAI did. Retry finds out');
    expect(cardText(h)).toContain('[ Retry removal ] [ Keep ]');

    const retry = await clickCard(h, w.admin, 'remove', cardId);
    await h.settle(h.sender.viewSubmissionOf({ userId: w.admin.slackId, view: retry.view, values: {} }));
    expect(h.openai.state.user(w.bob.orgUserId as string)).toBeUndefined();
    expect(cardText(h)).toContain('Removed from OpenAI by @Ada Admin');
  });
});

describe('the daily check of Slack accounts', () => {
  it('should raise the card once for a deactivation the bot missed, not again the next day, and list org users with no Slack account', async () => {
    const dora = h.openai.state.addUser({
      email: 'dora.contractor@else.example',
      name: 'Dora',
      role: 'reader',
    });
    h.openai.state.addProjectUser(w.alpha.id, dora.id, 'member');
    h.openai.state.addApiKey({
      projectId: w.alpha.id,
      owner: { userId: dora.id },
      name: 'dora-key',
      lastUsedAt: 1_764_000_000,
    });
    // Enough Slack members for two pages of users.list, and one 429 on the way.
    for (let i = 0; i < 210; i += 1)
      h.slack.addUser({ id: `UFILL${String(i).padStart(4, '0')}`, name: `fill${i}` });
    h.slack.updateUser(w.bob.slackId, { deleted: true }); // no event reaches the bot
    h.slack.failNext('users.list', { status: 429, retryAfter: 0 });

    const first = await h.settle(h.bot.jobs.slackAccounts.run());
    expect(first).toMatchObject({
      ran: true,
      checked: true,
      deactivated: 1,
      cardsRaised: 1,
      withoutSlack: 1,
      slackPages: 2,
      rateLimited: 1,
    });
    expect(cards(h)).toHaveLength(1);
    expect(cardText(h)).toContain('by the daily check of Slack accounts');
    const cursors = h.slack.callsTo('users.list').map((c) => c.args.cursor ?? null);
    expect(cursors[0]).toBeNull();
    expect(cursors.at(-1)).toBeTruthy();

    const sameDay = await h.settle(h.bot.jobs.slackAccounts.run());
    expect(sameDay.checked).toBe(false);
    h.clock.advance(25 * 3600 * 1000);
    const nextDay = await h.settle(h.bot.jobs.slackAccounts.run());
    expect(nextDay).toMatchObject({ checked: true, deactivated: 1, cardsRaised: 0 });
    expect(cards(h)).toHaveLength(1);
    // The event arriving late changes nothing either.
    await h.settle(h.sender.userChange({ userId: w.bob.slackId }));
    expect(cards(h)).toHaveLength(1);

    await h.settle(h.sender.slashCommand({ userId: w.admin.slackId, text: 'people' }));
    const people = h.slack.ephemerals(w.admin.slackId).at(-1)?.text ?? '';
    expect(people).toContain('Org users with no Slack account (checked');
    expect(people).toMatch(
      /• dora\.contractor@else\.example: reader; Alpha \(member\); last key use <!date\^1764000000/,
    );
    expect(people).not.toContain('bob.leaving');
    expect(h.slack.dmsTo(w.admin.slackId).some((m) => (m.text ?? '').includes('dora'))).toBe(false);

    await h.settle(h.sender.slashCommand({ userId: w.olga.slackId, text: 'people' }));
    expect(h.slack.ephemerals(w.olga.slackId).at(-1)?.text).toBe(
      'Only bot admins can list people: <@UADMIN>.',
    );
  });
});
