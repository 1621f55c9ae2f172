import { ActionIds } from '../../src/slack/ids.js';
import { renderBlocksAsText, renderViewAsText } from '../fakes/render-blocks.js';
import { clickButton } from './click.js';
import type { Harness, Person } from './harness.js';

export const ADMIN_CHANNEL = 'C0ADMINS01';
const DAY = 24 * 3600;

/**
 * A small organization for offboarding tests: Bob (leaving) is a member of Alpha (owned by Olga)
 * and the only owner of Beta (where Carl is a member); Bob has a key in each, the Alpha one used
 * two days ago; Alpha also runs on a service account's key, which is nobody's to lose.
 */
export function offboardingWorld(h: Harness) {
  h.slack.addChannel({ id: ADMIN_CHANNEL, name: 'openai-admins' });
  const admin = h.person({ slackId: 'UADMIN', name: 'Ada Admin' });
  const olga = h.person({ slackId: 'UOLGA', name: 'Olga Owner' });
  const bob = h.person({ slackId: 'UBOB', name: 'Bob Leaving' });
  const carl = h.person({ slackId: 'UCARL', name: 'Carl Member' });
  const s = h.openai.state;
  const alpha = s.addProject({ name: 'Alpha' });
  const beta = s.addProject({ name: 'Beta' });
  s.addProjectUser(alpha.id, olga.orgUserId as string, 'owner');
  s.addProjectUser(alpha.id, bob.orgUserId as string, 'member');
  s.addProjectUser(beta.id, bob.orgUserId as string, 'owner');
  s.addProjectUser(beta.id, carl.orgUserId as string, 'member');
  const now = Math.floor(h.clock.now().getTime() / 1000);
  const ciKey = s.addApiKey({
    projectId: alpha.id,
    owner: { userId: bob.orgUserId as string },
    name: 'ci-runner',
    createdAt: now - 90 * DAY,
    lastUsedAt: now - 2 * DAY,
  });
  const notebookKey = s.addApiKey({
    projectId: beta.id,
    owner: { userId: bob.orgUserId as string },
    name: 'notebook',
    createdAt: now - 30 * DAY,
  });
  s.addApiKey({ projectId: alpha.id, owner: { serviceAccount: { name: 'prod-service' } }, name: 'prod' });
  return { admin, olga, bob, carl, alpha, beta, ciKey, notebookKey };
}

const asText = (h: Harness, message: { blocks?: unknown[]; text?: string } | undefined) =>
  renderBlocksAsText(message?.blocks, message?.text, { userName: (id) => h.slack.userName(id) });

/** The admin channel's messages that are offboarding cards (they carry the offboarding buttons or status). */
export function cards(h: Harness) {
  return h.slack.messages(ADMIN_CHANNEL).filter((m) => (m.text ?? '').includes('was deactivated in Slack'));
}

export function cardText(h: Harness, index = -1): string {
  return asText(h, cards(h).at(index));
}

export function lastDmText(h: Harness, who: Person): string {
  return asText(h, h.slack.dmsTo(who.slackId).at(-1));
}

export async function cardIdOf(h: Harness, orgUserId: string): Promise<string> {
  const row = await h.bot.db
    .selectFrom('offboarding_cards')
    .select('id')
    .where('openai_user_id', '=', orgUserId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Deactivates the person in the fake Slack and delivers the user_change event Slack sends. */
export async function deactivate(h: Harness, who: Person, options: { forgetEmail?: boolean } = {}) {
  h.slack.updateUser(who.slackId, { deleted: true, ...(options.forgetEmail ? { email: null } : {}) });
  return h.settle(h.sender.userChange({ userId: who.slackId }));
}

/** Clicks a card button; answers the modal it opened (as text) and its view, if any. */
export async function clickCard(h: Harness, who: Person, action: 'remove' | 'keep', cardId: string) {
  const before = h.slack.openedViews.length;
  const actionId = action === 'remove' ? ActionIds.offboardRemove : ActionIds.offboardKeep;
  await h.settle(clickButton(h, who.slackId, actionId, cardId, [ADMIN_CHANNEL]));
  const opened = h.slack.openedViews.length > before ? h.slack.openedViews.at(-1) : undefined;
  const view = opened ? h.slack.view(opened.id) : undefined;
  return { view, text: view ? renderViewAsText(view) : undefined };
}
