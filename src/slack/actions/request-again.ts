import type { AccessRequestService } from '../../services/access-requests.js';
import { loadingModal, unavailableModal } from '../blocks/request-modal.js';
import { modalButtonListener } from '../open-modal.js';

/** "Request again" on an expired request: the form, filled in as before. */
export const requestAgain = (services: { requests: AccessRequestService }) =>
  modalButtonListener({
    what: 'request form',
    loading: loadingModal,
    fill: (click) => services.requests.requestAgainForm(click.value, click.userId),
    unavailable: unavailableModal,
  });
