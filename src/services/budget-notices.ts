import type { SpendOutlook } from '../domain/budget-period.js';

export type BudgetNotice =
  /** One message per project and sweep, however many alerts it carries. */
  | {
      kind: 'budget.alert';
      projectName: string;
      /** The project's current numbers, when it has a soft budget. */
      outlook: SpendOutlook | null;
      /** The highest newly crossed threshold this message announces, if any. */
      threshold: number | null;
      forecast: boolean;
      hardLimit: { thresholdCents: number } | null;
    }
  /** The comment of an uploaded costs CSV. */
  | {
      kind: 'costs.exported';
      fromDay: string;
      toDay: string;
      projects: number;
      totalCents: number;
      refreshedAt: string;
      /** The first stored day, when the asked range starts before it. */
      historyStartsOn: string | null;
    };
