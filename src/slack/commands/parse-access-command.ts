/** What `/access …` asked for. Pure, so every spelling is unit-tested without Slack. */
export type AccessCommand =
  | { kind: 'request'; projectHint: string | undefined }
  | { kind: 'help' }
  | { kind: 'invites' }
  | { kind: 'audit'; target: string | undefined }
  | { kind: 'unknown'; text: string };

export function parseAccessCommand(text: string | undefined): AccessCommand {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return { kind: 'request', projectHint: undefined };
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const argument = rest.join(' ').trim() || undefined;
  switch (first.toLowerCase()) {
    case 'request':
    case 'new':
      return { kind: 'request', projectHint: argument };
    case 'invites':
      return { kind: 'invites' };
    case 'audit':
      return { kind: 'audit', target: argument };
    case 'help':
    case '?':
      return { kind: 'help' };
    default:
      return { kind: 'unknown', text: trimmed };
  }
}
