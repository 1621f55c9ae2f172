import { OnboardModalFields } from '../../src/slack/ids.js';
import type { Harness } from './harness.js';

/** `view.state.values` exactly as Slack sends them for the onboarding modal. */
export function onboardFormValues(input: {
  projectId: string;
  role?: 'member' | 'owner';
  users?: string[];
  channel?: string | null;
  emails?: string | null;
}): Record<string, Record<string, unknown>> {
  const { project, role, users, channel, emails } = OnboardModalFields;
  const option = (value: string) => ({ value, text: { type: 'plain_text', text: value } });
  return {
    [project.block]: {
      [project.action]: { type: 'static_select', selected_option: option(input.projectId) },
    },
    [role.block]: {
      [role.action]: { type: 'radio_buttons', selected_option: option(input.role ?? 'member') },
    },
    [users.block]: { [users.action]: { type: 'multi_users_select', selected_users: input.users ?? [] } },
    [channel.block]: {
      [channel.action]: { type: 'conversations_select', selected_conversation: input.channel ?? null },
    },
    [emails.block]: { [emails.action]: { type: 'plain_text_input', value: input.emails ?? null } },
  };
}

/** `/access onboard <project>` in `channelId`; returns the submission of the form that opened, not yet settled. */
export async function startOnboarding(
  h: Harness,
  actor: string,
  channelId: string,
  form: Parameters<typeof onboardFormValues>[0] & { projectName: string },
) {
  await h.settle(h.sender.slashCommand({ userId: actor, text: `onboard ${form.projectName}`, channelId }));
  const view = h.slack.view(h.slack.openedViews.at(-1)?.id as string);
  return h.sender.viewSubmissionOf({ userId: actor, view, values: onboardFormValues(form) });
}

/** `/access onboard <project>` in `channelId`, then submits the form that opened; returns Slack's answer to the submission. */
export async function submitOnboarding(
  h: Harness,
  actor: string,
  channelId: string,
  form: Parameters<typeof onboardFormValues>[0] & { projectName: string },
) {
  await h.settle(h.sender.slashCommand({ userId: actor, text: `onboard ${form.projectName}`, channelId }));
  const view = h.slack.view(h.slack.openedViews.at(-1)?.id as string);
  return h.settle(h.sender.viewSubmissionOf({ userId: actor, view, values: onboardFormValues(form) }));
}
