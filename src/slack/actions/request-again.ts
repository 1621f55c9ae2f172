import { loadingModal, requestModal, unavailableModal } from '../blocks/request-modal.js';
import type { ListenerServices } from '../listener-services.js';
import { modalButtonListener } from '../open-modal.js';

/** "Request again" on an expired request: the form, filled in as before. */
export const requestAgain = ({ intake }: ListenerServices) =>
  modalButtonListener({
    what: 'request form',
    loading: loadingModal,
    fill: async (click) => requestModal(await intake.requestAgainForm(click.value, click.userId)),
    unavailable: unavailableModal,
  });
