import type { CoreDeps } from './core-deps.js';
import { KeyActions } from './key-actions.js';
import { KeyHygiene, type KeyHygieneSettings } from './key-hygiene.js';
import type { ProjectDirectory } from './project-directory.js';
import { ProjectTiers } from './project-tiers.js';

export interface KeyServices {
  hygiene: KeyHygiene;
  actions: KeyActions;
  tiers: ProjectTiers;
  settings: KeyHygieneSettings;
}

/** The key-hygiene run, what people do with its findings, and project tiers, built once by bot.ts. */
export function createKeyServices(
  core: CoreDeps,
  input: { directory: ProjectDirectory; botAdmins: readonly string[]; settings: KeyHygieneSettings },
): KeyServices {
  const deps = { ...core, ...input };
  return {
    hygiene: new KeyHygiene(deps),
    actions: new KeyActions(deps),
    tiers: new ProjectTiers(deps),
    settings: input.settings,
  };
}
