import type { BlockAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

/**
 * Answers the person who clicked, privately: through the message's response_url when the click
 * was on a message, or as a DM when it came from the App Home tab (which has none).
 */
export async function tellClicker(
  args: { body: BlockAction; respond: RespondFn; client: WebClient },
  text: string,
): Promise<void> {
  if (args.body.response_url) {
    await args.respond({ response_type: 'ephemeral', replace_original: false, text });
    return;
  }
  await args.client.chat.postMessage({ channel: args.body.user.id, text });
}
