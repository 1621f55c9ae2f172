import { ACCESS_COMMAND } from '../ids.js';
import { echoTyped } from './format.js';

export const SUBCOMMANDS: readonly { usage: string; what: string }[] = [
  { usage: `${ACCESS_COMMAND}`, what: 'request access to an OpenAI project (opens a form)' },
  { usage: `${ACCESS_COMMAND} request [project]`, what: 'the same, with the project chosen' },
  { usage: `${ACCESS_COMMAND} invites`, what: 'pending OpenAI invites and what waits on them (bot admins)' },
  { usage: `${ACCESS_COMMAND} audit [project | @person]`, what: 'the last 20 audit events (bot admins)' },
  {
    usage: `${ACCESS_COMMAND} people`,
    what: 'org users with no Slack account: role, projects, last key use (bot admins)',
  },
  {
    usage: `${ACCESS_COMMAND} budget`,
    what: 'spend this period of your projects (bot admins: all), most-used first',
  },
  {
    usage: `${ACCESS_COMMAND} budget <project>`,
    what: 'one project: spend, soft budget, hard limit, forecast, when it runs out, days to reset',
  },
  {
    usage: `${ACCESS_COMMAND} budget set <project>`,
    what: 'set its soft budget, alert thresholds, reset day and hard limit (its owners and bot admins)',
  },
  {
    usage: `${ACCESS_COMMAND} budget export [from] [to] [project, …]`,
    what: 'daily costs per project as CSV, sent to you (bot admins; dates YYYY-MM-DD, default this month)',
  },
  {
    usage: `${ACCESS_COMMAND} new-project`,
    what: 'ask for a new project: owners, tier, monthly budget, allowed models (bot admins approve)',
  },
  {
    usage: `${ACCESS_COMMAND} archive <project>`,
    what: 'archive a project for good (its owners ask, bot admins approve or archive directly)',
  },
  {
    usage: `${ACCESS_COMMAND} service-account [project]`,
    what: 'ask for a service account (its own key, for a production service); the owners approve, you see the key once',
  },
  {
    usage: `${ACCESS_COMMAND} service-accounts <project>`,
    what: 'a project’s service accounts and their keys, with Rotate and Delete (its owners and bot admins)',
  },
  {
    usage: `${ACCESS_COMMAND} keys <project>`,
    what: "the project's API keys that need a look, with Delete key (its owners and bot admins)",
  },
  {
    usage: `${ACCESS_COMMAND} project <project> tier production|staging|development|research`,
    what: "set a project's tier (bot admins); without `tier …` it shows it",
  },
  {
    usage: `${ACCESS_COMMAND} onboard [project]`,
    what: 'put a group (people, a channel, pasted emails) into a project at once (its owners and bot admins)',
  },
  { usage: `${ACCESS_COMMAND} help`, what: 'this list' },
];

export function helpText(unknown?: string): string {
  const intro = unknown
    ? `I don't know \`${ACCESS_COMMAND} ${echoTyped(unknown)}\`. Here is what I can do:`
    : 'Here is what I can do:';
  return [intro, ...SUBCOMMANDS.map((c) => `• \`${c.usage}\`: ${c.what}`)].join('\n');
}
