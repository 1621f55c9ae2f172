import type { BudgetService } from '../../services/budgets.js';
import { budgetLoadingModal, budgetNoticeModal } from '../blocks/budget-modal.js';
import { modalButtonListener } from '../open-modal.js';

/** "Set a budget" / "Change budget or hard limit" under `/access budget <project>`: opens the modal. */
export const editBudget = (services: { budgets: BudgetService }) =>
  modalButtonListener({
    what: 'budget form',
    loading: budgetLoadingModal,
    fill: (click) => services.budgets.settingsForm(click.userId, { id: click.value }),
    unavailable: (reason) => budgetNoticeModal(`:warning: ${reason}`),
  });
