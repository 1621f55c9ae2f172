import type { KnownBlock } from '@slack/types';

/** A message as chat.postMessage and chat.update take it: blocks, and the text notifications show. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A button-bearing DM: a short text and one action. */
export function messageWithButton(
  text: string,
  button: { actionId: string; label: string; value: string; style?: 'primary' | 'danger' },
): SlackMessage {
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: button.actionId,
            text: { type: 'plain_text', text: button.label },
            value: button.value,
            ...(button.style ? { style: button.style } : {}),
          },
        ],
      },
    ],
  };
}

export function plainMessage(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
