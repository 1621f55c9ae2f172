/** Tables of budgets, hard-limit readings, budget alerts and stored daily costs. */
/** The bot's own (soft) budget of a project. Money is integer US cents. */
export interface BudgetsTable {
  project_id: string;
  /** Per budget period, in integer US cents. */
  amount_cents: number;
  /** Day of the month (1–28, UTC) a period starts; 1 is the calendar month. */
  reset_day: number;
  /** JSON array of whole percentages, ascending, e.g. `[50,75,90,100]`. */
  thresholds: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

/** The bot's last reading of OpenAI's hard spend limit of a project; OpenAI stays the authority. */
export interface HardLimitsTable {
  project_id: string;
  threshold_cents: number;
  /** OpenAI's `enforcement.status`: `inactive` or `enforcing`. */
  status: string;
  checked_at: string;
}

export type BudgetAlertStatus = 'pending' | 'sent' | 'abandoned';

/** Durable dedupe of budget alerts: one row per (project, period, kind, threshold). */
export interface BudgetAlertsTable {
  project_id: string;
  /** YYYY-MM-DD: first day of the budget period (of the calendar month for hard limits). */
  period_start: string;
  kind: 'threshold' | 'forecast' | 'hard_limit';
  /** Percent for `threshold`, 0 for `forecast`, the limit in cents for `hard_limit`. */
  threshold: number;
  status: BudgetAlertStatus;
  /** JSON array of the recipients it reached (channel id, Slack user ids). */
  delivered_to: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** A project's cost on one UTC day, as OpenAI last reported it. */
export interface DailyCostsTable {
  project_id: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  amount_cents: number;
  fetched_at: string;
}
