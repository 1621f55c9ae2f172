/**
 * Who an onboarding is for, from the three inputs of its form (Slack users, a channel's members,
 * pasted emails). Pure: the Slack side resolves users and channels to emails, this decides what
 * counts, what collapses and what is named back as invalid.
 */

/** Pasted emails accepted in one onboarding. */
export const MAX_PASTED_EMAILS = 1000;

/** Deliberately plain: one @, a dot in the domain, no spaces or brackets. OpenAI checks the rest. */
const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

export interface PastedEmails {
  /** Lowercased, duplicates collapsed, in the order first typed. */
  emails: string[];
  /** What was typed that is no email, as typed (each once). */
  invalid: string[];
  /** More than MAX_PASTED_EMAILS distinct emails were pasted. */
  tooMany: boolean;
}

/**
 * Splits pasted text on commas, semicolons, spaces and new lines. `"Rita <rita@uni.example>"`
 * style entries keep the address in the brackets.
 *
 * Example: parsePastedEmails('a@x.org, B@x.org\nnot-an-email a@x.org')
 *   → { emails: ['a@x.org', 'b@x.org'], invalid: ['not-an-email'], tooMany: false }
 */
export function parsePastedEmails(text: string | undefined): PastedEmails {
  const emails: string[] = [];
  const seen = new Set<string>();
  const invalid: string[] = [];
  const bracketed = (text ?? '').replace(/[^,;\s<>]*\s*<([^<>\s]+)>/g, ' $1 ');
  for (const raw of bracketed.split(/[\s,;]+/)) {
    const word = raw.trim().replace(/^mailto:/i, '');
    if (word === '') continue;
    if (!EMAIL.test(word)) {
      if (!invalid.includes(raw)) invalid.push(raw);
      continue;
    }
    const email = word.toLowerCase();
    if (seen.has(email)) continue;
    seen.add(email);
    emails.push(email);
  }
  return { emails, invalid, tooMany: emails.length > MAX_PASTED_EMAILS };
}

/** One person to onboard, however they were named. */
export interface Candidate {
  email: string;
  slackId: string | null;
}

/** Someone named in the form who cannot be onboarded, and why (a bot, deactivated, no email). */
export interface Skipped {
  /** A Slack user id, or what was typed. */
  who: string;
  reason: 'bot' | 'deactivated' | 'no_email';
}

/**
 * Collapses duplicates across the inputs by lowercased email; a Slack id found for an email in
 * any input is kept (the person can then be told in Slack).
 */
export function mergeCandidates(lists: readonly (readonly Candidate[])[]): Candidate[] {
  const byEmail = new Map<string, Candidate>();
  for (const list of lists) {
    for (const c of list) {
      const email = c.email.toLowerCase();
      const known = byEmail.get(email);
      if (!known) byEmail.set(email, { email, slackId: c.slackId });
      else if (!known.slackId && c.slackId) known.slackId = c.slackId;
    }
  }
  return [...byEmail.values()];
}

/** The same project, role and people give the same key, whatever order they were named in. */
export function onboardingKey(projectId: string, role: string, emails: readonly string[]): string {
  return `${projectId}|${role}|${[...new Set(emails.map((e) => e.toLowerCase()))].sort().join(',')}`;
}
