/** Small mrkdwn helpers shared by the Block Kit builders. */

/** A Slack date token: each reader sees their own time zone; the fallback is UTC. */
export function slackDate(at: Date | string): string {
  const instant = new Date(at);
  const unix = Math.floor(instant.getTime() / 1000);
  const fallback = `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${unix}^{date_short_pretty} at {time}|${fallback}>`;
}

/** A calendar day (YYYY-MM-DD) shown as a date token at midnight UTC. */
export function slackDay(day: string): string {
  const unix = Math.floor(new Date(`${day}T00:00:00Z`).getTime() / 1000);
  return `<!date^${unix}^{date_long}|${day}>`;
}

export function mention(userId: string): string {
  return `<@${userId}>`;
}

export function mentionAll(userIds: readonly string[]): string {
  if (userIds.length === 0) return 'nobody';
  const mentions = userIds.map(mention);
  if (mentions.length === 1) return mentions[0] as string;
  return `${mentions.slice(0, -1).join(', ')} and ${mentions.at(-1)}`;
}

/** Escapes the three characters mrkdwn treats as control characters in user-typed text. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Section text is limited to 3000 characters; keep room for the label. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 12)}… (truncated)`;
}

/** How much of what a person typed is quoted back to them: enough to recognise it, never a wall of text. */
export const ECHO_CHARS = 80;

/**
 * What a person typed, quoted back in mrkdwn: trimmed, cut to `max` characters (whole code
 * points, so an emoji is never halved) with an ellipsis, then escaped (so no entity is cut).
 *
 * Example: echoTyped('x'.repeat(10_000)) → 'xxx…x…' (80 characters and the ellipsis)
 */
export function echoTyped(typed: string, max = ECHO_CHARS): string {
  const kept: string[] = [];
  for (const char of typed.trim()) {
    if (kept.length === max) return `${escapeMrkdwn(kept.join(''))}…`;
    kept.push(char);
  }
  return escapeMrkdwn(kept.join(''));
}
