import type { ActionsBlock, KnownBlock, SectionBlock } from '@slack/types';
import { thresholdList } from '../../domain/budget-alerts.js';
import { lastDayOf, type SpendOutlook, utcDay } from '../../domain/budget-period.js';
import { formatUsd } from '../../domain/money.js';
import type { BudgetNotice } from '../../services/budget-notices.js';
import type { BudgetDetail, BudgetRow } from '../../services/budget-report.js';
import { ACCESS_COMMAND, ActionIds } from '../ids.js';
import { cutToLength, escapeMrkdwn, mention, slackDate } from './format.js';
import { plainMessage, type SlackMessage } from './message.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A UTC calendar day as people read it, `27 Nov 2026`. Plain text on purpose: a Slack date
 * token shows the reader's local time, and midnight UTC is the previous evening in America.
 */
export function dayLabel(day: string | Date): string {
  const iso = typeof day === 'string' ? day : utcDay(day);
  const [year, month, date] = iso.split('-').map(Number);
  return `${date} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

const BAR_CELLS = 10;

/** `██████░░░░`; past 100 % the bar is full and marked. */
export function budgetBar(percent: number): string {
  const filled = Math.min(BAR_CELLS, Math.max(0, Math.floor((percent * BAR_CELLS) / 100)));
  return `\`${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)}\`${percent > 100 ? ' :rotating_light:' : ''}`;
}

function resetText(outlook: SpendOutlook): string {
  const days = outlook.daysUntilReset;
  return `resets ${dayLabel(outlook.period.end)}, in ${days} day${days === 1 ? '' : 's'}`;
}

// ---- /access budget ----

const SHOWN_ROWS = 40;
const ROWS_PER_SECTION = 10;

function overviewLine(row: BudgetRow): string {
  const { outlook } = row;
  const name = `*${escapeMrkdwn(row.project.name)}*${row.tier ? ` (${row.tier})` : ''}`;
  const blocked = row.blocked ? ' · :no_entry: *blocked by its hard limit*' : '';
  if (outlook.budgetCents === null || outlook.percent === null) {
    // No soft budget: the hard limit, as last read, is what the month's spend runs into.
    const { gauge } = row;
    if (gauge?.against === 'hard_limit') {
      return `${name} · ${formatUsd(gauge.spentCents)} of a ${formatUsd(gauge.limitCents)} hard limit · ${gauge.percent}% ${budgetBar(gauge.percent)} · no budget · ${resetText(outlook)}${blocked}`;
    }
    return `${name} · ${formatUsd(outlook.spentCents)} this month · no budget${blocked}`;
  }
  return `${name} · ${formatUsd(outlook.spentCents)} of ${formatUsd(outlook.budgetCents)} · ${outlook.percent}% ${budgetBar(outlook.percent)} · ${resetText(outlook)}${blocked}`;
}

