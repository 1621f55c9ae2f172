import type { Colleague, OffboardingFacts, OwnedKey, ProjectMembership } from '../domain/offboarding.js';
import type { AdminApi } from '../openai/admin-api.js';
import type { OrgUser, Project, ProjectApiKey, ProjectUser } from '../openai/admin-types.js';

/**
 * One pass's reading of the organization: projects, their members and keys, each listed at most
 * once however many departing people the pass looks at (the daily check can find several).
 */
export class OrgView {
  #projects: Promise<Project[]> | undefined;
  readonly #members = new Map<string, Promise<ProjectUser[]>>();
  readonly #keys = new Map<string, Promise<ProjectApiKey[]>>();

  constructor(private readonly admin: AdminApi) {}

  projects(): Promise<Project[]> {
    this.#projects ??= this.admin.listProjects();
    return this.#projects;
  }

  membersOf(projectId: string): Promise<ProjectUser[]> {
    let found = this.#members.get(projectId);
    if (!found) {
      found = this.admin.listProjectUsers(projectId);
      this.#members.set(projectId, found);
    }
    return found;
  }

  keysOf(projectId: string): Promise<ProjectApiKey[]> {
    let found = this.#keys.get(projectId);
    if (!found) {
      found = this.admin.listProjectApiKeys(projectId).then((answer) => answer.keys);
      this.#keys.set(projectId, found);
    }
    return found;
  }

  /** The projects the user is in, with their role and the other owners and members. */
  async membershipsOf(userId: string): Promise<ProjectMembership[]> {
    const memberships: ProjectMembership[] = [];
    for (const project of await this.projects()) {
      const members = await this.membersOf(project.id);
      const me = members.find((m) => m.id === userId);
      if (!me) continue;
      const others = members.filter((m) => m.id !== userId);
      const colleague = (m: ProjectUser): Colleague => ({
        openaiUserId: m.id,
        email: m.email ?? null,
        name: m.name ?? null,
      });
      memberships.push({
        projectId: project.id,
        projectName: project.name,
        role: me.role,
        otherOwners: others.filter((m) => m.role === 'owner').map(colleague),
        otherMembers: others.filter((m) => m.role !== 'owner').map(colleague),
      });
    }
    return memberships;
  }

  /** The user's own keys in these projects (service-account keys are nobody's to lose). */
  async keysOwnedBy(userId: string, projects: readonly ProjectMembership[]): Promise<OwnedKey[]> {
    const keys: OwnedKey[] = [];
    for (const project of projects) {
      for (const key of await this.keysOf(project.projectId)) {
        if (key.owner.user?.id !== userId) continue;
        keys.push({
          id: key.id,
          name: key.name,
          redactedValue: key.redacted_value,
          projectId: project.projectId,
          projectName: project.projectName,
          lastUsedAt: key.last_used_at ? new Date(key.last_used_at * 1000).toISOString() : null,
          createdAt: new Date(key.created_at * 1000).toISOString(),
        });
      }
    }
    return keys;
  }

  /** What the admins' card shows about this org user. A failed key listing leaves `keysListed` false. */
  async factsOf(user: OrgUser, slackUserId: string | null): Promise<OffboardingFacts> {
    const projects = await this.membershipsOf(user.id);
    let keys: OwnedKey[] = [];
    let keysListed = true;
    try {
      keys = await this.keysOwnedBy(user.id, projects);
    } catch {
      keysListed = false;
    }
    return {
      openaiUserId: user.id,
      email: user.email ?? null,
      name: user.name ?? null,
      orgRole: user.role ?? null,
      slackUserId,
      projects,
      keys,
      keysListed,
    };
  }
}
