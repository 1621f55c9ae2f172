import type { KeyActions } from '../../services/key-actions.js';
import { escapeMrkdwn } from '../blocks/format.js';
import { deleteKeyModal, keyLoadingModal, keyNoticeModal } from '../blocks/key-answers.js';
import { modalButtonListener } from '../open-modal.js';

/** Delete key on a key report: the confirmation, after the clicker's right was checked from current data. */
export const deleteKey = (services: { keyActions: KeyActions }) =>
  modalButtonListener({
    what: 'key confirmation',
    loading: keyLoadingModal,
    fill: async (click) => deleteKeyModal(await services.keyActions.deleteForm(click.userId, click.value)),
    unavailable: (reason) => keyNoticeModal(`:warning: ${escapeMrkdwn(reason)}`),
  });
