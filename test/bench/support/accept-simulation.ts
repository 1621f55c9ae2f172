/**
 * The acceptance simulation of `npm run bench:accept` (issue 14, point 5), shared with the
 * onboarding benchmark (point 7): invitees accept their pending invites at random moments, while
 * the bot's timers fire as the scheduler fires them (the acceptance poll's tick, which lists
 * every ACCEPT_POLL_SECONDS; the full invite sweep every SWEEP_INTERVAL_SECONDS; each from a
 * random phase). Time is a
 * ManualClock moved from event to event, so an hour of acceptances takes seconds; latencies are
 * in simulated seconds, from the moment an invite is accepted in the fake to the first timer run
 * after which the invitee is in every project that waited for them (read from the fake itself).
 */
import type { Bot } from '../../../src/bot.js';
import { acceptPollTickSeconds } from '../../../src/jobs/accept-poll.js';
import type { FakeOpenAIAdmin } from '../../fakes/fake-openai-admin.js';
import type { ManualClock } from '../../support/manual-clock.js';
import { percentile } from './report.js';

const INVITES = /^\/organization\/invites$/;

/** Someone whose pending invite the simulation accepts, and the projects the bot must put them in. */
export interface SimulatedInvitee {
  inviteId: string;
  email: string;
  /** Projects they must be in once the bot has applied what waited for them. */
  projectIds: readonly string[];
}

export interface AcceptSimulationInput {
  bot: Bot;
  openai: FakeOpenAIAdmin;
  clock: ManualClock;
  invitees: readonly SimulatedInvitee[];
  pollSeconds: number;
  sweepSeconds: number;
  /** Acceptances fall uniformly at random within this many seconds from now. */
  windowSeconds: number;
  random: () => number;
  /** How long after the window the timers keep firing for late acceptances. Default 2 sweeps. */
  tailSeconds?: number;
}

export interface AcceptSimulationResult {
  /** Seconds from acceptance to membership, sorted; one per invitee who got in. */
  latencies: number[];
  /** The same latencies by invitee email (to split them by kind of invitee). */
  latencyByEmail: Map<string, number>;
  p50: number;
  p95: number;
  max: number;
  /** Invitees not in their projects when the simulation ended. */
  notIn: number;
  /** Poll ticks run, and those that listed the invites. */
  polls: { runs: number; listed: number; failures: number };
  sweeps: { runs: number; ran: number; failures: number };
  /** Per poll that listed: walks through the invite list (pages asked without `after`), and pages. */
  walksPerListingPoll: { min: number; max: number };
  pagesPerListingPoll: { min: number; max: number };
  /** Every page of invites asked for during the simulation, by polls and sweeps. */
  invitePages: number;
  /** How long the simulation ran on the clock. */
  simulatedSeconds: number;
}

type SimEvent =
  | { at: number; kind: 'accept'; invitee: SimulatedInvitee }
  | { at: number; kind: 'poll' | 'sweep' };

/** Ticks of a timer every `every` seconds from `phase`, until `end` (all in seconds from the start). */
function ticks(kind: 'poll' | 'sweep', phase: number, every: number, end: number): SimEvent[] {
  const out: SimEvent[] = [];
  for (let at = phase; at <= end; at += every) out.push({ at, kind });
  return out;
}

const order = { accept: 0, sweep: 1, poll: 2 } as const;

export async function simulateAcceptances(input: AcceptSimulationInput): Promise<AcceptSimulationResult> {
  const { bot, openai, clock, invitees, pollSeconds, sweepSeconds, windowSeconds, random } = input;
  const end = windowSeconds + (input.tailSeconds ?? 2 * sweepSeconds);
  const start = clock.now().getTime();
  const events: SimEvent[] = [
    ...invitees.map((invitee) => ({ at: random() * windowSeconds, kind: 'accept' as const, invitee })),
    ...ticks('poll', random() * pollSeconds, acceptPollTickSeconds(pollSeconds), end),
    ...ticks('sweep', random() * sweepSeconds, sweepSeconds, end),
  ].sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind]);

  const acceptedAt = new Map<SimulatedInvitee, number>();
  const latencies: number[] = [];
  const result: AcceptSimulationResult = {
    latencies,
    latencyByEmail: new Map(),
    p50: 0,
    p95: 0,
    max: 0,
    notIn: 0,
    polls: { runs: 0, listed: 0, failures: 0 },
    sweeps: { runs: 0, ran: 0, failures: 0 },
    walksPerListingPoll: { min: Number.POSITIVE_INFINITY, max: 0 },
    pagesPerListingPoll: { min: Number.POSITIVE_INFINITY, max: 0 },
    invitePages: 0,
    simulatedSeconds: end,
  };
  const firstCall = openai.calls.length;
  const isIn = (invitee: SimulatedInvitee) => {
    const user = openai.state.userByEmail(invitee.email);
    return user !== undefined && invitee.projectIds.every((p) => openai.state.projectUser(p, user.id));
  };

  for (const event of events) {
    clock.set(new Date(start + event.at * 1000));
    if (event.kind === 'accept') {
      openai.state.acceptInvite(event.invitee.inviteId);
      acceptedAt.set(event.invitee, event.at);
      continue;
    }
    const mark = openai.calls.length;
    if (event.kind === 'poll') {
      const report = await bot.jobs.acceptPoll.run();
      result.polls.runs += 1;
      result.polls.failures += report.failures.length;
      if (report.outcome === 'listed') {
        const listing = openai.calls.slice(mark).filter((c) => c.method === 'GET' && INVITES.test(c.path));
        const walks = listing.filter((c) => c.query.after === undefined).length;
        result.polls.listed += 1;
        result.walksPerListingPoll.min = Math.min(result.walksPerListingPoll.min, walks);
        result.walksPerListingPoll.max = Math.max(result.walksPerListingPoll.max, walks);
        result.pagesPerListingPoll.min = Math.min(result.pagesPerListingPoll.min, listing.length);
        result.pagesPerListingPoll.max = Math.max(result.pagesPerListingPoll.max, listing.length);
      }
    } else {
      const report = await bot.jobs.invites.run();
      result.sweeps.runs += 1;
      if (report.ran) result.sweeps.ran += 1;
      result.sweeps.failures += report.failures.length;
    }
    await bot.idle();
    for (const [invitee, at] of acceptedAt) {
      if (!isIn(invitee)) continue;
      latencies.push(event.at - at);
      result.latencyByEmail.set(invitee.email, event.at - at);
      acceptedAt.delete(invitee);
    }
  }

  latencies.sort((a, b) => a - b);
  result.p50 = percentile(latencies, 50);
  result.p95 = percentile(latencies, 95);
  result.max = latencies.at(-1) ?? 0;
  result.notIn = invitees.length - latencies.length;
  result.invitePages = openai.calls
    .slice(firstCall)
    .filter((c) => c.method === 'GET' && INVITES.test(c.path)).length;
  if (result.polls.listed === 0) {
    result.walksPerListingPoll.min = 0;
    result.pagesPerListingPoll.min = 0;
  }
  return result;
}
