import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionIds } from '../../src/slack/ids.js';
import { clickButton } from '../support/click.js';
import type { Person } from '../support/harness.js';
import { type ProcessWorld, startProcessWorld } from '../support/process-world.js';
import { newProjectFormValues } from '../support/project-form.js';

/**
 * Issue 13, point 8: a bot process killed right after OpenAI created the new project (the plan
 * does not know its id yet) is resumed by the next process's sweep: one project, every step once.
 */
const ADMIN_CHANNEL = 'C0ADMINS01';
const MINUTE = 60_000;

let world: ProcessWorld;
let rosa: Person;
let olga: Person;

beforeEach(async () => {
  world = await startProcessWorld({ env: { ACCESS_ADMINS: 'UADMIN', ADMIN_CHANNEL } });
  world.slack.addChannel({ id: ADMIN_CHANNEL, name: 'openai-admins' });
  rosa = world.person({ slackId: 'UROSA', name: 'Rosa Lead' });
  olga = world.person({ slackId: 'UOLGA', name: 'Olga Owner' });
  world.person({ slackId: 'UADMIN', name: 'Ada Admin' });
});

afterEach(async () => {
  await world.close();
});

describe('a new-project plan interrupted by a crash', { timeout: 60_000 }, () => {
  it('should resume after the create: one project, each step once', async () => {
    const doomed = await world.boot({ CRASH_AT: 'after-project-create' });
    await world.settle(doomed, doomed.sender.slashCommand({ userId: rosa.slackId, text: 'new-project' }));
    const form = world.slack.view(world.slack.openedViews.at(-1)?.id as string);
    const values = newProjectFormValues({
      name: 'Genomics Lab',
      purpose: 'Protein folding experiments for the 2027 grant.',
      owners: [olga.slackId],
      tier: 'staging',
      budget: '300',
      models: 'gpt-4.1',
    });
    await world.settle(doomed, doomed.sender.viewSubmissionOf({ userId: rosa.slackId, view: form, values }));
    const card = world.slack.messages(ADMIN_CHANNEL)[0];
    const requestId = JSON.stringify(card?.blocks).match(/"value":"(prq_[^"]+)"/)?.[1] as string;
    await world.settle(
      doomed,
      clickButton(
        { slack: world.slack, sender: doomed.sender },
        'UADMIN',
        ActionIds.approveProjectRequest,
        requestId,
        [ADMIN_CHANNEL],
      ),
    );
    const approval = world.slack.view(world.slack.openedViews.at(-1)?.id as string);
    await Promise.allSettled([
      doomed.sender.viewSubmissionOf({ userId: 'UADMIN', view: approval, values: {} }),
    ]);
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(world.openai.state.projects().filter((p) => p.name === 'Genomics Lab')).toHaveLength(1);

    // The dead runner's lease on the plan lapses after 2 minutes; then the sweep takes it over.
    world.clock.advance(MINUTE);
    const successor = await world.boot();
    expect((await successor.sweep('projects')).report).toMatchObject({ ran: true, resumed: 0 });
    world.clock.advance(2 * MINUTE);
    expect((await successor.sweep('projects')).report).toMatchObject({ ran: true, resumed: 1 });
    await successor.idle();
    expect((await successor.sweep('projects')).report).toMatchObject({ ran: true, resumed: 0 });

    const projects = world.openai.state.projects().filter((p) => p.name === 'Genomics Lab');
    expect(projects).toHaveLength(1);
    const id = projects[0]?.id as string;
    expect(world.openai.callCount('POST', '/organization/projects')).toBe(1);
    expect(world.openai.state.projectUsers(id).map((u) => u.email)).toEqual([olga.email]);
    expect(world.openai.callCount('POST', /\/spend_limit$/)).toBe(1);
    expect(world.openai.callCount('POST', /\/model_permissions$/)).toBe(1);
    const db = await world.db();
    const steps = await db
      .selectFrom('project_plan_steps')
      .selectAll()
      .where('request_id', '=', requestId)
      .execute();
    expect(steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    const audits = await db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', requestId)
      .execute();
    expect(audits.filter((a) => a.action === 'project_plan.create_project.done')).toHaveLength(1);
    const summaries = world.slack.dmsTo(rosa.slackId).filter((m) => (m.text ?? '').includes('is set up'));
    expect(summaries).toHaveLength(1);
  });
});