/** The list: each project's spend this period against its budget, most-used first. */
export function budgetOverviewMessage(input: {
  rows: readonly BudgetRow[];
  scope: 'all' | 'mine';
  /** Projects left out because they spent nothing and have no budget. */
  quietCount: number;
}): SlackMessage {
  const { rows, scope, quietCount } = input;
  if (rows.length === 0) {
    const text =
      scope === 'all'
        ? 'No project has spent anything this month or has a budget.'
        : 'None of your OpenAI projects has spent anything this month or has a budget.';
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const shown = rows.slice(0, SHOWN_ROWS);
  const sections: KnownBlock[] = [];
  for (let i = 0; i < shown.length; i += ROWS_PER_SECTION) {
    sections.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: shown
          .slice(i, i + ROWS_PER_SECTION)
          .map(overviewLine)
          .join('\n'),
      },
    });
  }
  const notes = [
    rows.length > shown.length ? `…and ${rows.length - shown.length} more projects with smaller spend.` : '',
    quietCount > 0
      ? `${quietCount} other project${quietCount === 1 ? '' : 's'} spent nothing and have no budget.`
      : '',
    `Costs from OpenAI in USD per UTC day; today's are still coming in. \`${ACCESS_COMMAND} budget <project>\` for details.`,
  ].filter(Boolean);
  const title = scope === 'all' ? 'Spend this period, all projects' : 'Spend this period, your projects';
  return {
    text: `${title}: ${shown.map((r) => `${escapeMrkdwn(r.project.name)} ${formatUsd(r.outlook.spentCents)}`).join(', ')}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title } },
      ...sections,
      { type: 'context', elements: [{ type: 'mrkdwn', text: notes.join('\n') }] },
    ],
  };
}

// ---- /access budget <project> ----

export function budgetDetailMessage(detail: BudgetDetail): SlackMessage {
  const { project, outlook, hardLimit, gauge } = detail;
  const name = escapeMrkdwn(project.name);
  const lines: string[] = [];
  const periodText = `${dayLabel(outlook.period.start)} – ${dayLabel(lastDayOf(outlook.period))} (UTC) · ${resetText(outlook)}`;
  if (outlook.budgetCents !== null && outlook.percent !== null) {
    lines.push(
      `*Spent this period:* ${formatUsd(outlook.spentCents)} of a ${formatUsd(outlook.budgetCents)} soft budget (${outlook.percent}%)`,
      budgetBar(outlook.percent),
      `*Period:* ${periodText}`,
    );
  } else if (gauge?.against === 'hard_limit') {
    lines.push(
      `*Spent this month:* ${formatUsd(gauge.spentCents)} of a ${formatUsd(gauge.limitCents)} hard limit (${gauge.percent}%) · no soft budget`,
      budgetBar(gauge.percent),
      `*Period:* ${periodText} (the calendar month, as there is no budget)`,
    );
  } else {
    lines.push(
      `*Spent this month:* ${formatUsd(outlook.spentCents)} · no soft budget`,
      `*Period:* ${periodText} (the calendar month, as there is no budget)`,
    );
  }
  // The day count shown is the one the average divides by (20.4 days, not a rounded-down 20).
  const days = outlook.averageDays;
  lines.push(
    `*Average per day:* ${formatUsd(outlook.averagePerDayCents)} over ${days} day${days === 1 ? '' : 's'}`,
  );
  lines.push(
    `*Forecast at period end:* ${formatUsd(outlook.forecastCents)}${
      outlook.forecastPercent !== null ? ` (${outlook.forecastPercent}% of the budget)` : ''
    }`,
  );
  if (outlook.budgetCents !== null) {
    lines.push(
      `*Runs out:* ${
        outlook.exceeded
          ? ':rotating_light: already over budget'
          : outlook.runsOutAt
            ? `:warning: at this rate on ${dayLabel(outlook.runsOutAt)}, before the reset`
            : 'not before the reset at this rate'
      }`,
    );
  }
  lines.push(hardLimitLine(hardLimit, detail.monthSpentCents));
  lines.push(`*Tier:* ${detail.tier ?? 'none set'}`);
  if (detail.thresholds) {
    const alerted =
      detail.alertedThresholds.length > 0 ? thresholdList(detail.alertedThresholds) : 'none yet';
    lines.push(
      `*Alerts:* at ${thresholdList(detail.thresholds)} of the budget · sent this period: ${alerted}`,
    );
  }

  const context = [
    detail.budgetSetBy
      ? `Budget set by ${mention(detail.budgetSetBy.slackId)} on ${slackDate(detail.budgetSetBy.at)}.`
      : '',
    `Project ${project.id}. Costs from OpenAI in USD per UTC day; today's are still coming in.`,
  ].filter(Boolean);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cutToLength(`${project.name}: budget`, 150) } },
    ...(hardLimit?.enforcing ? [blockedBanner(name)] : []),
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' ') }] },
    ...(detail.canEdit ? [editButton(project.id, outlook.budgetCents !== null)] : []),
  ];
  return {
    text: `${escapeMrkdwn(project.name)}: ${formatUsd(outlook.spentCents)} spent this period${
      outlook.budgetCents !== null ? ` of ${formatUsd(outlook.budgetCents)}` : ''
    }${hardLimit?.enforcing ? ' (blocked by its hard limit)' : ''}`,
    blocks,
  };
}

