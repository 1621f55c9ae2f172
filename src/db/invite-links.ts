import type { Invite } from '../openai/admin-types.js';
import { linkInvite, setLastError } from './access-requests.js';
import { recordAudit } from './audit-events.js';
import type { Db } from './database.js';
import { trackInvite, updateTrackedInvite } from './tracked-invites.js';

/**
 * Pre-assignments now wait on `invite` (just created by the bot, or found pending): the invite
 * is tracked, each request linked to it with its error cleared and an audit record. One
 * transaction, so a crash leaves either all of it or none (and the sweep links them again).
 */
export async function linkPreAssignments(
  db: Db,
  input: { invite: Invite; created: boolean; requestIds: readonly string[]; email: string; at: Date },
): Promise<void> {
  const { invite, created, requestIds, email, at } = input;
  await db.transaction().execute(async (trx) => {
    await trackInvite(trx, invite, created, at);
    await linkInvite(trx, requestIds, invite.id, at);
    for (const id of requestIds) {
      await setLastError(trx, id, null, at);
      await recordAudit(trx, {
        at,
        actor: 'system',
        action: created ? 'invite.sent' : 'request.pre_assigned',
        subjectType: 'access_request',
        subjectId: id,
        details: { invite_id: invite.id, email },
      });
    }
  });
}

/**
 * A re-sent invite: the new one is tracked, the old one points at it, the waiting requests move
 * over, and the audit says who did it. One transaction.
 */
export async function recordResentInvite(
  db: Db,
  input: {
    old: { inviteId: string; status: string };
    fresh: Invite;
    requestIds: readonly string[];
    projects: readonly { id: string; role: 'member' | 'owner' }[];
    actor: string;
    at: Date;
  },
): Promise<void> {
  const { old, fresh, requestIds, projects, actor, at } = input;
  await db.transaction().execute(async (trx) => {
    await trackInvite(trx, fresh, true, at);
    await updateTrackedInvite(trx, old.inviteId, { replaced_by: fresh.id, updated_at: at.toISOString() });
    await linkInvite(trx, requestIds, fresh.id, at);
    await recordAudit(trx, {
      at,
      actor,
      action: 'invite.resent',
      subjectType: 'invite',
      subjectId: old.inviteId,
      before: { invite_id: old.inviteId, status: old.status },
      after: { invite_id: fresh.id, projects },
    });
  });
}
