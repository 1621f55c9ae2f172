import type { PeopleAnswer } from '../../services/people-report.js';
import { cutToLength, escapeMrkdwn, mention, slackDate } from './format.js';

/** `/access people` answered: a refusal, "not checked yet", or the org users with no Slack account. */
export function peopleAnswerText(answer: PeopleAnswer): string {
  if (answer.kind === 'refused')
    return `Only bot admins can list people: ${answer.botAdmins.map(mention).join(', ') || 'none are configured (ACCESS_ADMINS)'}.`;
  if (answer.kind === 'not_checked_yet')
    return 'The daily check of Slack accounts has not run yet; it lists org users with no Slack account here once it has.';
  const heading = `Org users with no Slack account (checked ${slackDate(answer.checkedAt)})`;
  if (answer.withoutSlack.length === 0)
    return `${heading}: none. Everyone in the OpenAI organization has a Slack account.`;
  const lines = answer.withoutSlack.map((p) => {
    const who = escapeMrkdwn(p.email ?? p.name ?? 'unknown');
    const projects = p.projects.length
      ? p.projects.map((x) => `${escapeMrkdwn(x.name)} (${x.role})`).join(', ')
      : 'no projects';
    const used = p.lastKeyUseAt ? `last key use ${slackDate(p.lastKeyUseAt)}` : 'no key used';
    return `• ${who}: ${escapeMrkdwn(p.orgRole ?? 'unknown role')}; ${projects}; ${used}`;
  });
  return cutToLength(
    `${heading}, ${lines.length}:\n${lines.join('\n')}`,
    3900,
    '\n… (more; the list is cut here)',
  );
}
