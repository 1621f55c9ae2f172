import type { ModalView } from '@slack/types';
import { keysIn } from '../../domain/offboarding.js';
import type { OffboardingCardView } from '../../services/offboarding-notices.js';
import { KeepModalFields, ViewCallbackIds } from '../ids.js';
import { cutToLength, escapeMrkdwn } from './format.js';
import { keyLine, personLabel } from './offboarding-card.js';

/** "Remove from OpenAI?": names what goes (org membership, each project and role, each key). */
export function removeConfirmModal(view: OffboardingCardView): ModalView {
  const { facts } = view;
  const projects = facts.projects.map((p) => {
    const keys = keysIn(facts, p.projectId).map((k) => `\n   ◦ ${keyLine(k, false)}`);
    return `• *${escapeMrkdwn(p.projectName)}* (${p.role})${keys.join('')}`;
  });
  const keyCount = facts.keys.length;
  const text = [
    `Remove ${personLabel(facts)} from the OpenAI organization?`,
    projects.length ? `They leave:\n${projects.join('\n')}` : 'They are in no project.',
    keyCount
      ? `Their ${keyCount} API key${keyCount === 1 ? '' : 's'} stop working at once. Each project's owners are told which.`
      : facts.keysListed
        ? 'They have no API keys.'
        : 'Their API keys could not be listed; any they have stop working.',
    'This cannot be undone from Slack: they would need a new invite.',
  ].join('\n\n');
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.offboardRemove,
    private_metadata: JSON.stringify({ cardId: view.card.id }),
    title: { type: 'plain_text', text: 'Remove from OpenAI' },
    submit: { type: 'plain_text', text: 'Remove' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: cutToLength(text, 2900) } }],
  };
}

/** "Keep": the reason is required, recorded and shown on the card. */
export function keepReasonModal(view: OffboardingCardView): ModalView {
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.offboardKeep,
    private_metadata: JSON.stringify({ cardId: view.card.id }),
    title: { type: 'plain_text', text: 'Keep in OpenAI' },
    submit: { type: 'plain_text', text: 'Keep' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `Keep ${personLabel(view.facts)} in the OpenAI organization?` },
      },
      {
        type: 'input',
        block_id: KeepModalFields.reason.block,
        label: { type: 'plain_text', text: 'Why (recorded in the audit trail)' },
        element: {
          type: 'plain_text_input',
          action_id: KeepModalFields.reason.action,
          multiline: true,
          max_length: 500,
        },
      },
    ],
  };
}
