import { recordAudit } from './audit-events.js';
import type { Db } from './database.js';
import { newId } from './ids.js';
import type { Onboarding, OnboardingStep, OnboardingStepState, OnboardingStepsTable } from './schema.js';

/** A unique index said no: SQLite's and PostgreSQL's words for it. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/** Rows per insert: well under SQLite's and PostgreSQL's limits on bound parameters. */
const ROWS_PER_INSERT = 200;

export type NewStep = Pick<
  OnboardingStepsTable,
  'email' | 'slack_id' | 'path' | 'state' | 'org_user_id' | 'invite_id' | 'error'
>;

/**
 * The onboarding and its whole plan, in one transaction, audited. Undefined when an identical
 * onboarding (same `people_key`) is running: the unique index decides, so two replicas or two
 * quick submissions cannot both start one.
 */
export async function insertOnboarding(
  db: Db,
  input: Omit<
    Onboarding,
    'id' | 'status' | 'card_channel' | 'card_ts' | 'updated_at' | 'finished_at' | 'completed_at'
  >,
  steps: readonly NewStep[],
): Promise<Onboarding | undefined> {
  const onboarding: Onboarding = {
    ...input,
    id: newId('onb'),
    status: 'running',
    card_channel: null,
    card_ts: null,
    updated_at: input.created_at,
    finished_at: null,
    completed_at: null,
  };
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('onboardings').values(onboarding).execute();
      for (let i = 0; i < steps.length; i += ROWS_PER_INSERT) {
        await trx
          .insertInto('onboarding_steps')
          .values(
            steps.slice(i, i + ROWS_PER_INSERT).map((step, j) => ({
              ...step,
              onboarding_id: onboarding.id,
              seq: i + j,
              request_id: null,
              waiting_since: null,
              done_at: step.state === 'skipped' ? input.created_at : null,
              updated_at: input.created_at,
            })),
          )
          .execute();
      }
      await recordAudit(trx, {
        at: new Date(input.created_at),
        actor: input.actor_slack_id,
        action: 'onboarding.started',
        subjectType: 'onboarding',
        subjectId: onboarding.id,
        after: { project_id: input.project_id, role: input.role, people: steps.length },
        details: { paths: countBy(steps.map((s) => s.path)) },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
  return onboarding;
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

export async function findOnboarding(db: Db, id: string): Promise<Onboarding | undefined> {
  return db.selectFrom('onboardings').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRunningOnboarding(db: Db, peopleKey: string): Promise<Onboarding | undefined> {
  return db
    .selectFrom('onboardings')
    .selectAll()
    .where('people_key', '=', peopleKey)
    .where('status', '=', 'running')
    .executeTakeFirst();
}

/** Onboardings with steps left: a restart or the sweep picks them up. */
export async function runningOnboardings(db: Db): Promise<Onboarding[]> {
  return db
    .selectFrom('onboardings')
    .selectAll()
    .where('status', '=', 'running')
    .orderBy('created_at')
    .execute();
}

/** The onboardings a person started that are not complete yet (their App Home shows them). */
export async function openOnboardingsOf(db: Db, actorSlackId: string): Promise<Onboarding[]> {
  return db
    .selectFrom('onboardings')
    .selectAll()
    .where('actor_slack_id', '=', actorSlackId)
    .where('completed_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(5)
    .execute();
}

export async function stepsOf(db: Db, onboardingId: string): Promise<OnboardingStep[]> {
  return db
    .selectFrom('onboarding_steps')
    .selectAll()
    .where('onboarding_id', '=', onboardingId)
    .orderBy('seq')
    .execute();
}

export async function stepOfRequest(db: Db, requestId: string): Promise<OnboardingStep | undefined> {
  return db.selectFrom('onboarding_steps').selectAll().where('request_id', '=', requestId).executeTakeFirst();
}

/** Moves one step from one of `from` to `to`; false when it was not in `from` (done already). */
export async function moveStep(
  db: Db,
  step: { onboarding_id: string; seq: number },
  from: readonly OnboardingStepState[],
  to: OnboardingStepState,
  at: Date,
  set: Partial<Pick<OnboardingStep, 'error' | 'invite_id' | 'org_user_id' | 'done_at'>> = {},
): Promise<boolean> {
  const result = await db
    .updateTable('onboarding_steps')
    .set({ ...set, state: to, updated_at: at.toISOString() })
    .where('onboarding_id', '=', step.onboarding_id)
    .where('seq', '=', step.seq)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setOnboardingCard(
  db: Db,
  id: string,
  card: { channel: string; ts: string },
): Promise<void> {
  await db
    .updateTable('onboardings')
    .set({ card_channel: card.channel, card_ts: card.ts })
    .where('id', '=', id)
    .execute();
}

/** running → finished (every step done) and, once nobody waits, completed. */
export async function settleOnboarding(
  db: Db,
  id: string,
  at: Date,
  state: { stepsLeft: number; waiting: number },
): Promise<void> {
  const now = at.toISOString();
  if (state.stepsLeft === 0) {
    await db
      .updateTable('onboardings')
      .set({ status: 'finished', finished_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }
  if (state.stepsLeft === 0 && state.waiting === 0) {
    await db
      .updateTable('onboardings')
      .set({ completed_at: now })
      .where('id', '=', id)
      .where('completed_at', 'is', null)
      .execute();
  }
}

/** A failed step is planned again by Retry, and its onboarding runs again. One transaction. */
export async function replanFailedSteps(db: Db, id: string, at: Date, actor: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('onboarding_steps')
      .set({ state: 'planned', error: null, updated_at: at.toISOString() })
      .where('onboarding_id', '=', id)
      .where('state', '=', 'failed')
      .executeTakeFirst();
    const count = Number(result.numUpdatedRows);
    if (count === 0) return 0;
    await trx
      .updateTable('onboardings')
      .set({ status: 'running', finished_at: null, completed_at: null, updated_at: at.toISOString() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      at,
      actor,
      action: 'onboarding.retried',
      subjectType: 'onboarding',
      subjectId: id,
      details: { steps: count },
    });
    return count;
  });
}
