import type { KeyFinding, ProjectTier } from '../domain/key-findings.js';

/** A finding as a message shows it: open (with Delete key where possible) or deleted by someone. */
export interface ShownFinding {
  finding: KeyFinding;
  /** Slack id of who deleted the key through the bot, once deleted. */
  deletedBy: string | null;
}

/** What a project's key report says about its project. */
export interface KeyReportProject {
  id: string;
  name: string;
  tier: ProjectTier | undefined;
}

export type KeyNotice =
  /**
   * A project's owners' DM: the findings that are new or changed since the last report, and how
   * many earlier ones are still open. Re-drawn in place when one of its keys is deleted.
   */
  | {
      kind: 'keys.report';
      project: KeyReportProject;
      findings: readonly ShownFinding[];
      stillOpen: number;
      unusedDays: number;
      maxAgeDays: number;
    }
  /** The admins' one summary of a key-hygiene run. */
  | {
      kind: 'keys.summary';
      projectsChecked: number;
      /** Projects with new or changed findings, most findings first. */
      projects: readonly {
        name: string;
        tier: ProjectTier | undefined;
        newFindings: number;
        reachedOwners: number;
      }[];
      newFindings: number;
      /** Findings reported in an earlier run and still open. */
      stillOpen: number;
      /** Projects whose keys could not be listed, with why. */
      failures: readonly { subject: string; error: string }[];
    };
