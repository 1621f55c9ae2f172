/** What `/access …` asked for. Pure, so every spelling is unit-tested without Slack. */
export type AccessCommand =
  | { kind: 'request'; projectHint: string | undefined }
  | { kind: 'help' }
  | { kind: 'invites' }
  | { kind: 'audit'; target: string | undefined }
  | { kind: 'people' }
  | BudgetCommand
  | { kind: 'new-project' }
  | { kind: 'archive'; project: string | undefined }
  | ServiceAccountCommand
  | KeyCommand
  | { kind: 'onboard'; project: string | undefined }
  | { kind: 'unknown'; text: string };

/** `/access service-account [project]` (the request form), `/access service-accounts <project>` (the list). */
export type ServiceAccountCommand =
  | { kind: 'service-account'; projectHint: string | undefined }
  | { kind: 'service-accounts'; project: string | undefined };

/** `/access keys [project]`, `/access project <project> [tier <tier>]`. */
export type KeyCommand =
  | { kind: 'keys'; project: string | undefined }
  | { kind: 'project'; project: string | undefined; tier: string | undefined };

/** `/access budget …`: the list, one project, its settings, or a CSV export. */
export type BudgetCommand =
  | { kind: 'budget'; project: string | undefined }
  | { kind: 'budget-set'; project: string | undefined }
  | { kind: 'budget-export'; from: string | undefined; to: string | undefined; projects: string[] };

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
    case 'people':
      return { kind: 'people' };
    case 'budget':
    case 'budgets':
      return parseBudgetCommand(rest);
    case 'new-project':
    case 'newproject':
      return { kind: 'new-project' };
    case 'archive':
      return { kind: 'archive', project: argument };
    case 'service-account':
    case 'serviceaccount':
      return { kind: 'service-account', projectHint: argument };
    case 'service-accounts':
    case 'serviceaccounts':
      return { kind: 'service-accounts', project: argument };
    case 'keys':
    case 'key':
      return { kind: 'keys', project: argument };
    case 'project':
      return parseProjectCommand(rest);
    case 'onboard':
      return { kind: 'onboard', project: argument };
    case 'help':
    case '?':
      return { kind: 'help' };
    default:
      return { kind: 'unknown', text: trimmed };
  }
}

const DATE_LIKE = /^\d{4}-\d{1,2}-\d{1,2}$/;

/**
 * `budget [project]`, `budget set <project>`, `budget export [from] [to] [project, project…]`.
 * Export dates come first (YYYY-MM-DD); what follows is a comma-separated list of projects.
 */
function parseBudgetCommand(words: readonly string[]): BudgetCommand {
  const [first = '', ...rest] = words;
  const joined = (parts: readonly string[]) => parts.join(' ').trim() || undefined;
  switch (first.toLowerCase()) {
    case 'set':
    case 'edit':
      return { kind: 'budget-set', project: joined(rest) };
    case 'export':
    case 'csv': {
      const dates: string[] = [];
      while (dates.length < 2 && DATE_LIKE.test(rest[dates.length] ?? ''))
        dates.push(rest[dates.length] ?? '');
      const projects = (joined(rest.slice(dates.length)) ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name.length > 0);
      return { kind: 'budget-export', from: dates[0], to: dates[1], projects };
    }
    default:
      return { kind: 'budget', project: joined(words) };
  }
}

/** `project <name…> tier <tier>`: the last word `tier` splits the name (which may have spaces) from the tier. */
function parseProjectCommand(words: readonly string[]): KeyCommand {
  const at = words.map((w) => w.toLowerCase()).lastIndexOf('tier');
  if (at < 0) return { kind: 'project', project: words.join(' ').trim() || undefined, tier: undefined };
  return {
    kind: 'project',
    project: words.slice(0, at).join(' ').trim() || undefined,
    tier: words
      .slice(at + 1)
      .join(' ')
      .trim(),
  };
}
