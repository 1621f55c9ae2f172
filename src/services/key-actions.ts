import {
  allStoredFindings,
  recordKeyDeleted,
  reportMessagesOf,
  storedFindingsOf,
} from '../db/key-findings.js';
import { getTier } from '../db/project-settings.js';
import { type KeyFinding, keyFindings, type ProjectTier } from '../domain/key-findings.js';
import type { ProjectApiKey } from '../openai/admin-types.js';
import { BudgetAccess } from './budget-access.js';
import type { CoreDeps } from './core-deps.js';
import { keyFactsOf, ownerLabel } from './key-facts.js';
import type { KeyHygieneSettings } from './key-hygiene.js';
import type { ProjectDirectory } from './project-directory.js';

type Project = { id: string; name: string };

/** `/access keys [project]`, answered. */
export type KeysAnswer =
  | {
      kind: 'findings';
      project: Project;
      tier: ProjectTier | undefined;
      findings: KeyFinding[];
      keys: number;
    }
  /** Without a project, for admins: the open findings per project as last reported. */
  | { kind: 'overview'; projects: { name: string; open: number }[] }
  | { kind: 'name_a_project' }
  | { kind: 'unknown_project'; typed: string; suggestions: readonly { name: string }[] }
  | { kind: 'not_allowed'; projectName: string };

/** The Delete key confirmation, or why not. */
export type DeleteForm =
  | { kind: 'confirm'; project: Project; finding: KeyFinding; value: string }
  | { kind: 'refused'; refusal: KeyRefusal };

export type KeyRefusal =
  | { kind: 'not_allowed'; projectName: string }
  | { kind: 'unknown_project'; projectId: string }
  | { kind: 'already_gone'; projectName: string }
  | { kind: 'service_account_key'; projectName: string }
  | { kind: 'unreadable' };

export type DeleteOutcome =
  | { kind: 'deleted' | 'already_gone'; project: Project; keyLabel: string }
  | { kind: 'refused'; refusal: KeyRefusal };

/**
 * What people do with key findings: look at a project's (`/access keys`) and delete a user's key
 * (the Delete key button, its confirmation). Owners of the project and bot admins only, decided
 * from current data at every step; the button's value only names the project and key.
 */
export class KeyActions {
  readonly #access: BudgetAccess;

  constructor(
    private readonly deps: CoreDeps & {
      directory: ProjectDirectory;
      botAdmins: readonly string[];
      settings: KeyHygieneSettings;
    },
  ) {
    this.#access = new BudgetAccess(deps);
  }

