import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AccessRequestService } from '../../services/access-requests.js';
import { describeAdminFailure } from '../../services/access-requests.js';
import { loadingModal, unavailableModal } from '../blocks/request-modal.js';

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
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: loadingModal() });
    const viewId = opened.view?.id;
    if (!viewId) return;
    try {
      const form = await services.requests.requestAgainForm(action.value ?? '', body.user.id);
      await client.views.update({ view_id: viewId, view: form });
    } catch (error) {
      logger.error(`Could not load the form again: ${String(error)}`);
      await client.views.update({ view_id: viewId, view: unavailableModal(describeAdminFailure(error)) });
    }
  };
}
