import { ACCESS_COMMAND } from '../ids.js';

export const SUBCOMMANDS: readonly { usage: string; what: string }[] = [
  { usage: `${ACCESS_COMMAND}`, what: 'request access to an OpenAI project (opens a form)' },
  { usage: `${ACCESS_COMMAND} request [project]`, what: 'the same, with the project chosen' },
  { usage: `${ACCESS_COMMAND} invites`, what: 'pending OpenAI invites and what waits on them (bot admins)' },
  { usage: `${ACCESS_COMMAND} audit [project | @person]`, what: 'the last 20 audit events (bot admins)' },
  { usage: `${ACCESS_COMMAND} help`, what: 'this list' },
];

export function helpText(unknown?: string): string {
  const intro = unknown
    ? `I don't know \`${ACCESS_COMMAND} ${unknown}\`. Here is what I can do:`
    : 'Here is what I can do:';
  return [intro, ...SUBCOMMANDS.map((c) => `• \`${c.usage}\`: ${c.what}`)].join('\n');
}
