/** What an onboarding's card says, from its steps. Pure. */

export interface StepView {
  email: string;
  slackId: string | null;
  state: 'planned' | 'sending' | 'in' | 'waiting' | 'failed' | 'skipped';
  error: string | null;
  waitingSince: string | null;
}

export interface Progress {
  /** Everyone the onboarding is for (skipped people not counted). */
  total: number;
  in: number;
  waiting: number;
  failed: number;
  /** Steps not done yet. */
  left: number;
  skipped: number;
}

export function progressOf(steps: readonly StepView[]): Progress {
  const count = (state: StepView['state']) => steps.filter((s) => s.state === state).length;
  const skipped = count('skipped');
  return {
    total: steps.length - skipped,
    in: count('in'),
    waiting: count('waiting'),
    failed: count('failed'),
    left: count('planned') + count('sending'),
    skipped,
  };
}

/**
 * The card is re-rendered at most once per CARD_EVERY_STEPS steps or CARD_EVERY_MS while the
 * runner works, and always at the end: 300 people going through cost a dozen `chat.update`s,
 * not 300 (chat.update is Tier 3, ~50 a minute).
 */
export const CARD_EVERY_STEPS = 25;
export const CARD_EVERY_MS = 3000;

export function cardRefreshDue(input: { stepsSince: number; lastAt: Date | null; now: Date }): boolean {
  if (input.stepsSince >= CARD_EVERY_STEPS) return true;
  return (
    input.stepsSince > 0 && (!input.lastAt || input.now.getTime() - input.lastAt.getTime() >= CARD_EVERY_MS)
  );
}

/** "3 h", "2 d": how long someone has waited, for the card. */
export function waitedFor(since: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}
