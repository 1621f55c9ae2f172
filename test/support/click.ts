import type { Harness } from './harness.js';

function hasButton(blocks: unknown, actionId: string, value: string): boolean {
  return (
    JSON.stringify(blocks ?? []).includes(`"action_id":"${actionId}"`) &&
    JSON.stringify(blocks).includes(`"value":"${value}"`)
  );
}

/**
 * Clicks a button the way Slack would deliver it: on the newest message the person can see
 * (their DM with the bot, or a channel) that carries it, or on an older copy (`stale`) when
 * their Slack had not refreshed yet. Someone who never received the button sends a forged
 * click from their own DM, which the bot must refuse on its own data.
 */
export function clickButton(
  h: Pick<Harness, 'slack' | 'sender'>,
  userId: string,
  actionId: string,
  value: string,
  channels: string[] = [],
) {
  const visible = [...h.slack.dmsTo(userId), ...channels.flatMap((c) => h.slack.messages(c))].reverse();
  const current = visible.find((m) => hasButton(m.blocks, actionId, value));
  if (current) return h.sender.blockAction({ userId, actionId, value, messageTs: current.ts });
  const older = visible.find((m) => m.history.some((v) => hasButton(v.blocks, actionId, value)));
  if (older) return h.sender.blockAction({ userId, actionId, value, messageTs: older.ts, stale: true });
  return h.sender.blockAction({ userId, actionId, value, channelId: h.slack.dmChannelFor(userId) });
}
