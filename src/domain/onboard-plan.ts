import type { ProjectRole } from './request-status.js';

export type OnboardPath = 'none' | 'set_role' | 'add' | 'pre_assign' | 'invite';

export interface PlannedPath {
  path: OnboardPath;
  orgUserId: string | null;
  /** The pending invite a pre-assignment waits on. */
  inviteId: string | null;
}

/**
 * The one path a person takes into a project, from what one listing of org users, one of the
 * project's users and one of invites said:
 * - in the project with that role, or an owner when a member was asked (never demoted): nothing;
 * - in the project with another role: the role is set;
 * - an org user: added to the project;
 * - invited and not yet accepted: pre-assigned on that invite;
 * - nobody: one org invite that carries the project.
 */
export function pathOf(
  role: ProjectRole,
  seen: {
    orgUserId: string | undefined;
    projectRole: string | undefined;
    pendingInviteId: string | undefined;
  },
): PlannedPath {
  const { orgUserId, projectRole, pendingInviteId } = seen;
  if (orgUserId) {
    if (projectRole === role || projectRole === 'owner') return { path: 'none', orgUserId, inviteId: null };
    if (projectRole) return { path: 'set_role', orgUserId, inviteId: null };
    return { path: 'add', orgUserId, inviteId: null };
  }
  if (pendingInviteId) return { path: 'pre_assign', orgUserId: null, inviteId: pendingInviteId };
  return { path: 'invite', orgUserId: null, inviteId: null };
}
