import { describe, expect, it } from 'vitest';
import { acceptedWhileWaiting, acceptPollDue } from '../../src/domain/accept-poll-rules.js';
import { acceptPollTickSeconds } from '../../src/jobs/accept-poll.js';

const at = (iso: string) => new Date(iso);
const unix = (iso: string) => Date.parse(iso) / 1000;

describe('acceptPollDue', () => {
  it('should be due when the invites were never listed', () => {
    expect(acceptPollDue(undefined, at('2026-12-02T10:00:00Z'), 30)).toBe(true);
  });

  it('should be due a poll interval after the last listing, forgiving a second of timer jitter', () => {
    const listed = at('2026-12-02T10:00:00Z');
    expect(acceptPollDue(listed, at('2026-12-02T10:00:05Z'), 30)).toBe(false);
    expect(acceptPollDue(listed, at('2026-12-02T10:00:28.900Z'), 30)).toBe(false);
    expect(acceptPollDue(listed, at('2026-12-02T10:00:29Z'), 30)).toBe(true);
    expect(acceptPollDue(listed, at('2026-12-02T10:00:30Z'), 30)).toBe(true);
  });

  it('should forgive at most a tenth of a short interval', () => {
    const listed = at('2026-12-02T10:00:00Z');
    expect(acceptPollDue(listed, at('2026-12-02T10:00:04.400Z'), 5)).toBe(false);
    expect(acceptPollDue(listed, at('2026-12-02T10:00:04.500Z'), 5)).toBe(true);
  });
});

describe('acceptPollTickSeconds', () => {
  it('should ask six times per interval, at least every second', () => {
    expect(acceptPollTickSeconds(30)).toBe(5);
    expect(acceptPollTickSeconds(300)).toBe(50);
    expect(acceptPollTickSeconds(2)).toBe(1);
  });
});

describe('acceptedWhileWaiting', () => {
  const waiting = [
    { requester_email: 'Nina@Uni.example', created_at: '2026-12-02T09:00:00.000Z' },
    { requester_email: 'nina@uni.example', created_at: '2026-12-02T09:30:00.000Z' },
    { requester_email: 'omar@uni.example', created_at: '2026-12-02T09:00:00.000Z' },
  ];

  it('should name each waiting person whose invite shows as accepted, with the projects their invites granted', () => {
    const accepted = acceptedWhileWaiting(
      [
        {
          email: 'nina@uni.example',
          status: 'accepted',
          accepted_at: unix('2026-12-02T10:00:00Z'),
          projects: [{ id: 'proj_a', role: 'member' }],
        },
        {
          email: 'NINA@uni.example',
          status: 'accepted',
          accepted_at: unix('2026-12-02T10:01:00Z'),
          projects: [{ id: 'proj_a', role: 'owner' }],
        },
        { email: 'omar@uni.example', status: 'pending', accepted_at: null, projects: [] },
        {
          email: 'pat@uni.example',
          status: 'accepted',
          accepted_at: unix('2026-12-02T10:00:00Z'),
          projects: [],
        },
      ],
      waiting,
    );
    expect([...accepted.entries()]).toEqual([['nina@uni.example', [{ id: 'proj_a', role: 'owner' }]]]);
  });

  it('should ignore an invite accepted before the oldest request of that person was made', () => {
    const accepted = acceptedWhileWaiting(
      [
        {
          email: 'omar@uni.example',
          status: 'accepted',
          accepted_at: unix('2026-11-01T10:00:00Z'),
          projects: [],
        },
      ],
      waiting,
    );
    expect(accepted.size).toBe(0);
  });
});
