/**
 * Shapes of secrets that must never reach a log line or an error message, whatever code wrote
 * them: OpenAI keys, Slack bot/user/app tokens and bearer headers.
 */
const SECRET_SHAPES = [
  /sk-[A-Za-z0-9_-]{6,}/g,
  /xox[abposr]-[A-Za-z0-9-]{6,}/g,
  /xapp-[A-Za-z0-9-]{6,}/g,
  /(authorization["']?\s*[:=]\s*["']?Bearer\s+)[^\s"',]+/gi,
];

/**
 * `text` with every one of `secrets` and anything shaped like a key or token replaced by
 * `[redacted]`. Secrets shorter than 6 characters are skipped: replacing them would mangle
 * ordinary words and hide nothing worth hiding.
 *
 * @example redact('key sk-admin-AbC123xyz', []) // 'key [redacted]'
 */
export function redact(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret.length >= 6) clean = clean.split(secret).join('[redacted]');
  for (const shape of SECRET_SHAPES) {
    clean = clean.replace(shape, (match, prefix?: string) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return clean;
}
