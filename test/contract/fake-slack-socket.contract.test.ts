/**
 * Contract: the fake Slack's Socket Mode speaks as Slack documents it.
 *
 * - `apps.connections.open` (https://docs.slack.dev/reference/methods/apps.connections.open): the app-level
 *   token goes in the `Authorization` header ("passing it as a POST parameter will result in an error"); the
 *   answer is `{ ok: true, url: "wss://…/link/?ticket=…&app_id=…" }`.
 * - "Using Socket Mode" (https://docs.slack.dev/apis/events-api/using-socket-mode): the `hello` message
 *   (`type`, `connection_info.app_id`, `num_connections`, `debug_info`), `disconnect` (`type`, `reason`:
 *   `refresh_requested`, `warning`, `link_disabled`; `debug_info.host`), envelopes (`payload`, `envelope_id`,
 *   `type`: `slash_commands` with the command's fields as JSON, `interactive`, `events_api`;
 *   `accepts_response_payload`) and the app's ack (`envelope_id`, optional `payload`).
 *
 * The bot's side (Bolt's SocketModeReceiver over @slack/socket-mode) is exercised in test/e2e/socket-mode.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.js';
import { FAKE_APP_TOKEN } from '../fakes/fake-slack-socket.js';

let slack: FakeSlack;

beforeEach(async () => {
  slack = await startFakeSlack();
});

afterEach(async () => {
  await slack.close();
});

async function open(headers: Record<string, string>, body = '') {
  const response = await fetch(`${slack.apiUrl}apps.connections.open`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return (await response.json()) as { ok: boolean; url?: string; error?: string };
}

/** Connects like a Socket Mode client; resolves with the socket and every message it receives. */
function connect(url: string): Promise<{ ws: WebSocket; messages: Record<string, unknown>[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const messages: Record<string, unknown>[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('error', reject);
  });
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

describe('apps.connections.open', () => {
  it('should answer a WebSocket URL with a ticket for the app-level token in the Authorization header', async () => {
    const answer = await open({ authorization: `Bearer ${FAKE_APP_TOKEN}` });

    expect(answer.ok).toBe(true);
    expect(answer.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[0-9a-f]+&app_id=A0FAKEAPP1$/);
  });

  it('should refuse the token as a POST parameter, a bot token and another app token', async () => {
    expect(await open({}, `token=${FAKE_APP_TOKEN}`)).toEqual({ ok: false, error: 'not_authed' });
    expect(await open({ authorization: 'Bearer xoxb-fake-token' })).toEqual({
      ok: false,
      error: 'not_allowed_token_type',
    });
    expect(await open({ authorization: 'Bearer xapp-1-A0OTHER-1-other' })).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
  });
});

describe('the Socket Mode WebSocket', () => {
  it('should greet with hello, deliver envelopes, take acks by envelope_id and ask to reconnect with disconnect', async () => {
    const { url } = await open({ authorization: `Bearer ${FAKE_APP_TOKEN}` });
    const { ws, messages } = await connect(url as string);
    await until(() => messages.length === 1);
    expect(messages[0]).toEqual({
      type: 'hello',
      num_connections: 1,
      debug_info: {
        host: expect.any(String),
        build_number: expect.any(Number),
        approximate_connection_time: 18060,
      },
      connection_info: { app_id: 'A0FAKEAPP1' },
    });

    const acked = slack.socketMode.deliver('slash_commands', { command: '/access', text: 'help' });
    await until(() => messages.length === 2);
    const envelope = messages[1] as Record<string, unknown>;
    expect(Object.keys(envelope).sort()).toEqual([
      'accepts_response_payload',
      'envelope_id',
      'payload',
      'type',
    ]);
    expect(envelope).toMatchObject({ type: 'slash_commands', accepts_response_payload: true });
    ws.send(JSON.stringify({ envelope_id: envelope.envelope_id, payload: { text: 'ok' } }));
    expect(await acked).toEqual({ envelope_id: envelope.envelope_id, payload: { text: 'ok' } });

    slack.socketMode.disconnect('refresh_requested');
    await until(() => messages.length === 3);
    expect(messages[2]).toEqual({
      type: 'disconnect',
      reason: 'refresh_requested',
      debug_info: { host: expect.any(String) },
    });
    ws.close(1000);
    await until(() => slack.socketMode.connections[0]?.open === false);
    expect(slack.socketMode.connections[0]?.closeCode).toBe(1000);
  });

  it('should let each ticket open one connection, so every reconnect calls apps.connections.open again', async () => {
    const { url } = await open({ authorization: `Bearer ${FAKE_APP_TOKEN}` });
    const { ws } = await connect(url as string);

    await expect(connect(url as string)).rejects.toThrow(/401/);
    await expect(connect((url as string).replace(/ticket=\w+/, 'ticket=forged'))).rejects.toThrow(/401/);
    ws.close();
  });

  it('should send events as events_api, which accepts no response payload, and interactivity as interactive', async () => {
    const { url } = await open({ authorization: `Bearer ${FAKE_APP_TOKEN}` });
    const { ws, messages } = await connect(url as string);
    await until(() => messages.length === 1);
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.envelope_id) ws.send(JSON.stringify({ envelope_id: message.envelope_id }));
    });

    await slack.socketMode.deliver('events_api', {
      type: 'event_callback',
      event: { type: 'app_home_opened' },
    });
    await slack.socketMode.deliver('interactive', { type: 'block_actions' });

    expect(messages.slice(1).map((m) => [m.type, m.accepts_response_payload])).toEqual([
      ['events_api', false],
      ['interactive', true],
    ]);
    ws.close();
  });

  it('should fail a delivery whose connection closes before the ack', async () => {
    const { url } = await open({ authorization: `Bearer ${FAKE_APP_TOKEN}` });
    const { ws, messages } = await connect(url as string);
    await until(() => messages.length === 1);

    const acked = slack.socketMode.deliver('interactive', { type: 'view_submission' });
    ws.close(1000);

    await expect(acked).rejects.toThrow(/closed \(1000\) before envelope .* was acked/);
    expect(() => slack.socketMode.deliver('interactive', {})).toThrow(/no open connection/);
  });
});
