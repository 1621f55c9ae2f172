import { recordAudit } from './audit-events.js';
import type { Db } from './database.js';
import { newId } from './ids.js';
import type { OffboardingCard, OffboardingCardsTable } from './schema.js';

type Status = OffboardingCardsTable['status'];
export const UNDECIDED: readonly Status[] = ['open', 'removing', 'failed'];

/**
 * A new undecided card, or undefined when the org user has one already (the partial unique
 * index decides, so two replicas noticing the same deactivation make one card).
 */
export async function insertCard(
  db: Db,
  input: {
    openaiUserId: string;
    slackUserId: string | null;
    email: string | null;
    facts: unknown;
    raisedBy: OffboardingCardsTable['raised_by'];
    at: Date;
  },
): Promise<OffboardingCard | undefined> {
  const now = input.at.toISOString();
  const row: OffboardingCardsTable = {
    id: newId('off'),
    openai_user_id: input.openaiUserId,
    slack_user_id: input.slackUserId,
    email: input.email,
    status: 'open',
    facts: JSON.stringify(input.facts),
    raised_by: input.raisedBy,
    channel_id: null,
    ts: null,
    decided_by: null,
    decided_at: null,
    reason: null,
    problem: null,
    outcome: null,
    created_at: now,
    updated_at: now,
  };
  const inserted = await db
    .insertInto('offboarding_cards')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? row : undefined;
}

export async function cardById(db: Db, id: string): Promise<OffboardingCard | undefined> {
  return db.selectFrom('offboarding_cards').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The org user's newest card, whatever its state. */
export async function latestCardOf(db: Db, openaiUserId: string): Promise<OffboardingCard | undefined> {
  return db
    .selectFrom('offboarding_cards')
    .selectAll()
    .where('openai_user_id', '=', openaiUserId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function setCardMessage(db: Db, id: string, message: { channel: string; ts: string }) {
  await db
    .updateTable('offboarding_cards')
    .set({ channel_id: message.channel, ts: message.ts })
    .where('id', '=', id)
    .execute();
}

/**
 * Moves a card from one of `from` to `to` in one conditional update, with its audit event in
 * the same transaction; undefined when the card was not in `from` (someone else acted first).
 */
export async function transitionCard(
  db: Db,
  change: {
    id: string;
    from: readonly Status[];
    to: Status;
    at: Date;
    set?: Partial<Pick<OffboardingCard, 'decided_by' | 'decided_at' | 'reason' | 'problem' | 'outcome'>>;
    audit?: { actor: string; action: string; details?: unknown };
  },
): Promise<OffboardingCard | undefined> {
  return db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('offboarding_cards')
      .set({ ...change.set, status: change.to, updated_at: change.at.toISOString() })
      .where('id', '=', change.id)
      .where('status', 'in', [...change.from])
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) return undefined;
    const card = await trx
      .selectFrom('offboarding_cards')
      .selectAll()
      .where('id', '=', change.id)
      .executeTakeFirstOrThrow();
    if (change.audit) {
      await recordAudit(trx, {
        at: change.at,
        actor: change.audit.actor,
        action: change.audit.action,
        subjectType: 'org_user',
        subjectId: card.openai_user_id,
        details: {
          card: card.id,
          email: card.email,
          slack_user_id: card.slack_user_id,
          ...(change.audit.details ?? {}),
        },
      });
    }
    return card;
  });
}

/** The cards about this Slack user still waiting for a decision (open, or failed with Retry). */
export async function decidableCardsOfSlackUser(db: Db, slackId: string): Promise<OffboardingCard[]> {
  return db
    .selectFrom('offboarding_cards')
    .selectAll()
    .where('slack_user_id', '=', slackId)
    .where('status', 'in', ['open', 'failed'])
    .execute();
}

/** Cards left in `removing` since before `before`: the process removing them stopped halfway. */
export async function staleRemovals(db: Db, before: Date): Promise<OffboardingCard[]> {
  return db
    .selectFrom('offboarding_cards')
    .selectAll()
    .where('status', '=', 'removing')
    .where('updated_at', '<', before.toISOString())
    .execute();
}
