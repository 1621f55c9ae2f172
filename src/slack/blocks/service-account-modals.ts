import type { KnownBlock, ModalView } from '@slack/types';
import type { ServiceAccountFormData } from '../../services/service-account-requests.js';
import { ActionIds, ServiceAccountModalFields, ViewCallbackIds } from '../ids.js';
import { escapeMrkdwn } from './format.js';
import { formLoadingModal, formUnavailableModal, projectPicker } from './request-modal.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

function modal(
  callbackId: string,
  title: string,
  blocks: KnownBlock[],
  extra: Partial<ModalView> = {},
): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: { type: 'plain_text', text: title },
    close: { type: 'plain_text', text: 'Close' },
    blocks,
    ...extra,
  };
}

const SERVICE_ACCOUNT_FORM = { callbackId: ViewCallbackIds.requestServiceAccount, title: 'Service account' };

export const serviceAccountLoadingModal = (): ModalView => formLoadingModal(SERVICE_ACCOUNT_FORM);

export const serviceAccountUnavailableModal = (reason: string): ModalView =>
  formUnavailableModal(SERVICE_ACCOUNT_FORM, reason);

/** The request form: project, name, what it is for, optional end date. */
export function serviceAccountRequestModal(input: ServiceAccountFormData): ModalView {
  const { project, name, purpose, endDate } = ServiceAccountModalFields;
  const blocks: KnownBlock[] = [
    section(
      'A service account has its own API key, which keeps working when people leave: the right home for a production service. The project’s owners approve; you then see the key once.',
    ),
  ];
  blocks.push(
    ...projectPicker(project, input),
    {
      type: 'input',
      block_id: name.block,
      label: { type: 'plain_text', text: 'Name' },
      hint: { type: 'plain_text', text: 'How it shows in OpenAI, e.g. grading-pipeline-prod.' },
      element: { type: 'plain_text_input', action_id: name.action, max_length: 64 },
    },
    {
      type: 'input',
      block_id: purpose.block,
      label: { type: 'plain_text', text: 'What is it for?' },
      hint: { type: 'plain_text', text: 'What will run with its key? The project’s owners decide on this.' },
      element: { type: 'plain_text_input', action_id: purpose.action, multiline: true, max_length: 2000 },
    },
    {
      type: 'input',
      block_id: endDate.block,
      optional: true,
      label: { type: 'plain_text', text: 'Remove it on' },
      hint: {
        type: 'plain_text',
        text: 'The account and its keys are deleted at the start of this day (UTC); owners are warned 7 days and 1 day before. Leave empty to keep it.',
      },
      element: { type: 'datepicker', action_id: endDate.action },
    },
  );
  return modal(ViewCallbackIds.requestServiceAccount, 'Service account', blocks, {
    submit: { type: 'plain_text', text: 'Ask the owners' },
    close: { type: 'plain_text', text: 'Cancel' },
  });
}

/** Opened at the click, before the key exists (the trigger lives 3 s; making a key may take longer). */
export function keyLoadingModal(): ModalView {
  return modal(ViewCallbackIds.showKey, 'Your key', [
    section(':hourglass_flowing_sand: Creating the key in OpenAI…'),
  ]);
}

export interface KeyModalInput {
  requestId: string;
  projectName: string;
  accountName: string;
  keyId: string;
  /** The secret: this view is the only place it is ever put. */
  secret: string;
  rotation: boolean;
  roleNone: boolean;
}

/**
 * The one place a secret is shown. It is not stored by the bot anywhere; once this window is
 * closed it cannot be shown again.
 */
export function keyModal(input: KeyModalInput): ModalView {
  const blocks: KnownBlock[] = [
    section(
      `Key of the service account *${escapeMrkdwn(input.accountName)}* in *${escapeMrkdwn(input.projectName)}* (\`${escapeMrkdwn(input.keyId)}\`). Copy it now: *it is shown this once* and the bot does not keep it.`,
    ),
    { type: 'section', text: { type: 'plain_text', text: input.secret, emoji: false } },
    section(
      ':lock: Store it in your secrets manager (e.g. Vault, AWS/GCP Secrets Manager, 1Password, your CI’s secret store) and give it to your service from there. Never paste it into chat, a ticket, a notebook or code, and never commit it.',
    ),
  ];
  if (input.roleNone) {
    blocks.push(
      section(
        ':warning: This account has role *none* in the project (it was created without project membership), so this key cannot use the project until an owner gives the account a role in OpenAI.',
      ),
    );
  }
  if (input.rotation) {
    blocks.push(
      section(
        'This key belongs to a *replacement* account. Put it in place, check your service works with it, then delete the old account (and with it the old key):',
      ),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ActionIds.confirmRotation,
            text: { type: 'plain_text', text: 'The new key works: delete the old account' },
            style: 'danger',
            value: input.requestId,
            confirm: {
              title: { type: 'plain_text', text: 'Delete the old account?' },
              text: { type: 'plain_text', text: 'Everything still using the old key stops working at once.' },
              confirm: { type: 'plain_text', text: 'Delete it' },
              deny: { type: 'plain_text', text: 'Not yet' },
            },
          },
        ],
      },
    );
  }
  return modal(ViewCallbackIds.showKey, 'Your key', blocks, {
    close: { type: 'plain_text', text: 'I stored it' },
  });
}

/** The click changed nothing: why, and (when a key was shown or the button expired) a new-key request. */
export function keyRefusedModal(text: string, offerNewKeyFor: string | undefined): ModalView {
  const blocks: KnownBlock[] = [section(text)];
  if (offerNewKeyFor) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ActionIds.newKey,
          text: { type: 'plain_text', text: 'Create a new key' },
          value: offerNewKeyFor,
        },
      ],
    });
  }
  return modal(ViewCallbackIds.showKey, 'Your key', blocks);
}

export function deleteServiceAccountModal(input: {
  projectId: string;
  projectName: string;
  accountId: string;
  accountName: string;
}): ModalView {
  return modal(
    ViewCallbackIds.deleteServiceAccount,
    'Delete service account',
    [
      section(
        `Delete *${escapeMrkdwn(input.accountName)}* from *${escapeMrkdwn(input.projectName)}*? Its keys stop working at once, and this cannot be undone.`,
      ),
    ],
    {
      // Only ids: the submission is authorized again from current data.
      private_metadata: JSON.stringify({ projectId: input.projectId, accountId: input.accountId }),
      submit: { type: 'plain_text', text: 'Delete' },
      close: { type: 'plain_text', text: 'Cancel' },
    },
  );
}
