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
  // A group onboarding's grant of someone known only by email (db/onboarding-grants.ts): no Slack
  // user to mention, so the address, as text.
  if (userId.startsWith('email:')) return escapeMrkdwn(userId.slice('email:'.length));
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

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** What a person sees as one character: an emoji with its skin tone or ZWJ family stays whole. */
function charactersOf(text: string): string[] {
  return Array.from(graphemes.segment(text), (part) => part.segment);
}

/**
 * `text` cut to at most `max` UTF-16 units (what Slack's length limits count, and never fewer
 * than code points), ending in `ellipsis` when cut; never in the middle of a character or emoji.
 */
export function cutToLength(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  return cutParts(charactersOf(text), max, ellipsis);
}

/** The first character as a person sees it (a whole emoji, not half of one). */
export function firstCharacter(text: string): string {
  return charactersOf(text)[0] ?? '';
}

/**
 * Outside text escaped for mrkdwn and cut to `max` after escaping, so neither an entity
 * (`&amp;`) nor an emoji is split and the limit holds for what Slack receives.
 */
export function escapeAndCut(text: string, max: number, ellipsis = '… (truncated)'): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  return cutParts(charactersOf(text).map(escapeMrkdwn), max, ellipsis);
}

function cutParts(parts: readonly string[], max: number, ellipsis: string): string {
  let kept = '';
  for (const part of parts) {
    if (kept.length + part.length + ellipsis.length > max) break;
    kept += part;
  }
  return `${kept}${ellipsis}`;
}

/** How much of what a person typed is quoted back to them: enough to recognise it, never a wall of text. */
export const ECHO_CHARS = 80;

/**
 * What a person typed, quoted back in mrkdwn: trimmed, cut to about `max` characters (whole
 * characters, so an emoji is never halved) with an ellipsis, then escaped (so no entity is cut).
 *
 * Example: echoTyped('x'.repeat(10_000)) → 'xxx…x…' (80 characters and the ellipsis)
 */
export function echoTyped(typed: string, max = ECHO_CHARS): string {
  return escapeMrkdwn(cutToLength(typed.trim(), max + 1));
}
