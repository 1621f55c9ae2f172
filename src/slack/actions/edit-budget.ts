import type { BudgetSettings } from '../../services/budget-settings.js';
import { budgetFormView } from '../blocks/budget-answers.js';
import { budgetLoadingModal, budgetNoticeModal } from '../blocks/budget-modal.js';
import { escapeMrkdwn } from '../blocks/format.js';
import { modalButtonListener } from '../open-modal.js';

/** "Set a budget" / "Change budget or hard limit" under `/access budget <project>`: opens the modal. */
export const editBudget = (services: { budgetSettings: BudgetSettings }) =>
  modalButtonListener({
    what: 'budget form',
    loading: budgetLoadingModal,
    fill: async (click) =>
      budgetFormView(await services.budgetSettings.settingsForm(click.userId, { id: click.value })),
    unavailable: (reason) => budgetNoticeModal(`:warning: ${escapeMrkdwn(reason)}`),
  });
