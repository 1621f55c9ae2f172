import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { MAX_PASTED_EMAILS, mergeCandidates, parsePastedEmails } from '../../domain/onboard-people.js';
import { ProjectRole } from '../../domain/request-status.js';
import { failureText } from '../blocks/failure-text.js';
import { echoTyped } from '../blocks/format.js';
import { onboardRefusalText } from '../blocks/onboard-modal.js';
import { OnboardModalFields } from '../ids.js';
import type { ListenerServices } from '../listener-services.js';
import { slackPeopleOf } from '../onboard-people.js';
import { privateMetadataOf } from './view-state.js';

/** The states of the onboarding form's inputs, as Slack submits them. */
const OnboardState = z.object({
  [OnboardModalFields.project.block]: z.object({
    [OnboardModalFields.project.action]: z.object({
      selected_option: z.object({ value: z.string() }).nullish(),
    }),
  }),
  [OnboardModalFields.role.block]: z.object({
    [OnboardModalFields.role.action]: z.object({
      selected_option: z.object({ value: ProjectRole }).nullish(),
    }),
  }),
  [OnboardModalFields.users.block]: z
    .object({
      [OnboardModalFields.users.action]: z.object({ selected_users: z.array(z.string()).nullish() }),
    })
    .optional(),
  [OnboardModalFields.channel.block]: z
    .object({
      [OnboardModalFields.channel.action]: z.object({ selected_conversation: z.string().nullish() }),
    })
    .optional(),
  [OnboardModalFields.emails.block]: z
    .object({ [OnboardModalFields.emails.action]: z.object({ value: z.string().nullish() }) })
    .optional(),
});

const Metadata = z.object({ channel: z.string().nullish() });

/**
 * The onboarding form: emails are checked before the modal closes (the bad ones named in the
 * field); then the modal closes, the Slack users and channel are resolved, and the service
 * re-checks the submitter's right and starts. A refusal reaches the submitter by DM.
 */
export function onboardSubmitted({ onboardings, notifier }: ListenerServices) {
  return async function onboardSubmittedListener({
    ack,
    body,
    view,
    client,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> {
    const state = OnboardState.safeParse(view.state.values);
    if (!state.success) {
      // The loading or "unavailable" version of the modal has no inputs.
      await ack();
      return;
    }
    const { project, role, users, channel, emails } = OnboardModalFields;
    const values = state.data;
    const projectId = values[project.block]?.[project.action]?.selected_option?.value;
    const chosenRole = values[role.block]?.[role.action]?.selected_option?.value ?? 'member';
    const userIds = values[users.block]?.[users.action]?.selected_users ?? [];
    const channelId = values[channel.block]?.[channel.action]?.selected_conversation ?? undefined;
    const pasted = parsePastedEmails(values[emails.block]?.[emails.action]?.value ?? '');
    const errors: Record<string, string> = {};
    if (!projectId) errors[project.block] = 'Choose a project.';
    if (pasted.invalid.length > 0) {
      const shown = pasted.invalid.slice(0, 10).map((w) => `“${echoTyped(w, 60)}”`);
      const more = pasted.invalid.length > 10 ? ` and ${pasted.invalid.length - 10} more` : '';
      errors[emails.block] = `Not email addresses: ${shown.join(', ')}${more}. Fix or remove them.`;
    } else if (pasted.tooMany) {
      errors[emails.block] =
        `${pasted.emails.length} emails: at most ${MAX_PASTED_EMAILS} at once. Split the group.`;
    }
    if (userIds.length === 0 && !channelId && pasted.emails.length === 0 && !errors[emails.block]) {
      errors[users.block] = 'Name at least one person: choose people, a channel, or paste emails.';
    }
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const actor = body.user.id;
    const metadata = Metadata.safeParse(privateMetadataOf(view));
    try {
      const fromSlack = await slackPeopleOf(client, { userIds, channelId });
      const people = mergeCandidates([
        fromSlack.candidates,
        pasted.emails.map((email) => ({ email, slackId: null })),
      ]);
      const outcome = await onboardings.start(actor, {
        projectId: projectId as string,
        role: chosenRole,
        people,
        skipped: fromSlack.skipped,
        originChannel: metadata.success ? (metadata.data.channel ?? null) : null,
      });
      if (!outcome.ok) await notifier.answerPrivately(actor, onboardRefusalText(outcome));
    } catch (error) {
      logger.error(`An onboarding failed to start: ${String(error)}`);
      await notifier
        .answerPrivately(
          actor,
          `The onboarding did not start: ${failureText(error)} Please try again in a minute.`,
        )
        .catch(() => undefined);
    }
  };
}
