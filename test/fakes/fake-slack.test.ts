import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';

const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';
const ADMINS = 'C0ADMINS01';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (title = 'Request access', extra: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  callback_id: 'access_request_modal',
  title: { type: 'plain_text' as const, text: title },
  blocks: [section('Pick a project')],
  ...extra,
});

describe('startFakeSlack', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeEach(async () => {
    fake = await startFakeSlack();
    fake.addUser({ id: ALICE, name: 'alice', email: 'Alice@Example.org', realName: 'Alice Liddell' });
    fake.addUser({ id: BOB, name: 'bob', email: 'bob@example.org' });
    fake.addChannel({ id: ADMINS, name: 'access-admins' });
    client = new WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
  });

  afterEach(async () => {
    await fake.close();
  });

  /** The `error` code of an ok:false answer, as WebClient throws it. */
  async function slackError(promise: Promise<unknown>): Promise<string | undefined> {
    try {
      await promise;
    } catch (error) {
      return (error as { data?: { error?: string } }).data?.error;
    }
    throw new Error('expected the call to fail');
  }

  it('should listen on an ephemeral 127.0.0.1 port with the API under /api/', () => {
    expect(fake.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.apiUrl).toBe(`${fake.origin}/api/`);
  });

  describe('authentication', () => {
    it('should answer invalid_auth to a wrong bearer token and record the call', async () => {
      const stranger = new WebClient('xoxb-someone-else', {
        slackApiUrl: fake.apiUrl,
        retryConfig: { retries: 0 },
      });

      expect(await slackError(stranger.auth.test())).toBe('invalid_auth');
      expect(fake.callsTo('auth.test')).toEqual([
        { method: 'auth.test', args: {}, ok: false, error: 'invalid_auth', status: 200 },
      ]);
    });

    it('should answer not_authed when no token is sent at all', async () => {
      const response = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' });

      expect(await response.json()).toEqual({ ok: false, error: 'not_authed' });
    });

    it('should accept the token as a form field and JSON bodies with a bearer token', async () => {
      const form = await fetch(`${fake.apiUrl}users.info`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: fake.botToken, user: ALICE }),
      });
      const json = await fetch(`${fake.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          authorization: `Bearer ${fake.botToken}`,
        },
        body: JSON.stringify({ channel: ADMINS, text: 'hi', blocks: [section('hi')] }),
      });

      expect(await form.json()).toMatchObject({ ok: true, user: { id: ALICE } });
      expect(await json.json()).toMatchObject({ ok: true, channel: ADMINS });
      expect(fake.callsTo('users.info')[0]?.args).toEqual({ user: ALICE });
      expect(fake.messages(ADMINS)[0]?.blocks).toEqual([section('hi')]);
    });

    it('should answer auth.test with the bot identity', async () => {
      const result = await client.auth.test();

      expect(result).toMatchObject({
        ok: true,
        user_id: fake.botUserId,
        bot_id: fake.botId,
        team_id: fake.teamId,
      });
    });

    it('should answer missing_scope when the token lacks the scope a method needs', async () => {
      const narrow = await startFakeSlack({ scopes: ['commands', 'chat:write', 'users:read'] });
      try {
        const narrowClient = new WebClient(narrow.botToken, {
          slackApiUrl: narrow.apiUrl,
          retryConfig: { retries: 0 },
        });
        const error = await narrowClient.users
          .lookupByEmail({ email: 'x@example.org' })
          .catch((e: unknown) => e);

        expect(error).toMatchObject({
          data: { ok: false, error: 'missing_scope', needed: 'users:read.email' },
        });
      } finally {
        await narrow.close();
      }
    });

    it('should answer unknown_method for a method it does not implement', async () => {
      expect(await slackError(client.apiCall('files.uploadV1'))).toBe('unknown_method');
    });
  });

  describe('chat.postMessage', () => {
    it('should post to a user id into the bot DM and answer with the D… channel, as Slack does', async () => {
      const result = await client.chat.postMessage({ channel: ALICE, text: 'Your request was approved' });

      expect(result.channel).toBe(fake.dmChannelFor(ALICE));
      expect(result.channel).toMatch(/^D[A-Z0-9]{8,}$/);
      expect(fake.dmsTo(ALICE).map((message) => message.text)).toEqual(['Your request was approved']);
      expect(fake.messages(ALICE)).toEqual(fake.dmsTo(ALICE));
    });

    it('should give every message a Slack-format ts, strictly increasing', async () => {
      const results = [];
      for (let i = 0; i < 20; i++)
        results.push(await client.chat.postMessage({ channel: ADMINS, text: `n${i}` }));
      const stamps = results.map((result) => result.ts ?? '');

      for (const ts of stamps) expect(ts).toMatch(/^\d{10}\.\d{6}$/);
      const sorted = [...stamps].sort((a, b) => Number(a) - Number(b));
      expect(stamps).toEqual(sorted);
      expect(new Set(stamps).size).toBe(stamps.length);
    });

    it('should record the arguments with blocks parsed back to objects', async () => {
      await client.chat.postMessage({ channel: ADMINS, text: 'fallback', blocks: [section('*bold*')] });

      expect(fake.callsTo('chat.postMessage')[0]).toEqual({
        method: 'chat.postMessage',
        args: { channel: ADMINS, text: 'fallback', blocks: [section('*bold*')] },
        ok: true,
        status: 200,
      });
    });

    it('should keep thread replies with their thread_ts', async () => {
      const parent = await client.chat.postMessage({ channel: ADMINS, text: 'request' });
      await client.chat.postMessage({ channel: ADMINS, text: 'reminder', thread_ts: parent.ts ?? '' });

      expect(fake.messages(ADMINS).map((message) => [message.text, message.threadTs])).toEqual([
        ['request', undefined],
        ['reminder', parent.ts],
      ]);
    });

    it('should answer channel_not_found for an unknown channel or user and not_in_channel outside the channel', async () => {
      fake.addChannel({ id: 'C0SECRET01', name: 'secret', isPrivate: true, botIsMember: false });

      expect(await slackError(client.chat.postMessage({ channel: 'C0NOPE0001', text: 'x' }))).toBe(
        'channel_not_found',
      );
      expect(await slackError(client.chat.postMessage({ channel: 'U0NOBODY01', text: 'x' }))).toBe(
        'channel_not_found',
      );
      expect(await slackError(client.chat.postMessage({ channel: 'C0SECRET01', text: 'x' }))).toBe(
        'not_in_channel',
      );
      expect(fake.callsTo('chat.postMessage').map((call) => call.error)).toEqual([
        'channel_not_found',
        'channel_not_found',
        'not_in_channel',
      ]);
    });

    it('should answer no_text when there is neither text nor blocks', async () => {
      expect(await slackError(client.chat.postMessage({ channel: ADMINS, text: '' }))).toBe('no_text');
    });

    it('should answer invalid_blocks past 50 blocks or a section text over 3000 characters', async () => {
      const many = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
      const tooMany = await client.chat
        .postMessage({ channel: ADMINS, text: 'x', blocks: many })
        .catch((e: unknown) => e);

      expect(tooMany).toMatchObject({
        data: {
          error: 'invalid_blocks',
          response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
        },
      });
      expect(
        await slackError(
          client.chat.postMessage({ channel: ADMINS, text: 'x', blocks: [section('a'.repeat(3001))] }),
        ),
      ).toBe('invalid_blocks');
      await expect(
        client.chat.postMessage({ channel: ADMINS, text: 'x', blocks: [section('a'.repeat(3000))] }),
      ).resolves.toMatchObject({ ok: true });
      expect(
        await slackError(
          client.chat.postMessage({
            channel: ADMINS,
            text: 'x',
            blocks: [
              { ...section('a'), block_id: 'same' },
              { ...section('b'), block_id: 'same' },
            ],
          }),
        ),
      ).toBe('invalid_blocks');
    });
  });

  describe('chat.update', () => {
    it('should replace text and blocks and keep the earlier versions', async () => {
      const posted = await client.chat.postMessage({
        channel: BOB,
        text: 'pending',
        blocks: [section('Approve?')],
      });
      const updated = await client.chat.update({
        channel: posted.channel ?? '',
        ts: posted.ts ?? '',
        text: 'approved',
        blocks: [section('Approved by <@U0BOB00001>')],
      });

      expect(updated).toMatchObject({ ok: true, channel: posted.channel, ts: posted.ts, text: 'approved' });
      const [message] = fake.dmsTo(BOB);
      expect(message).toMatchObject({ text: 'approved', blocks: [section('Approved by <@U0BOB00001>')] });
      expect(message?.history).toEqual([{ text: 'pending', blocks: [section('Approve?')] }]);
    });

    it('should keep the blocks when blocks are left out and drop them for an empty array', async () => {
      const posted = await client.chat.postMessage({ channel: ADMINS, text: 'a', blocks: [section('A')] });
      const where = { channel: ADMINS, ts: posted.ts ?? '' };

      await client.chat.update({ ...where, text: 'b' });
      expect(fake.messages(ADMINS)[0]).toMatchObject({ text: 'b', blocks: [section('A')] });
      await client.chat.update({ ...where, text: 'c', blocks: [] });
      expect(fake.messages(ADMINS)[0]?.blocks).toBeUndefined();
    });

    it('should answer channel_not_found for a user id (a DM needs its D… id) and message_not_found for an unknown ts', async () => {
      const posted = await client.chat.postMessage({ channel: BOB, text: 'pending' });

      expect(await slackError(client.chat.update({ channel: BOB, ts: posted.ts ?? '', text: 'x' }))).toBe(
        'channel_not_found',
      );
      expect(
        await slackError(
          client.chat.update({ channel: posted.channel ?? '', ts: '1700000000.000001', text: 'x' }),
        ),
      ).toBe('message_not_found');
    });
  });

  describe('chat.postEphemeral and chat.delete', () => {
    it('should show an ephemeral to that user only', async () => {
      const result = await client.chat.postEphemeral({
        channel: ADMINS,
        user: ALICE,
        text: 'Only you can see this',
      });

      expect(result.message_ts).toMatch(/^\d{10}\.\d{6}$/);
      expect(fake.ephemerals(ALICE)).toMatchObject([{ channel: ADMINS, text: 'Only you can see this' }]);
      expect(fake.ephemerals(BOB)).toEqual([]);
      expect(fake.messages(ADMINS)).toEqual([]);
    });

    it('should answer user_not_in_channel for a user outside a channel with known members', async () => {
      fake.addChannel({ id: 'C0SMALL001', name: 'small', members: [ALICE] });

      expect(
        await slackError(client.chat.postEphemeral({ channel: 'C0SMALL001', user: BOB, text: 'x' })),
      ).toBe('user_not_in_channel');
    });

    it('should delete a message, and answer message_not_found the second time', async () => {
      const posted = await client.chat.postMessage({ channel: ADMINS, text: 'oops' });

      await client.chat.delete({ channel: ADMINS, ts: posted.ts ?? '' });
      expect(fake.messages(ADMINS)).toEqual([]);
      expect(await slackError(client.chat.delete({ channel: ADMINS, ts: posted.ts ?? '' }))).toBe(
        'message_not_found',
      );
    });
  });

  describe('conversations.open', () => {
    it('should open the DM dmChannelFor names, and say already_open the second time', async () => {
      const first = await client.conversations.open({ users: ALICE });
      const second = await client.conversations.open({ users: ALICE });

      expect(first.channel).toEqual({ id: fake.dmChannelFor(ALICE) });
      expect(first.already_open).toBeUndefined();
      expect(second).toMatchObject({
        no_op: true,
        already_open: true,
        channel: { id: fake.dmChannelFor(ALICE) },
      });
      expect(fake.dmChannelFor(BOB)).not.toBe(fake.dmChannelFor(ALICE));
    });

    it('should answer user_not_found for an unknown user and user_disabled for a deactivated one', async () => {
      fake.addUser({ id: 'U0GONE0001', name: 'gone', deleted: true });

      expect(await slackError(client.conversations.open({ users: 'U0NOBODY01' }))).toBe('user_not_found');
      expect(await slackError(client.conversations.open({ users: 'U0GONE0001' }))).toBe('user_disabled');
    });
  });

  describe('conversations.members', () => {
    it('should list the members of a channel in pages, and answer channel_not_found for an unknown channel', async () => {
      fake.addChannel({ id: 'C0MEMBERS1', name: 'lab', members: ['U0A0000001', 'U0A0000002', 'U0A0000003'] });

      const first = await client.conversations.members({ channel: 'C0MEMBERS1', limit: 2 });
      const cursor = first.response_metadata?.next_cursor as string;
      const second = await client.conversations.members({ channel: 'C0MEMBERS1', limit: 2, cursor });

      expect([...(first.members ?? []), ...(second.members ?? [])]).toEqual([
        'U0A0000001',
        'U0A0000002',
        'U0A0000003',
      ]);
      expect(second.response_metadata?.next_cursor).toBe('');
      expect(await slackError(client.conversations.members({ channel: 'C0NOWHERE1' }))).toBe(
        'channel_not_found',
      );
    });
  });

  describe('users.info and users.lookupByEmail', () => {
    it('should find a user by id and by email regardless of case', async () => {
      const byId = await client.users.info({ user: ALICE });
      const byEmail = await client.users.lookupByEmail({ email: 'alice@example.ORG' });

      expect(byId.user).toMatchObject({
        id: ALICE,
        name: 'alice',
        real_name: 'Alice Liddell',
        deleted: false,
        is_bot: false,
      });
      expect(byId.user?.profile?.email).toBe('Alice@Example.org');
      expect(byEmail.user?.id).toBe(ALICE);
    });

    it('should answer user_not_found / users_not_found, and hide deactivated users from lookupByEmail', async () => {
      fake.addUser({ id: 'U0GONE0001', name: 'gone', email: 'gone@example.org', deleted: true });

      expect(await slackError(client.users.info({ user: 'U0NOBODY01' }))).toBe('user_not_found');
      expect(await slackError(client.users.lookupByEmail({ email: 'nobody@example.org' }))).toBe(
        'users_not_found',
      );
      expect(await slackError(client.users.lookupByEmail({ email: 'gone@example.org' }))).toBe(
        'users_not_found',
      );
      expect((await client.users.info({ user: 'U0GONE0001' })).user?.deleted).toBe(true);
    });

    it('should reject ids that are not Slack user ids', () => {
      expect(() => fake.addUser({ id: 'alice', name: 'alice' })).toThrow(/not a Slack user id/);
    });
  });

  describe('views', () => {
    it('should need a trigger_id to open a modal', async () => {
      expect(await slackError(client.apiCall('views.open', { view: modal() }))).toBe('invalid_arguments');
    });

    it('should open a modal with an id and hash, recorded in openedViews', async () => {
      const triggerId = fake.newTriggerId({ userId: ALICE });
      const result = await client.views.open({ trigger_id: triggerId, view: modal() });

      expect(result.view).toMatchObject({
        id: expect.stringMatching(/^V[A-Z0-9]+$/),
        hash: expect.stringMatching(/^\d{10}\.[0-9a-f]{8}$/),
        type: 'modal',
        callback_id: 'access_request_modal',
        state: { values: {} },
      });
      expect(fake.openedViews).toMatchObject([
        { triggerId, id: result.view?.id, userId: ALICE, closed: false },
      ]);
      expect(fake.view(result.view?.id ?? '')).toEqual(result.view);
    });

    it('should refuse a trigger id used twice or older than 3 seconds', async () => {
      let now = Date.now();
      const clocked = await startFakeSlack({ now: () => now });
      try {
        const clockedClient = new WebClient(clocked.botToken, {
          slackApiUrl: clocked.apiUrl,
          retryConfig: { retries: 0 },
        });
        const used = clocked.newTriggerId();
        await clockedClient.views.open({ trigger_id: used, view: modal() });
        const old = clocked.newTriggerId();
        now += 3001;

        expect(await slackError(clockedClient.views.open({ trigger_id: used, view: modal() }))).toBe(
          'exchanged_trigger_id',
        );
        expect(await slackError(clockedClient.views.open({ trigger_id: old, view: modal() }))).toBe(
          'expired_trigger_id',
        );
      } finally {
        await clocked.close();
      }
    });

    it('should update a view by id with the current hash and answer hash_conflict to a stale one', async () => {
      const opened = await client.views.open({ trigger_id: fake.newTriggerId(), view: modal() });
      const id = opened.view?.id ?? '';
      const firstHash = opened.view?.hash ?? '';

      const updated = await client.views.update({ view_id: id, hash: firstHash, view: modal('Step 2') });

      expect(updated.view?.hash).not.toBe(firstHash);
      expect(fake.view(id).title.text).toBe('Step 2');
      expect(fake.openedViews[0]?.hash).toBe(updated.view?.hash);
      expect(fake.openedViews[0]?.history).toHaveLength(1);
      expect(
        await slackError(client.views.update({ view_id: id, hash: firstHash, view: modal('Step 3') })),
      ).toBe('hash_conflict');
      expect(await slackError(client.views.update({ view_id: 'V0NOPE', view: modal() }))).toBe('not_found');
    });

    it('should update a view by external_id', async () => {
      await client.views.open({
        trigger_id: fake.newTriggerId(),
        view: modal('One', { external_id: 'req-42' }),
      });

      await client.views.update({ external_id: 'req-42', view: modal('Two', { external_id: 'req-42' }) });

      expect(fake.openedViews[0]?.view.title.text).toBe('Two');
    });

    it('should answer invalid_arguments for a modal over the Block Kit limits', async () => {
      const tooMany = { ...modal(), blocks: Array.from({ length: 101 }, (_, i) => section(`b${i}`)) };
      const inputWithoutSubmit = {
        ...modal(),
        blocks: [
          {
            type: 'input',
            block_id: 'b',
            label: { type: 'plain_text', text: 'L' },
            element: { type: 'plain_text_input', action_id: 'a' },
          },
        ],
      };

      expect(await slackError(client.views.open({ trigger_id: fake.newTriggerId(), view: tooMany }))).toBe(
        'invalid_arguments',
      );
      expect(
        await slackError(client.views.open({ trigger_id: fake.newTriggerId(), view: inputWithoutSubmit })),
      ).toBe('invalid_arguments');
      expect(
        await slackError(
          client.views.open({ trigger_id: fake.newTriggerId(), view: modal('A title longer than 24 chars') }),
        ),
      ).toBe('invalid_arguments');
    });

    it('should push onto the modal a click came from, up to three views deep', async () => {
      const root = await client.views.open({
        trigger_id: fake.newTriggerId({ userId: ALICE }),
        view: modal('Root'),
      });
      const rootId = root.view?.id ?? '';
      const second = await client.views.push({
        trigger_id: fake.newTriggerId({ userId: ALICE, viewId: rootId }),
        view: modal('Second'),
      });
      const secondId = second.view?.id ?? '';
      const third = await client.views.push({
        trigger_id: fake.newTriggerId({ userId: ALICE, viewId: secondId }),
        view: modal('Third'),
      });

      expect(second.view).toMatchObject({ root_view_id: rootId, previous_view_id: rootId });
      expect(third.view).toMatchObject({ root_view_id: rootId, previous_view_id: secondId });
      expect(fake.openedViews.map((view) => view.via)).toEqual(['views.open', 'views.push', 'views.push']);
      expect(
        await slackError(
          client.views.push({
            trigger_id: fake.newTriggerId({ viewId: third.view?.id ?? '' }),
            view: modal('Fourth'),
          }),
        ),
      ).toBe('push_limit_reached');
    });

    it('should publish Home tabs per user, newest last, with a stable view id', async () => {
      const first = await client.views.publish({
        user_id: ALICE,
        view: { type: 'home', blocks: [section('v1')] },
      });
      const second = await client.views.publish({
        user_id: ALICE,
        view: { type: 'home', blocks: [section('v2')] },
      });

      expect(second.view?.id).toBe(first.view?.id);
      expect(fake.homeViews(ALICE).map((view) => view.blocks[0].text.text)).toEqual(['v1', 'v2']);
      expect(fake.homeViews(BOB)).toEqual([]);
      expect(
        await slackError(
          client.views.publish({
            user_id: ALICE,
            hash: first.view?.hash ?? '',
            view: { type: 'home', blocks: [] },
          }),
        ),
      ).toBe('hash_conflict');
      expect(
        await slackError(client.views.publish({ user_id: 'U0NOBODY01', view: { type: 'home', blocks: [] } })),
      ).toBe('user_not_found');
    });
  });

  describe('failNext', () => {
    it('should fail the next call with the given error, the given number of times, then behave again', async () => {
      fake.failNext('users.lookupByEmail', 'fatal_error', 2);

      expect(await slackError(client.users.lookupByEmail({ email: 'bob@example.org' }))).toBe('fatal_error');
      expect(await slackError(client.users.lookupByEmail({ email: 'bob@example.org' }))).toBe('fatal_error');
      expect((await client.users.lookupByEmail({ email: 'bob@example.org' })).user?.id).toBe(BOB);
      expect(fake.callsTo('users.lookupByEmail').map((call) => call.ok)).toEqual([false, false, true]);
    });

    it('should answer HTTP 429 with Retry-After, which WebClient throws at once with rejectRateLimitedCalls', async () => {
      fake.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
      const impatient = new WebClient(fake.botToken, {
        slackApiUrl: fake.apiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
      });

      const error = await impatient.chat.postMessage({ channel: ADMINS, text: 'x' }).catch((e: unknown) => e);

      expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 30 });
      expect(fake.callsTo('chat.postMessage')[0]).toMatchObject({
        ok: false,
        error: 'ratelimited',
        status: 429,
      });
    });

    it('should make WebClient with retries 0 wait Retry-After seconds and then throw a request error', async () => {
      fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
      const started = Date.now();

      const error = await client.chat.postMessage({ channel: ADMINS, text: 'x' }).catch((e: unknown) => e);

      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(error).toMatchObject({ code: ErrorCode.RequestError });
      expect((error as Error).message).toMatch(/rate limit was exceeded/);
      expect(fake.messages(ADMINS)).toEqual([]);
    });

    it('should answer an injected HTTP 500, which WebClient throws as an HTTP error', async () => {
      fake.failNext('views.publish', { status: 500 });

      const error = await client.views
        .publish({ user_id: ALICE, view: { type: 'home', blocks: [] } })
        .catch((e: unknown) => e);

      expect(error).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    });
  });

  describe('hold', () => {
    it('should carry a matching call out only once released, and let other calls through meanwhile', async () => {
      const held = fake.hold('chat.postMessage', (args) => args.channel === ADMINS);
      const posting = client.chat.postMessage({ channel: ADMINS, text: 'held' });
      expect((await held.reached).args).toMatchObject({ channel: ADMINS, text: 'held' });
      await client.chat.postMessage({ channel: fake.generalChannelId, text: 'free' });
      expect(fake.messages(ADMINS)).toEqual([]);
      held.release();
      expect((await posting).ok).toBe(true);
      await client.chat.postMessage({ channel: ADMINS, text: 'next' });
      expect(fake.messages(ADMINS).map((m) => m.text)).toEqual(['held', 'next']);
    });
  });

  describe('response_url', () => {
    async function post(url: string, body: unknown) {
      return fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    }

    it('should record POSTs and show a plain reply as an ephemeral to the user', async () => {
      const url = fake.newResponseUrl({ userId: ALICE, channelId: ADMINS });

      const response = await post(url, { text: 'Working on it' });

      expect(url).toMatch(new RegExp(`^${fake.origin}/response-url/\\d+$`));
      expect(response.status).toBe(200);
      expect(fake.responses).toEqual([{ url, body: { text: 'Working on it' }, status: 200 }]);
      expect(fake.ephemerals(ALICE)).toMatchObject([
        { channel: ADMINS, text: 'Working on it', postedVia: 'response_url' },
      ]);
    });

    it('should replace, post in channel and delete the original message as asked', async () => {
      const posted = await client.chat.postMessage({ channel: ADMINS, text: 'pending' });
      const url = fake.newResponseUrl({ userId: BOB, channelId: ADMINS, messageTs: posted.ts ?? '' });

      await post(url, { replace_original: true, text: 'approved' });
      expect(fake.messages(ADMINS).map((message) => message.text)).toEqual(['approved']);
      await post(url, { response_type: 'in_channel', text: 'FYI: approved' });
      expect(fake.messages(ADMINS).map((message) => message.text)).toEqual(['approved', 'FYI: approved']);
      await post(url, { delete_original: true });
      expect(fake.messages(ADMINS).map((message) => message.text)).toEqual(['FYI: approved']);
    });

    it('should refuse a sixth use and an unknown url with 404', async () => {
      const url = fake.newResponseUrl({ userId: ALICE });
      for (let i = 0; i < 5; i++) expect((await post(url, { text: `${i}` })).status).toBe(200);

      const sixth = await post(url, { text: 'again' });
      const unknown = await post(`${fake.origin}/response-url/999999`, { text: 'x' });

      expect([sixth.status, await sixth.text()]).toEqual([404, 'used_url']);
      expect([unknown.status, await unknown.text()]).toEqual([404, 'expired_url']);
    });
  });

  describe('files.uploadV2 (files.getUploadURLExternal, the upload URL, files.completeUploadExternal)', () => {
    it('should keep the uploaded bytes and share the file in the conversation with its comment', async () => {
      const dm = (await client.conversations.open({ users: ALICE })).channel?.id ?? '';
      const csv = 'date,project_id,cost_usd\n2026-11-01,proj_a,12.50\n';

      const result = await client.filesUploadV2({
        channel_id: dm,
        file: Buffer.from(csv, 'utf8'),
        filename: 'costs.csv',
        title: 'Costs November',
        initial_comment: 'Here are the costs',
      });

      expect(fake.calls.map((call) => call.method)).toEqual([
        'conversations.open',
        'files.getUploadURLExternal',
        'files.completeUploadExternal',
      ]);
      expect(fake.callsTo('files.getUploadURLExternal')[0]?.args).toMatchObject({
        filename: 'costs.csv',
        length: String(Buffer.byteLength(csv)),
      });
      const [file] = fake.files();
      expect(file).toMatchObject({
        filename: 'costs.csv',
        title: 'Costs November',
        text: csv,
        declaredLength: Buffer.byteLength(csv),
        completed: true,
        channel: dm,
        initialComment: 'Here are the costs',
      });
      expect(fake.dmsTo(ALICE).at(-1)).toMatchObject({
        text: 'Here are the costs',
        postedVia: 'files.completeUploadExternal',
        files: [{ id: file?.id, name: 'costs.csv', title: 'Costs November' }],
      });
      expect(JSON.stringify(result)).toContain(file?.id ?? 'no file');
    });

    it('should answer file_not_found when completing a file whose bytes never arrived', async () => {
      const { file_id: fileId } = await client.files.getUploadURLExternal({ filename: 'a.csv', length: 3 });

      expect(await slackError(client.files.completeUploadExternal({ files: [{ id: fileId ?? '' }] }))).toBe(
        'file_not_found',
      );
    });

    it('should answer missing_scope without files:write', async () => {
      const narrow = await startFakeSlack({ scopes: ['commands', 'chat:write', 'im:write'] });
      try {
        const narrowClient = new WebClient(narrow.botToken, {
          slackApiUrl: narrow.apiUrl,
          retryConfig: { retries: 0 },
        });
        const error = await narrowClient.files
          .getUploadURLExternal({ filename: 'a.csv', length: 3 })
          .catch((e: unknown) => e);

        expect(error).toMatchObject({ data: { ok: false, error: 'missing_scope', needed: 'files:write' } });
      } finally {
        await narrow.close();
      }
    });
  });
});
