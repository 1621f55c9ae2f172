import type { ProjectTier } from '../domain/key-findings.js';

/** What the bot knows of a project that OpenAI does not (today: its tier). */
export interface ProjectSettingsTable {
  project_id: string;
  tier: ProjectTier | null;
  updated_by: string;
  updated_at: string;
}

/** The last reported finding of a key (see migration 2026-12-03-02). */
export interface KeyFindingsTable {
  project_id: string;
  key_id: string;
  fingerprint: string;
  /** JSON `KeyFinding`: the key's facts and reasons as reported. */
  finding: string;
  status: 'open' | 'deleted';
  reported_at: string;
  deleted_by: string | null;
  deleted_at: string | null;
}

/** An owner's DM of a project's key report, re-drawn when one of its keys is deleted. */
export interface KeyReportMessagesTable {
  project_id: string;
  channel: string;
  ts: string;
  /** JSON array of key ids. */
  key_ids: string;
  sent_at: string;
}