function hardLimitLine(hardLimit: BudgetDetail['hardLimit'], monthSpentCents: number): string {
  if (!hardLimit) return '*Hard limit (OpenAI):* none';
  const used = `${formatUsd(monthSpentCents)} used this calendar month`;
  return hardLimit.enforcing
    ? `*Hard limit (OpenAI):* ${formatUsd(hardLimit.thresholdCents)} a month · ${used} · :no_entry: *enforcing: the project is blocked*`
    : `*Hard limit (OpenAI):* ${formatUsd(hardLimit.thresholdCents)} a month · ${used} · not enforcing`;
}

function blockedBanner(name: string): SectionBlock {
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `:no_entry: *${name} is blocked.* Its OpenAI hard limit is being enforced: requests with the project's keys fail until the limit is raised or removed, or the month ends.`,
    },
  };
}

function editButton(projectId: string, hasBudget: boolean): ActionsBlock {
  return {
    type: 'actions',
    block_id: 'budget_actions',
    elements: [
      {
        type: 'button',
        action_id: ActionIds.editBudget,
        text: { type: 'plain_text', text: hasBudget ? 'Change budget or hard limit' : 'Set a budget' },
        value: projectId,
      },
    ],
  };
}

// ---- alerts ----

/** One message per project and sweep, however many alerts it carries, to the admin channel and owners. */
export function budgetAlertMessage(alert: Extract<BudgetNotice, { kind: 'budget.alert' }>): SlackMessage {
  const name = escapeMrkdwn(alert.projectName);
  const { outlook } = alert;
  const lines: string[] = [];
  if (alert.hardLimit) {
    lines.push(
      `:no_entry: *${name} is blocked by its OpenAI hard limit* of ${formatUsd(alert.hardLimit.thresholdCents)} a month: requests with its keys fail until the limit is raised or removed, or the month ends.`,
    );
  }
  if (alert.threshold !== null && outlook?.budgetCents != null) {
    lines.push(
      alert.threshold >= 100
        ? `:rotating_light: *${name} has used its whole budget* (${outlook.percent}%, alert at ${alert.threshold}%).`
        : `:warning: *${name} has used ${outlook.percent}% of its budget* (alert at ${alert.threshold}%).`,
    );
  }
  if (alert.forecast && outlook?.budgetCents != null) {
    lines.push(
      `:crystal_ball: *At the current rate ${name} will exceed its budget*${
        outlook.runsOutAt ? ` around ${dayLabel(outlook.runsOutAt)}` : ''
      }, before it resets.`,
    );
  }
  if (outlook?.budgetCents != null) {
    lines.push(
      `Spent ${formatUsd(outlook.spentCents)} of ${formatUsd(outlook.budgetCents)} (${outlook.percent}%) · forecast at period end ${formatUsd(outlook.forecastCents)} (${outlook.forecastPercent}%) · ${resetText(outlook)}.`,
    );
  }
  const headline = (lines[0] ?? `Budget alert for ${name}`).replace(/:[a-z_]+: /, '').replaceAll('*', '');
  return {
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `\`${ACCESS_COMMAND} budget ${escapeMrkdwn(alert.projectName)}\` for details; owners and bot admins can change the limits there.`,
          },
        ],
      },
    ],
  };
}

/** The comment posted with an uploaded costs CSV. */
export function costsExportedMessage(
  notice: Extract<BudgetNotice, { kind: 'costs.exported' }>,
): SlackMessage {
  const gap = notice.historyStartsOn
    ? ` :warning: The stored history starts on ${notice.historyStartsOn}; earlier days are not in it.`
    : '';
  return plainMessage(
    `Costs per project and UTC day, ${notice.fromDay} to ${notice.toDay}: ${notice.projects} project${
      notice.projects === 1 ? '' : 's'
    }, ${formatUsd(notice.totalCents)} in all. From the bot's stored history, last refreshed ${slackDate(
      notice.refreshedAt,
    )}.${gap}`,
  );
}