  async projectKeys(slackId: string, typed: string | undefined): Promise<KeysAnswer> {
    const { db, directory } = this.deps;
    if (!typed) {
      if (!this.#access.isAdmin(slackId)) return { kind: 'name_a_project' };
      const stored = await allStoredFindings(db);
      const names = new Map((await directory.projects(stored.keys())).map((p) => [p.id, p.name]));
      const projects = [...stored.entries()]
        .map(([id, list]) => ({
          name: names.get(id) ?? id,
          open: list.filter((f) => f.status === 'open').length,
        }))
        .filter((p) => p.open > 0)
        .sort((a, b) => b.open - a.open || a.name.localeCompare(b.name));
      return { kind: 'overview', projects };
    }
    const match = await directory.find(typed);
    if (!match.found) return { kind: 'unknown_project', typed, suggestions: match.suggestions };
    const project = { id: match.project.id, name: match.project.name };
    if (!(await this.#access.rightToChange(slackId, project.id)).allowed) {
      return { kind: 'not_allowed', projectName: project.name };
    }
    const { keys } = await this.deps.admin.listProjectApiKeys(project.id);
    const tier = await getTier(db, project.id);
    const findings = keyFindings(keys.map(keyFactsOf), {
      now: this.deps.clock.now(),
      unusedDays: this.deps.settings.unusedDays,
      maxAgeDays: this.deps.settings.maxAgeDays,
      tier,
      orgUserIds: await this.#ownersInOrg(keys),
    });
    return { kind: 'findings', project, tier, findings, keys: keys.length };
  }

  /** The key's owners that are still org users: a key with access has one; the others are looked up by email. */
  async #ownersInOrg(keys: readonly ProjectApiKey[]): Promise<Set<string>> {
    const inOrg = new Set<string>();
    const unsure: string[] = [];
    for (const key of keys) {
      const user = key.owner.user;
      if (!user) continue;
      if (key.owner_project_access === 'active') inOrg.add(user.id);
      else if (user.email) unsure.push(user.email);
    }
    if (unsure.length > 0) {
      for (const found of (await this.deps.admin.findUsersByEmails(unsure)).values()) inOrg.add(found.id);
    }
    return inOrg;
  }

  /** Delete key clicked: the confirmation with the key's last use, read now. */
  async deleteForm(slackId: string, value: string): Promise<DeleteForm> {
    const checked = await this.#check(slackId, value);
    if (checked.kind === 'refused') return checked;
    return { kind: 'confirm', project: checked.project, finding: checked.finding, value };
  }

  /** The confirmation submitted: checked again, then deleted in OpenAI, audited, and the report re-drawn. */
  async deleteKey(slackId: string, value: string): Promise<DeleteOutcome> {
    const { db, admin, clock } = this.deps;
    const checked = await this.#check(slackId, value);
    if (checked.kind === 'refused' && checked.refusal.kind !== 'already_gone') return checked;
    const [projectId = '', keyId = ''] = value.split(':');
    const project = checked.kind === 'refused' ? await this.#project(projectId) : checked.project;
    if (!project) return { kind: 'refused', refusal: { kind: 'unknown_project', projectId } };
    const key = checked.kind === 'refused' ? undefined : checked.finding.key;
    const outcome = key ? await admin.deleteProjectApiKey(projectId, keyId) : 'already_gone';
    const keyInfo = key
      ? { name: key.name, redactedValue: key.redactedValue, owner: ownerLabel(key.owner) }
      : undefined;
    await recordKeyDeleted(db, { projectId, keyId, by: slackId, at: clock.now(), outcome, key: keyInfo });
    await this.#redrawReports(projectId);
    const keyLabel = key ? `${key.name || key.id} (${key.redactedValue})` : keyId;
    return { kind: outcome, project, keyLabel };
  }

  async #check(
    slackId: string,
    value: string,
  ): Promise<
    { kind: 'ok'; project: Project; finding: KeyFinding } | { kind: 'refused'; refusal: KeyRefusal }
  > {
    const [projectId, keyId] = value.split(':');
    if (!projectId || !keyId) return { kind: 'refused', refusal: { kind: 'unreadable' } };
    const project = await this.#project(projectId);
    if (!project) return { kind: 'refused', refusal: { kind: 'unknown_project', projectId } };
    if (!(await this.#access.rightToChange(slackId, projectId)).allowed) {
      return { kind: 'refused', refusal: { kind: 'not_allowed', projectName: project.name } };
    }
    const { keys } = await this.deps.admin.listProjectApiKeys(projectId);
    const key = keys.find((k) => k.id === keyId);
    if (!key) return { kind: 'refused', refusal: { kind: 'already_gone', projectName: project.name } };
    const facts = keyFactsOf(key);
    if (facts.owner.type !== 'user') {
      return { kind: 'refused', refusal: { kind: 'service_account_key', projectName: project.name } };
    }
    const finding: KeyFinding = { key: facts, reasons: [], fingerprint: '', deletable: true };
    return { kind: 'ok', project, finding };
  }

  async #project(projectId: string): Promise<Project | undefined> {
    const found = await this.deps.directory.byId(projectId);
    return found ? { id: found.id, name: found.name } : undefined;
  }

  /** Every stored copy of the project's last report, re-drawn with the deleted key struck through. */
  async #redrawReports(projectId: string): Promise<void> {
    const { db, notifier, logger, settings } = this.deps;
    const messages = await reportMessagesOf(db, projectId);
    if (messages.length === 0) return;
    const stored = new Map((await storedFindingsOf(db, projectId)).map((f) => [f.finding.key.id, f]));
    const project = await this.#project(projectId);
    const tier = await getTier(db, projectId);
    for (const message of messages) {
      const shown = message.keyIds.flatMap((id) => {
        const f = stored.get(id);
        return f ? [{ finding: f.finding, deletedBy: f.status === 'deleted' ? f.deletedBy : null }] : [];
      });
      const stillOpen = [...stored.values()].filter(
        (f) => f.status === 'open' && !message.keyIds.includes(f.finding.key.id),
      ).length;
      await notifier
        .replace(
          { channel: message.channel, ts: message.ts },
          {
            kind: 'keys.report',
            project: { id: projectId, name: project?.name ?? projectId, tier },
            findings: shown,
            stillOpen,
            unusedDays: settings.unusedDays,
            maxAgeDays: settings.maxAgeDays,
          },
        )
        .catch((error: unknown) =>
          logger.warn(`Could not update a key report of ${projectId}: ${String(error)}`),
        );
    }
  }
}
