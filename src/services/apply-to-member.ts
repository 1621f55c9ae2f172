import { waitingOnInvite } from '../db/access-requests.js';
import type { TrackedInvite } from '../db/schema.js';
import { moveTrackedInvite } from '../db/tracked-invites.js';
import type { OrgUser } from '../openai/admin-types.js';
import type { ClickAnswer } from './click-answer.js';
import type { CoreDeps } from './core-deps.js';
import type { InviteDigests } from './invite-digests.js';
import type { PreAssignments } from './pre-assignments.js';

/**
 * Re-send or Re-invite for someone who is an org user already: no invite is needed, so their
 * waiting pre-assignments are applied at once and the invite is marked as no longer mattering.
 * When one cannot be applied, the invite goes back to what it was (`unclaim`) and the sweep retries.
 */
export async function applyToMember(
  deps: CoreDeps & { preAssignments: PreAssignments; digests: InviteDigests },
  input: {
    tracked: TrackedInvite;
    member: OrgUser;
    clickerSlackId: string;
    unclaim: () => Promise<unknown>;
  },
): Promise<ClickAnswer> {
  const { db, clock, notifier, logger } = deps;
  const { tracked, member, clickerSlackId, unclaim } = input;
  const waiting = await waitingOnInvite(db, tracked.email);
  const result = await deps.preAssignments.applyAll(waiting, member.id, [], clickerSlackId);
  const problem = result.failures[0]?.error ?? null;
  if (problem) {
    await unclaim();
  } else {
    await moveTrackedInvite(db, tracked.invite_id, 'replaced', 'joined', clock.now());
    if (tracked.nudge_channel && tracked.nudge_ts) {
      await notifier
        .replace(
          { channel: tracked.nudge_channel, ts: tracked.nudge_ts },
          { kind: 'invite.joined', invite: tracked, applied: result.applied },
        )
        .catch((error: unknown) => logger.warn(`Could not update the invite message: ${String(error)}`));
    }
  }
  if (tracked.digest_id) await deps.digests.refresh(tracked.digest_id);
  return {
    ok: true,
    note: { kind: 'applied_to_member', email: tracked.email, applied: result.applied, problem },
  };
}
