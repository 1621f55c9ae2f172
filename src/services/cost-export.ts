import { utcDay } from '../domain/budget-period.js';
import { exportRange } from '../domain/cost-export.js';
import type { CoreDeps } from './core-deps.js';
import { exportStoredCosts } from './cost-history.js';
import type { ProjectDirectory } from './project-directory.js';

/** `/access budget export [from] [to] [project…]` as parsed. */
export interface ExportRequest {
  from?: string | undefined;
  to?: string | undefined;
  projects: readonly string[];
}

export type CostExportOutcome =
  | { kind: 'refused'; botAdmins: readonly string[] }
  /** The days asked for make no range; `problem` is plain text. */
  | { kind: 'bad_range'; problem: string }
  | { kind: 'unknown_project'; typed: string; suggestions: readonly { name: string }[] }
  /** The budget sweep has not stored any costs yet. */
  | { kind: 'no_history' }
  | { kind: 'sent'; filename: string; rows: number };

/**
 * `/access budget export`: the stored daily costs as CSV, uploaded to the bot admin's DM
 * through the notifier. Reads only the bot's own history, never OpenAI's costs report.
 */
export class CostExport {
  constructor(
    private readonly deps: CoreDeps & {
      directory: ProjectDirectory;
      botAdmins: readonly string[];
    },
  ) {}

  async exportCosts(slackId: string, request: ExportRequest): Promise<CostExportOutcome> {
    const { db, notifier, clock, directory, botAdmins } = this.deps;
    if (!botAdmins.includes(slackId)) return { kind: 'refused', botAdmins };
    const range = exportRange(request, utcDay(clock.now()));
    if (!range.ok) return { kind: 'bad_range', problem: range.error };
    const projectIds: string[] = [];
    for (const typed of request.projects) {
      const match = await directory.find(typed);
      if (!match.found) return { kind: 'unknown_project', typed, suggestions: match.suggestions };
      projectIds.push(match.project.id);
    }
    // Names in the file come from the project cache: list again if it is stale.
    await directory.projects();
    const result = await exportStoredCosts(db, range.range, projectIds.length > 0 ? projectIds : undefined);
    if (!result.history) return { kind: 'no_history' };
    const { fromDay, toDay } = range.range;
    const filename = `openai-costs-${fromDay}-to-${toDay}.csv`;
    await notifier.sendFile(
      slackId,
      { filename, title: `OpenAI costs ${fromDay} to ${toDay}`, content: result.csv },
      {
        kind: 'costs.exported',
        fromDay,
        toDay,
        projects: result.projects,
        totalCents: result.totalCents,
        refreshedAt: result.history.fetchedAt,
        historyStartsOn: fromDay < result.history.firstDay ? result.history.firstDay : null,
      },
    );
    return { kind: 'sent', filename, rows: result.rows };
  }
}
