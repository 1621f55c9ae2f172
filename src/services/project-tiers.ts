import { getTier, setTier } from '../db/project-settings.js';
import { closestNames } from '../domain/closest-names.js';
import { isProjectTier, PROJECT_TIERS, type ProjectTier } from '../domain/key-findings.js';
import type { CoreDeps } from './core-deps.js';
import type { ProjectDirectory } from './project-directory.js';

/** `/access project <project> [tier <tier>]`, answered. */
export type TierAnswer =
  | { kind: 'set'; project: { id: string; name: string }; tier: ProjectTier; before: ProjectTier | undefined }
  | { kind: 'unchanged'; project: { id: string; name: string }; tier: ProjectTier }
  | { kind: 'shown'; project: { id: string; name: string }; tier: ProjectTier | undefined }
  | { kind: 'admins_only'; botAdmins: readonly string[] }
  | { kind: 'unknown_project'; typed: string; suggestions: readonly { name: string }[] }
  | { kind: 'unknown_tier'; typed: string; suggestions: readonly string[] };

/**
 * A project's tier: set by bot admins, shown to anyone. Audited with the change (db/project-settings).
 */
export class ProjectTiers {
  constructor(
    private readonly deps: Pick<CoreDeps, 'db' | 'clock'> & {
      directory: ProjectDirectory;
      botAdmins: readonly string[];
    },
  ) {}

  async answer(slackId: string, input: { project: string; tier: string | undefined }): Promise<TierAnswer> {
    const { db, clock, directory, botAdmins } = this.deps;
    const typedTier = input.tier?.trim().toLowerCase();
    if (typedTier !== undefined && !botAdmins.includes(slackId)) return { kind: 'admins_only', botAdmins };
    if (typedTier !== undefined && !isProjectTier(typedTier)) {
      return {
        kind: 'unknown_tier',
        typed: input.tier ?? '',
        suggestions: closestNames(typedTier, PROJECT_TIERS),
      };
    }
    const match = await directory.find(input.project);
    if (!match.found)
      return { kind: 'unknown_project', typed: input.project, suggestions: match.suggestions };
    const project = { id: match.project.id, name: match.project.name };
    if (typedTier === undefined) return { kind: 'shown', project, tier: await getTier(db, project.id) };
    const tier = typedTier as ProjectTier;
    const { before, changed } = await setTier(db, {
      projectId: project.id,
      tier,
      by: slackId,
      at: clock.now(),
    });
    return changed ? { kind: 'set', project, tier, before } : { kind: 'unchanged', project, tier };
  }
}
