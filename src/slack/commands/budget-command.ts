import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { describeAdminFailure } from '../../openai/admin-errors.js';
import type { BudgetReport } from '../../services/budget-report.js';
import type { BudgetSettings } from '../../services/budget-settings.js';
import type { CostExport } from '../../services/cost-export.js';
import {
  budgetDetailAnswer,
  budgetFormView,
  budgetOverviewAnswer,
  costExportText,
} from '../blocks/budget-answers.js';
import { budgetLoadingModal, budgetNoticeModal } from '../blocks/budget-modal.js';
import { failureText } from '../blocks/failure-text.js';
import { escapeMrkdwn } from '../blocks/format.js';
import { ACCESS_COMMAND } from '../ids.js';
import { openModalThenFill } from '../open-modal.js';
import type { Respond } from '../respond.js';
import type { BudgetCommand } from './parse-access-command.js';

export interface BudgetCommandServices {
  budgetReport: BudgetReport;
  budgetSettings: BudgetSettings;
  costExport: CostExport;
}

type CommandArgs = Pick<
  AllMiddlewareArgs & SlackCommandMiddlewareArgs,
  'ack' | 'command' | 'client' | 'logger'
> & {
  respond: Respond;
};

/**
 * `/access budget …`, dispatched from the `/access` listener. Acknowledges at once, then reads
 * OpenAI and answers privately (or opens the budget modal, loading first: the trigger id dies in 3 s).
 */
export async function budgetCommand(
  services: BudgetCommandServices,
  parsed: BudgetCommand,
  { ack, command, client, respond, logger }: CommandArgs,
): Promise<void> {
  if (parsed.kind === 'budget-set' && !parsed.project) {
    await ack({
      response_type: 'ephemeral',
      text: `Name the project: \`${ACCESS_COMMAND} budget set <project>\`.`,
    });
    return;
  }
  await ack();
  const answer = async (work: () => Promise<{ text: string; blocks?: KnownBlock[] }>, failure: string) => {
    try {
      await respond({ response_type: 'ephemeral', ...(await work()) });
    } catch (error) {
      logger.warn(`${failure}: ${describeAdminFailure(error)}`);
      await respond({ response_type: 'ephemeral', text: `${failure}. ${failureText(error)}` });
    }
  };
  const slackId = command.user_id;
  switch (parsed.kind) {
    case 'budget':
      await answer(
        async () =>
          parsed.project
            ? budgetDetailAnswer(await services.budgetReport.detail(slackId, parsed.project))
            : budgetOverviewAnswer(await services.budgetReport.overview(slackId)),
        'Could not read the budgets',
      );
      return;
    case 'budget-export':
      await answer(
        async () => ({ text: costExportText(await services.costExport.exportCosts(slackId, parsed)) }),
        'Could not export the costs',
      );
      return;
    case 'budget-set': {
      const opened = await openModalThenFill(
        { client, logger, triggerId: command.trigger_id },
        {
          what: 'budget form',
          loading: budgetLoadingModal(),
          fill: async () =>
            budgetFormView(
              await services.budgetSettings.settingsForm(slackId, { typed: parsed.project ?? '' }),
            ),
          unavailable: (reason) => budgetNoticeModal(`:warning: ${escapeMrkdwn(reason)}`),
        },
      );
      if (!opened) {
        await respond({
          response_type: 'ephemeral',
          text: 'Slack would not open the budget form; please try again.',
        });
      }
      return;
    }
  }
}
