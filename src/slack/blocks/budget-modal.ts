import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { DEFAULT_THRESHOLDS, thresholdList } from '../../domain/budget-alerts.js';
import type { BudgetChange } from '../../domain/budget-form.js';
import { DEFAULT_RESET_DAY, MAX_RESET_DAY, MIN_RESET_DAY } from '../../domain/budget-period.js';
import { decimalUsd, formatUsd } from '../../domain/money.js';
import type { AppliedChange, BudgetModalInput, SettingsSubmission } from '../../services/budget-settings.js';
import type { SoftResult } from '../../services/soft-budget-change.js';
import { BudgetModalFields, ViewCallbackIds } from '../ids.js';
import { escapeMrkdwn } from './format.js';

const TITLE = 'Budget and limits';

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** Shown at once: the trigger id expires in 3 s, reading the project and its limit can take longer. */
export function budgetLoadingModal(): ModalView {
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.budgetSettings,
    title: { type: 'plain_text', text: TITLE },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [section(':hourglass_flowing_sand: Loading the budget and hard limit from OpenAI…')],
  };
}

/** A modal that only says something: a refusal, a failure, or the outcome of a change. */
export function budgetNoticeModal(text: string): ModalView {
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.budgetSettings,
    title: { type: 'plain_text', text: TITLE },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [section(text)],
  };
}

function ordinal(day: number): string {
  const suffix =
    day % 10 === 1 && day !== 11
      ? 'st'
      : day % 10 === 2 && day !== 12
        ? 'nd'
        : day % 10 === 3 && day !== 13
          ? 'rd'
          : 'th';
  return `${day}${suffix}`;
}

function resetDayOption(day: number): PlainTextOption {
  return {
    text: { type: 'plain_text', text: day === 1 ? '1st (calendar month)' : `${ordinal(day)} of each month` },
    value: String(day),
  };
}

/** The form: soft budget (amount, reset day, thresholds) and, optionally, OpenAI's hard limit. */
export function budgetSettingsModal(input: BudgetModalInput): ModalView {
  const { amount, resetDay, thresholds, hardLimitAction, hardLimitAmount } = BudgetModalFields;
  const { budget, hardLimit } = input;
  const days = Array.from({ length: MAX_RESET_DAY - MIN_RESET_DAY + 1 }, (_, i) => i + MIN_RESET_DAY);
  const keep: PlainTextOption = {
    text: { type: 'plain_text', text: hardLimit ? 'Leave the hard limit as it is' : 'No hard limit' },
    value: 'keep',
  };
  const actions: PlainTextOption[] = [
    keep,
    {
      text: { type: 'plain_text', text: hardLimit ? 'Replace the hard limit' : 'Set a hard limit' },
      description: {
        type: 'plain_text',
        text: 'OpenAI blocks the project when this month’s spend reaches it.',
      },
      value: 'set',
    },
    ...(hardLimit
      ? [{ text: { type: 'plain_text' as const, text: 'Remove the hard limit' }, value: 'remove' }]
      : []),
  ];
  const hardNow = hardLimit
    ? `${formatUsd(hardLimit.thresholdCents)} a month${hardLimit.enforcing ? ', *enforcing: the project is blocked now*' : ', not enforcing'}`
    : 'none';
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.budgetSettings,
    private_metadata: JSON.stringify({ projectId: input.project.id }),
    title: { type: 'plain_text', text: TITLE },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        `*${escapeMrkdwn(input.project.name)}*\nThe soft budget only alerts: at each threshold the admin channel and the project’s owners hear about it once. Nothing is blocked.`,
      ),
      {
        type: 'input',
        block_id: amount.block,
        optional: true,
        label: { type: 'plain_text', text: 'Soft budget per period (USD)' },
        hint: {
          type: 'plain_text',
          text: budget ? 'Leave empty to remove the budget.' : 'In dollars, e.g. 500 or 1,250.50.',
        },
        element: {
          type: 'plain_text_input',
          action_id: amount.action,
          ...(budget ? { initial_value: decimalUsd(budget.amountCents) } : {}),
          placeholder: { type: 'plain_text', text: 'e.g. 500' },
        },
      },
      {
        type: 'input',
        block_id: resetDay.block,
        label: { type: 'plain_text', text: 'A period starts on day (UTC)' },
        hint: {
          type: 'plain_text',
          text: 'The 1st for calendar months, or your billing-anniversary day (1–28).',
        },
        element: {
          type: 'static_select',
          action_id: resetDay.action,
          options: days.map(resetDayOption),
          initial_option: resetDayOption(budget?.resetDay ?? DEFAULT_RESET_DAY),
        },
      },
      {
        type: 'input',
        block_id: thresholds.block,
        optional: true,
        label: { type: 'plain_text', text: 'Alert at (% of the budget)' },
        hint: {
          type: 'plain_text',
          text: `Whole percentages; empty means ${DEFAULT_THRESHOLDS.join(', ')}.`,
        },
        element: {
          type: 'plain_text_input',
          action_id: thresholds.action,
          initial_value: (budget?.thresholds ?? DEFAULT_THRESHOLDS).join(', '),
        },
      },
      { type: 'divider' },
      section(
        `*Hard limit (OpenAI):* ${hardNow}\n:warning: A hard limit cuts the project off when it is hit. On a customer-facing project, prefer the soft budget and its alerts.`,
      ),
      {
        type: 'input',
        block_id: hardLimitAction.block,
        label: { type: 'plain_text', text: 'Hard limit' },
        element: {
          type: 'radio_buttons',
          action_id: hardLimitAction.action,
          options: actions,
          initial_option: keep,
        },
      },
      {
        type: 'input',
        block_id: hardLimitAmount.block,
        optional: true,
        label: { type: 'plain_text', text: 'Hard limit per month (USD)' },
        hint: { type: 'plain_text', text: 'Only used when setting or replacing the hard limit.' },
        element: {
          type: 'plain_text_input',
          action_id: hardLimitAmount.action,
          ...(hardLimit ? { initial_value: decimalUsd(hardLimit.thresholdCents) } : {}),
        },
      },
    ],
  };
}

