import type { ModalView } from '@slack/types';
import type { MembershipProblem } from '../../services/budget-access.js';
import type { BudgetDetailAnswer, BudgetOverview } from '../../services/budget-report.js';
import type { BudgetRefusal, Confirmation, SettingsForm } from '../../services/budget-settings.js';
import type { CostExportOutcome } from '../../services/cost-export.js';
import { ACCESS_COMMAND } from '../ids.js';
import { budgetDetailMessage, budgetOverviewMessage } from './budget-messages.js';
import { budgetNoticeModal, budgetSettingsModal } from './budget-modal.js';
import { echoTyped, escapeMrkdwn, mention } from './format.js';
import { plainMessage, type SlackMessage } from './message.js';

/** `/access budget`: the list, or why the person's projects could not be found. */
export function budgetOverviewAnswer(overview: BudgetOverview): SlackMessage {
  return overview.kind === 'overview'
    ? budgetOverviewMessage(overview)
    : plainMessage(membershipProblemText(overview.reason));
}

/** `/access budget <project>`: the project's budget, or why not. */
export function budgetDetailAnswer(answer: BudgetDetailAnswer): SlackMessage {
  switch (answer.kind) {
    case 'detail':
      return budgetDetailMessage(answer.detail);
    case 'unknown_project':
      return plainMessage(unknownProjectText(answer.typed, answer.suggestions));
    case 'not_member': {
      const name = escapeMrkdwn(answer.projectName);
      return plainMessage(
        `Only members of *${name}* and bot admins can see its budget. \`/access request ${name}\` asks to join it.`,
      );
    }
  }
}

/** `/access budget Alpah`: never a trace, the closest names instead; a long text is quoted back cut short. */
export function unknownProjectText(typed: string, suggestions: readonly { name: string }[]): string {
  const what = `No project “${echoTyped(typed)}”.`;
  if (suggestions.length === 0) return `${what} \`${ACCESS_COMMAND} budget\` lists your projects.`;
  return `${what} Did you mean ${suggestions.map((s) => `*${escapeMrkdwn(s.name)}*`).join(', ')}?`;
}

export function membershipProblemText(problem: MembershipProblem): string {
  return problem.kind === 'no_email'
    ? 'Your Slack profile has no confirmed email, so OpenAI cannot be matched to you. Ask a bot admin.'
    : `${escapeMrkdwn(problem.email)} is not a member of the OpenAI organization, so you have no projects yet. \`/access\` asks for one.`;
}

export function limitRefusalText(projectName: string): string {
  return `Only an owner of ${escapeMrkdwn(projectName)} (in OpenAI) or a bot admin can change its budget or hard limit.`;
}

/** Why the budget form cannot be shown or saved, in the modal or as the amount field's error. */
export function budgetRefusalText(refusal: BudgetRefusal): string {
  switch (refusal.kind) {
    case 'unknown_project':
      return unknownProjectText(refusal.typed, refusal.suggestions);
    case 'no_such_project':
      return `OpenAI has no project ${refusal.projectId}.`;
    case 'not_allowed':
      return limitRefusalText(refusal.projectName);
  }
}

/** Why a hard-limit confirmation was not accepted. */
export function confirmationRefusalText(confirmation: Exclude<Confirmation, { kind: 'accepted' }>): string {
  return confirmation.kind === 'unreadable'
    ? 'This confirmation could not be read. Open the budget again and save once more.'
    : budgetRefusalText(confirmation.refusal);
}

/** `/access budget export …` answered privately; the file itself went to the DM. */
export function costExportText(outcome: CostExportOutcome): string {
  switch (outcome.kind) {
    case 'refused':
      return `Only bot admins can export costs: ${outcome.botAdmins.map(mention).join(', ') || 'none are configured (ACCESS_ADMINS)'}.`;
    case 'bad_range':
      return outcome.problem;
    case 'unknown_project':
      return unknownProjectText(outcome.typed, outcome.suggestions);
    case 'no_history':
      return 'The bot has not stored any costs yet: its budget sweep stores them every BUDGET_SWEEP_SECONDS. Try again after it ran.';
    case 'sent':
      return `Sent ${outcome.filename} (${outcome.rows} row${outcome.rows === 1 ? '' : 's'}) to your DM with the bot.`;
  }
}

/** The budget modal for a project, or a modal saying why not. */
export function budgetFormView(form: SettingsForm): ModalView {
  return form.kind === 'form'
    ? budgetSettingsModal(form.input)
    : budgetNoticeModal(budgetRefusalText(form.refusal));
}
