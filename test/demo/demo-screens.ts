/**
 * What people see, printed: each screen is a short header naming who sees what, then the Slack
 * message, modal or Home tab rendered as text (test/fakes/render-blocks.ts), or what OpenAI's
 * dashboard would list. Every screen is also kept in `world.screens` for demo.test.ts.
 */
import type { FakeMessage } from '../fakes/fake-slack.js';
import { renderBlocksAsText, renderViewAsText } from '../fakes/render-blocks.js';
import type { Person, World } from './demo-world.js';

/** How many DMs each person had before a step, so the step can show only what it added. */
export function dmMarks(world: World, people: Person[]): Map<Person, number> {
  return new Map(people.map((p) => [p, world.slack.dmsTo(p.slackId).length]));
}

/** Every DM a step added, thread replies shown as such (they sit under an earlier message). */
export function showNewDms(world: World, marks: Map<Person, number>): void {
  for (const [person, before] of marks) {
    for (const message of world.slack.dmsTo(person.slackId).slice(before)) {
      const inThread = message.threadTs && message.threadTs !== message.ts;
      showMessage(
        world,
        `${person.name} sees (${inThread ? 'a reply in the thread of the DM about it' : 'DM from OpenAI Access'})`,
        message,
      );
    }
  }
}

export function showMessage(world: World, header: string, message: FakeMessage): void {
  show(world, header, renderBlocksAsText(message.blocks, message.text, names(world)));
}

/** A bare mrkdwn answer (the HTTP answer to a slash command), mentions as names. */
export function showText(world: World, header: string, mrkdwn: string): void {
  show(world, header, renderBlocksAsText(undefined, mrkdwn, names(world)));
}

// biome-ignore lint/suspicious/noExplicitAny: Block Kit views are free-form JSON, as in the fake.
export function showView(world: World, header: string, view: any): void {
  show(world, header, renderViewAsText(view, names(world)));
}

/** The private answer to a slash command (posted to its response_url), as the person sees it. */
export function showLastAnswer(world: World, who: Person): void {
  const answer = world.slack.ephemerals(who.slackId).at(-1);
  if (!answer) throw new Error(`${who.name} got no answer`);
  show(
    world,
    `${who.name} sees (only visible to you)`,
    renderBlocksAsText(answer.blocks, answer.text, names(world)),
  );
}

/** What an admin would see on platform.openai.com: the project's members, read from the fake's state. */
export function showProjectMembers(world: World, projectId: string, projectName: string): void {
  const members = world.openai.state
    .projectUsers(projectId)
    .map((u) => `• ${u.name} <${u.email}>: ${u.role}`);
  show(world, `OpenAI shows (${projectName} › Members)`, members.join('\n'));
}

export function showInvites(world: World): void {
  const invites = world.openai.state.invites().map((invite) => {
    const projects = invite.projects
      .map((p) => `${world.openai.state.project(p.id)?.name ?? p.id} (${p.role})`)
      .join(', ');
    return `• ${invite.email}: ${invite.status}, joins ${projects || 'no project'} on acceptance`;
  });
  show(world, 'OpenAI shows (Organization › Invites)', invites.join('\n'));
}

/** `<@U…>` rendered as `@Name`, as Slack shows a mention. */
function names(world: World) {
  return { userName: (id: string) => world.slack.userName(id) };
}

export function show(world: World, header: string, body: string): void {
  const screen = `── ${header} ──\n${body}`;
  world.screens.push(screen);
  for (const line of screen.split('\n')) world.print(line);
  world.print('');
}

export function step(world: World, n: number, what: string): void {
  world.print('');
  world.print(`━━━ ${n}. ${what} ━━━`);
  world.print('');
}

export function narrate(world: World, what: string): void {
  world.print(`   ${what}`);
}

/** `GET /organization/projects/proj_abc/users` → `GET /organization/projects/{project}/users`. */
export function idsAsPlaceholders(path: string): string {
  return path
    .replace(/\/proj_[^/]+/g, '/{project}')
    .replace(/\/user-[^/]+/g, '/{user}')
    .replace(/\/invite-[^/]+/g, '/{invite}');
}

export function tally(items: string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, count]) => `${String(count).padStart(3)} × ${item}`).join('\n');
}
