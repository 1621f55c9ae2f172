import type { Logger } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { describeAdminFailure } from '../services/access-requests.js';

/**
 * A trigger id dies 3 s after the click or command, and filling a form can take longer (it asks
 * OpenAI), so: open a loading modal at once, then replace it with the real one, or with a
 * sentence saying what failed. False when Slack would not open the modal at all.
 */
export async function openModalThenFill(
  args: { client: WebClient; logger: Logger; triggerId: string },
  modal: {
    what: string;
    loading: ModalView;
    fill: () => Promise<ModalView>;
    unavailable: (reason: string) => ModalView;
  },
): Promise<boolean> {
  const { client, logger, triggerId } = args;
  let viewId: string | undefined;
  try {
    viewId = (await client.views.open({ trigger_id: triggerId, view: modal.loading })).view?.id;
  } catch (error) {
    logger.error(`Could not open the ${modal.what}: ${String(error)}`);
    return false;
  }
  if (!viewId) return false;
  let view: ModalView;
  try {
    view = await modal.fill();
  } catch (error) {
    logger.error(`Could not load the ${modal.what}: ${describeAdminFailure(error)}`);
    view = modal.unavailable(`Could not load the ${modal.what} from OpenAI. ${describeAdminFailure(error)}`);
  }
  await client.views.update({ view_id: viewId, view });
  return true;
}
