import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import { loadingModal, unavailableModal } from '../blocks/request-modal.js';
import { openModalThenFill } from '../open-modal.js';

/** "Request again" on an expired request: the form, filled in as before. */
export function requestAgain(services: { requests: AccessRequestService }) {
  return async function requestAgainListener({
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
        what: 'request form',
        loading: loadingModal(),
        fill: () => services.requests.requestAgainForm(action.value ?? '', body.user.id),
        unavailable: unavailableModal,
      },
    );
  };
}
