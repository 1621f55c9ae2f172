import { describe, expect, it } from 'vitest';
import { dispatchById } from '../../src/slack/dispatch.js';

describe('dispatchById', () => {
  const calls: string[] = [];
  const record = (name: string) => async (args: { id: string }) => {
    calls.push(`${name}:${args.id}`);
  };
  const { matches, listener } = dispatchById(
    { access_approve: record('approve'), 'a.b+c': record('odd') },
    (args) => args.id,
  );

  it('matches exactly the registered ids, read literally', () => {
    expect(['access_approve', 'a.b+c'].map((id) => matches.test(id))).toEqual([true, true]);
    expect(
      ['access_approve_x', 'xaccess_approve', 'aXb+c', 'a.bbc', ''].map((id) => matches.test(id)),
    ).toEqual([false, false, false, false, false]);
  });

  it('hands each request to the listener of its id only', async () => {
    calls.length = 0;
    await listener({ id: 'a.b+c' });
    await listener({ id: 'access_approve' });
    await listener({ id: 'unknown' });
    expect(calls).toEqual(['odd:a.b+c', 'approve:access_approve']);
  });
});
