import type { KnownBlock, ModalView } from '@slack/types';
import type { DeleteForm, DeleteOutcome, KeyRefusal, KeysAnswer } from '../../services/key-actions.js';
import type { KeyHygieneSettings } from '../../services/key-hygiene.js';
import type { TierAnswer } from '../../services/project-tiers.js';
import { ACCESS_COMMAND, ViewCallbackIds } from '../ids.js';
import { unknownProjectText } from './budget-answers.js';
import { echoTyped, escapeMrkdwn, mention, slackDate } from './format.js';
import { findingBlocks, keyLine, tierText } from './key-messages.js';
import { plainMessage, type SlackMessage } from './message.js';

const TITLE = 'Delete API key';

/** `/access keys [project]`: the project's findings now, with Delete key buttons, or why not. */
export function keysAnswerMessage(answer: KeysAnswer, limits: KeyHygieneSettings): SlackMessage {
  switch (answer.kind) {
    case 'name_a_project':
      return plainMessage(
        `Name the project: \`${ACCESS_COMMAND} keys <project>\` (its owners and bot admins).`,
      );
    case 'unknown_project':
      return plainMessage(
        unknownProjectText(answer.typed, answer.suggestions).replace(' budget`', ' keys <project>`'),
      );
    case 'not_allowed':
      return plainMessage(
        `Only owners of *${escapeMrkdwn(answer.projectName)}* (in OpenAI) and bot admins can see its API keys.`,
      );
    case 'overview': {
      if (answer.projects.length === 0)
        return plainMessage('No open key findings: every reported key was dealt with.');
      const lines = answer.projects.slice(0, 40).map((p) => `• *${escapeMrkdwn(p.name)}*: ${p.open} open`);
      return plainMessage(`Open key findings as last reported, by project:\n${lines.join('\n')}`);
    }
    case 'findings': {
      const name = escapeMrkdwn(answer.project.name);
      const head = `:key: *${name}* (${tierText(answer.tier)}): ${answer.keys} API key${answer.keys === 1 ? '' : 's'}, ${answer.findings.length} need${answer.findings.length === 1 ? 's' : ''} a look.`;
      if (answer.findings.length === 0) return plainMessage(head);
      const blocks: KnownBlock[] = [
        { type: 'section', text: { type: 'mrkdwn', text: head } },
        ...findingBlocks(
          answer.project,
          answer.findings.map((finding) => ({ finding, deletedBy: null })),
          limits,
        ),
      ];
      return { text: head, blocks };
    }
  }
}

export function keyRefusalText(refusal: KeyRefusal): string {
  switch (refusal.kind) {
    case 'not_allowed':
      return `Only owners of *${escapeMrkdwn(refusal.projectName)}* (in OpenAI) and bot admins can delete its API keys.`;
    case 'unknown_project':
      return `OpenAI has no project ${escapeMrkdwn(refusal.projectId)} any more.`;
    case 'already_gone':
      return `This key of *${escapeMrkdwn(refusal.projectName)}* is already deleted.`;
    case 'service_account_key':
      return 'A service account’s key cannot be deleted on its own: delete the service account in OpenAI instead.';
    case 'unreadable':
      return 'This button could not be read. Run the key check again.';
  }
}

export function keyNoticeModal(text: string): ModalView {
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.deleteKey,
    title: { type: 'plain_text', text: TITLE },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

export function keyLoadingModal(): ModalView {
  return keyNoticeModal(':hourglass_flowing_sand: Reading the key from OpenAI…');
}

/** The confirmation: which key, whose, and when it was last used, before anything is deleted. */
export function deleteKeyModal(form: DeleteForm): ModalView {
  if (form.kind === 'refused') return keyNoticeModal(keyRefusalText(form.refusal));
  const { key } = form.finding;
  const used =
    key.lastUsedAt === null
      ? 'It was never used.'
      : `It was last used ${slackDate(new Date(key.lastUsedAt * 1000))}: anything still running on it stops.`;
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.deleteKey,
    title: { type: 'plain_text', text: TITLE },
    submit: { type: 'plain_text', text: 'Delete key' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ key: form.value }),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Delete ${keyLine(form.finding)} from *${escapeMrkdwn(form.project.name)}*?\n${used}\nThis cannot be undone.`,
        },
      },
    ],
  };
}

export function deleteOutcomeText(outcome: DeleteOutcome): string {
  if (outcome.kind === 'refused') return keyRefusalText(outcome.refusal);
  const what = `${escapeMrkdwn(outcome.keyLabel)} of *${escapeMrkdwn(outcome.project.name)}*`;
  return outcome.kind === 'deleted'
    ? `:white_check_mark: Deleted ${what} in OpenAI.`
    : `:white_check_mark: ${what} was already deleted; nothing left to do.`;
}

/** `/access project <project> [tier <tier>]`, answered privately. */
export function tierAnswerText(answer: TierAnswer): string {
  switch (answer.kind) {
    case 'set':
      return `*${escapeMrkdwn(answer.project.name)}* is now tier *${answer.tier}*${answer.before ? ` (was ${answer.before})` : ''}.${answer.tier === 'production' ? ' The weekly key check now reports personal keys in it.' : ''}`;
    case 'unchanged':
      return `*${escapeMrkdwn(answer.project.name)}* is tier *${answer.tier}* already.`;
    case 'shown':
      return `*${escapeMrkdwn(answer.project.name)}*: ${tierText(answer.tier)}.`;
    case 'admins_only':
      return `Only bot admins can set a project's tier: ${answer.botAdmins.map(mention).join(', ') || 'none are configured (ACCESS_ADMINS)'}.`;
    case 'unknown_project':
      return unknownProjectText(answer.typed, answer.suggestions);
    case 'unknown_tier': {
      const near = answer.suggestions.length > 0 ? ` Did you mean *${answer.suggestions[0]}*?` : '';
      return `No tier “${echoTyped(answer.typed)}”: a tier is production, staging, development or research.${near}`;
    }
  }
}
