import type { ModalView } from '@slack/types';
import type { AccessRequest } from '../../db/schema.js';
import { DenyModalFields, ViewCallbackIds } from '../ids.js';
import { escapeMrkdwn, mention } from './format.js';

export function denyModal(request: AccessRequest): ModalView {
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.denyReason,
    private_metadata: JSON.stringify({ requestId: request.id }),
    title: { type: 'plain_text', text: 'Deny request' },
    submit: { type: 'plain_text', text: 'Deny' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Deny ${mention(request.requester_slack_id)} ${request.role} access to *${escapeMrkdwn(request.project_name)}*?`,
        },
      },
      {
        type: 'input',
        block_id: DenyModalFields.reason.block,
        optional: true,
        label: { type: 'plain_text', text: 'Reason (shown to the requester)' },
        element: {
          type: 'plain_text_input',
          action_id: DenyModalFields.reason.action,
          multiline: true,
          max_length: 500,
        },
      },
    ],
  };
}