/** What the soft part of a change does, in one sentence. */
export function softChangeText(change: BudgetChange): string {
  return change.soft.action === 'set'
    ? `Soft budget: ${formatUsd(change.soft.amountCents)} per period, starting on day ${change.soft.resetDay} (UTC), alerts at ${thresholdList(change.soft.thresholds)}.`
    : 'Soft budget: removed.';
}

/**
 * The second step of a hard-limit change, replacing the form: it asks, and warns that a hard
 * limit stops a customer-facing project. The change rides along in private_metadata and is
 * validated (and the clicker authorized) again when confirmed.
 */
export function budgetConfirmModal(input: {
  project: { id: string; name: string };
  change: BudgetChange;
  currentHardLimitCents: number | null;
}): ModalView {
  const { project, change, currentHardLimitCents } = input;
  const name = escapeMrkdwn(project.name);
  const lines: string[] = [];
  if (change.hard.action === 'set') {
    lines.push(
      `:warning: *Set a hard limit of ${formatUsd(change.hard.cents)} a month on ${name}?*`,
      'When this month’s spend reaches it, OpenAI blocks every request made with the project’s keys until the limit is raised or removed, or the month ends.',
      '*If the project serves customers, that is an outage.* There, a soft budget with alerts is the safe choice.',
    );
    if (currentHardLimitCents !== null) {
      lines.push(`It replaces the current hard limit of ${formatUsd(currentHardLimitCents)} a month.`);
    }
    if (change.soft.action === 'set' && change.hard.cents < change.soft.amountCents) {
      lines.push(
        `This is below the soft budget of ${formatUsd(change.soft.amountCents)}: the project is cut off before the budget’s alerts reach 100%.`,
      );
    }
  } else {
    lines.push(
      `*Remove the hard limit${currentHardLimitCents !== null ? ` of ${formatUsd(currentHardLimitCents)} a month` : ''} from ${name}?*`,
      'OpenAI will no longer stop the project’s spending; only the soft budget’s alerts remain.',
    );
  }
  lines.push('', softChangeText(change));
  return {
    type: 'modal',
    callback_id: ViewCallbackIds.budgetConfirm,
    private_metadata: JSON.stringify(change),
    title: { type: 'plain_text', text: 'Confirm hard limit' },
    submit: {
      type: 'plain_text',
      text: change.hard.action === 'set' ? 'Set hard limit' : 'Remove hard limit',
    },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [section(lines.join('\n'))],
  };
}

function softOutcomeLine(change: BudgetChange, soft: SoftResult): string {
  return soft === 'nothing_to_remove'
    ? 'Soft budget: none (nothing to remove).'
    : `:white_check_mark: ${softChangeText(change)}`;
}

/** A soft-budget change, saved: replaces the form. */
export function budgetSavedModal(saved: Extract<SettingsSubmission, { kind: 'saved' }>): ModalView {
  return budgetNoticeModal(
    `:white_check_mark: *${escapeMrkdwn(saved.project.name)}*\n${softOutcomeLine(saved.change, saved.soft)}`,
  );
}

function hardOutcomeLine(hard: AppliedChange['hard']): string | undefined {
  switch (hard.kind) {
    case 'kept':
      return undefined;
    case 'set':
      return `:white_check_mark: Hard limit set in OpenAI: ${formatUsd(hard.thresholdCents)} a month${
        hard.enforcing ? '. :no_entry: *It is already reached: OpenAI is blocking the project now.*' : '.'
      }`;
    case 'removed':
      return ':white_check_mark: Hard limit removed in OpenAI.';
    case 'failed':
      return `:x: The hard limit was *not* changed: ${hard.problem}`;
  }
}

/** A confirmed change, applied (or its hard limit refused by OpenAI): replaces "Applying…". */
export function budgetAppliedModal(applied: AppliedChange): ModalView {
  const hard = hardOutcomeLine(applied.hard);
  return budgetNoticeModal(
    [
      `*${escapeMrkdwn(applied.projectName)}*`,
      softOutcomeLine(applied.change, applied.soft),
      ...(hard ? [hard] : []),
    ].join('\n'),
  );
}
