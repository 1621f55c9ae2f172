import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { MAX_PASTED_EMAILS } from '../../domain/onboard-people.js';
import type { OnboardOutcome } from '../../services/onboardings.js';
import type { RequestFormData } from '../../services/request-intake.js';
import { OnboardModalFields, ViewCallbackIds } from '../ids.js';
import { escapeMrkdwn } from './format.js';
import { formLoadingModal, formUnavailableModal, projectPicker } from './request-modal.js';

const title = { type: 'plain_text' as const, text: 'Onboard a group' };

const roleOption = (role: 'member' | 'owner'): PlainTextOption => ({
  text: { type: 'plain_text', text: role === 'owner' ? 'Owner' : 'Member' },
  value: role,
});

const ONBOARD_FORM = { callbackId: ViewCallbackIds.onboard, title: title.text };

export const onboardLoadingModal = (metadata: string): ModalView =>
  formLoadingModal({ ...ONBOARD_FORM, metadata });

export const onboardUnavailableModal = (reason: string): ModalView =>
  formUnavailableModal(ONBOARD_FORM, reason);

/**
 * Project, role, and the people three ways (any mix; duplicates collapse): Slack users, a
 * channel's human members, pasted emails. `metadata` carries where the command was run, which
 * only decides where the card is posted.
 */
export function onboardModal(form: RequestFormData, metadata: string): ModalView {
  const { project, role, users, channel, emails } = OnboardModalFields;
  const blocks: KnownBlock[] = [];
  blocks.push(
    ...projectPicker(project, form),
    {
      type: 'input',
      block_id: role.block,
      label: { type: 'plain_text', text: 'Role' },
      element: {
        type: 'radio_buttons',
        action_id: role.action,
        initial_option: roleOption('member'),
        options: [roleOption('member'), roleOption('owner')],
      },
    },
    {
      type: 'input',
      block_id: users.block,
      optional: true,
      label: { type: 'plain_text', text: 'People in Slack' },
      element: {
        type: 'multi_users_select',
        action_id: users.action,
        placeholder: { type: 'plain_text', text: 'Choose people' },
      },
    },
    {
      type: 'input',
      block_id: channel.block,
      optional: true,
      label: { type: 'plain_text', text: 'Everyone in a channel' },
      hint: {
        type: 'plain_text',
        text: 'Its human members; bots and deactivated accounts are listed on the card, not onboarded.',
      },
      element: {
        type: 'conversations_select',
        action_id: channel.action,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        placeholder: { type: 'plain_text', text: 'Choose a channel' },
      },
    },
    {
      type: 'input',
      block_id: emails.block,
      optional: true,
      label: { type: 'plain_text', text: 'Emails' },
      hint: {
        type: 'plain_text',
        text: `Separated by commas, spaces or new lines; up to ${MAX_PASTED_EMAILS}. People not in the org yet get an invite that carries the project.`,
      },
      element: {
        type: 'plain_text_input',
        action_id: emails.action,
        multiline: true,
        placeholder: { type: 'plain_text', text: 'ada@uni.example, grace@uni.example' },
      },
    },
  );
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.onboard,
    private_metadata: metadata,
    title,
    submit: { type: 'plain_text', text: 'Onboard' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** A link to a posted message, e.g. an onboarding's card. */
export function messageLink(card: { channel: string | null; ts: string | null }): string | null {
  if (!card.channel || !card.ts) return null;
  return `https://slack.com/archives/${card.channel}/p${card.ts.replace('.', '')}`;
}

/** Why a submitted onboarding did not start, for the person who submitted it. */
export function onboardRefusalText(outcome: Exclude<OnboardOutcome, { ok: true }>): string {
  switch (outcome.why) {
    case 'not_allowed':
      return `Only bot admins and the owners of ${escapeMrkdwn(outcome.projectName)} can onboard people into it.`;
    case 'no_project':
      return `The project ${escapeMrkdwn(outcome.projectId)} does not exist in OpenAI any more, or is archived.`;
    case 'nobody':
      return 'Nobody in that group can be onboarded (only bots or deactivated accounts were named).';
    case 'already_running': {
      const link = outcome.onboarding
        ? messageLink({ channel: outcome.onboarding.card_channel, ts: outcome.onboarding.card_ts })
        : null;
      return `This onboarding (same project, role and people) is already running${link ? `: <${link}|see its card>` : ''}.`;
    }
  }
}
