import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveBudget } from '../../src/db/budgets.js';
import { rememberProjects } from '../../src/db/known-projects.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * An alert that reached nobody is not delivered: with ADMIN_CHANNEL refused, no bot admin to
 * fall back to and no owner in Slack, it stays pending (and says why) for the next sweep.
 */
let h: Harness;
let alpha: string;

beforeEach(async () => {
  // The fake Slack has no channel C0NOTJOINED: posting there is refused (channel_not_found).
  h = await startHarness({ now: '2026-11-21T00:00:00Z', env: { ADMIN_CHANNEL: 'C0NOTJOINED' } });
  alpha = h.openai.state.addProject({ name: 'Alpha' }).id;
  const at = h.clock.now();
  await rememberProjects(h.bot.db, [{ id: alpha, name: 'Alpha', archived: false }], at);
  await saveBudget(
    h.bot.db,
    { projectId: alpha, amountCents: 10_000, resetDay: 1, thresholds: [50] },
    'U0X',
    at,
  );
  for (let day = 1; day <= 20; day += 1) {
    const unix = Date.parse(`2026-11-${String(day).padStart(2, '0')}T00:00:00Z`) / 1000;
    h.openai.state.setDailyCost(alpha, unix, 2.75);
  }
});

afterEach(async () => {
  await h.close();
});

describe('a budget alert nobody could be told', () => {
  it('should stay pending with the reason, and be sent once someone can be reached', async () => {
    const first = await h.bot.jobs.budgets.run();
    const [pending] = await h.bot.db.selectFrom('budget_alerts').selectAll().execute();
    expect(first.messagesSent).toBe(0);
    expect(pending?.status).toBe('pending');
    expect(pending?.last_error).toContain('Nobody was told');

    h.slack.addChannel({ id: 'C0NOTJOINED', name: 'openai-admins' });
    await h.bot.jobs.budgets.run();
    const [sent] = await h.bot.db.selectFrom('budget_alerts').selectAll().execute();
    expect(sent?.status).toBe('sent');
    expect(h.slack.messages('C0NOTJOINED')).toHaveLength(1);
  });
});
