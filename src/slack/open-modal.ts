import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  Logger,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { describeAdminFailure } from '../openai/admin-errors.js';

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
    /** Builds the failure modal; `reason` is plain text (OpenAI's words included), escaped by the builder. */
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

/**
 * A button whose click opens a form that takes a moment to fill (it asks OpenAI): ack, then
 * open-and-fill. The button's value only names something; the filler decides from current data
 * what the clicker may see and change.
 */
export function modalButtonListener(modal: {
  what: string;
  loading: () => ModalView;
  fill: (click: { value: string; userId: string }) => Promise<ModalView>;
  /** Builds the failure modal; `reason` is plain text (OpenAI's words included), escaped by the builder. */
  unavailable: (reason: string) => ModalView;
}) {
  return async function modalButtonClicked({
    ack,
    action,
    body,
    client,
    logger,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>): Promise<void> {
    await ack();
    await openModalThenFill(
      { client, logger, triggerId: body.trigger_id },
      {
        what: modal.what,
        loading: modal.loading(),
        fill: () => modal.fill({ value: action.value ?? '', userId: body.user.id }),
        unavailable: modal.unavailable,
      },
    );
  };
}
