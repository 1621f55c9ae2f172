import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResponseUrlError, responder } from '../../src/slack/respond.js';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';

describe('responder (a response_url post without fetch)', () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = await startFakeSlack({
      users: [{ id: 'U0ADA00001', name: 'ada' }],
      channels: [{ id: 'C0GENERAL1', name: 'general' }],
    });
  });
  afterEach(async () => {
    await slack.close();
  });

  it('posts the message as JSON, which Slack shows privately to the person', async () => {
    const url = slack.newResponseUrl({ userId: 'U0ADA00001', channelId: 'C0GENERAL1' });
    await responder(url)({ response_type: 'ephemeral', text: 'Already approved by <@U2>.' });

    expect(slack.responses.map((post) => [post.url, post.body, post.status])).toEqual([
      [url, { response_type: 'ephemeral', text: 'Already approved by <@U2>.' }, 200],
    ]);
    expect(slack.ephemerals('U0ADA00001').map((e) => [e.text, e.postedVia])).toEqual([
      ['Already approved by <@U2>.', 'response_url'],
    ]);
  });

  it('throws, with the status, when Slack refuses the post (a used-up url)', async () => {
    const url = slack.newResponseUrl({ userId: 'U0ADA00001', channelId: 'C0GENERAL1' });
    const respond = responder(url);
    for (let use = 1; use <= 5; use += 1)
      await respond({ response_type: 'ephemeral', text: `answer ${use}` });

    const refused = await respond({ response_type: 'ephemeral', text: 'a sixth' }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ResponseUrlError);
    expect((refused as ResponseUrlError).status).toBe(404);
    expect(slack.ephemerals('U0ADA00001')).toHaveLength(5);
  });
});
