import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeSocketConnection } from '../fakes/fake-slack-socket.js';
import { type Person, startHarness } from '../support/harness.js';
import { requestFormValues } from '../support/request-form.js';
import { type SocketHarness, startSocketHarness } from '../support/socket-harness.js';

const JUSTIFICATION = 'Running evaluation jobs for my thesis chapter on retrieval.';

let h: SocketHarness;
let alpha: { id: string; name: string | null };
let owner: Person;
let requester: Person;

beforeEach(async () => {
  h = await startSocketHarness();
  owner = h.person({ slackId: 'UOWNER', name: 'Olga Owner' });
  requester = h.person({ slackId: 'UREQ', name: 'Rita Researcher' });
  alpha = h.openai.state.addProject({ name: 'Alpha' });
  h.openai.state.addProjectUser(alpha.id, owner.orgUserId as string, 'owner');
});

afterEach(async () => {
  await h.close();
});

/** The envelopes the fake sent on a connection (hello and disconnect left out). */
function envelopesOn(connection: FakeSocketConnection | undefined) {
  return (connection?.sent ?? []).filter((message) => typeof message.envelope_id === 'string');
}

/** A button in the newest DM to `userId` that carries it, found by the text people see on it. */
function buttonInDm(userId: string, text: string) {
  for (const message of [...h.slack.dmsTo(userId)].reverse()) {
    for (const block of message.blocks ?? []) {
      const elements = (block as { elements?: Record<string, unknown>[] }).elements ?? [];
      const button = elements.find(
        (element) => element.type === 'button' && (element.text as { text?: string })?.text === text,
      );
      if (button)
        return { messageTs: message.ts, actionId: String(button.action_id), value: String(button.value) };
    }
  }
  throw new Error(`no "${text}" button in a DM to ${userId}`);
}

describe('Socket Mode', () => {
  it('should connect through apps.connections.open with the app-level token, serve /healthz on PORT and nothing at /slack/events', async () => {
    const opens = h.slack.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]?.ok).toBe(true);
    expect(h.socket.connections).toHaveLength(1);
    expect(h.socket.connections[0]?.sent[0]).toMatchObject({
      type: 'hello',
      connection_info: { app_id: h.slack.appId },
    });

    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { ok: true } });

    // No public HTTP endpoint: Slack traffic arrives only over the socket.
    const events = await fetch(`${h.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'command=%2Faccess&text=help&user_id=UREQ',
    });
    expect(events.status).toBe(404);
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('should answer GET routes on PORT as HTTP mode does, /metrics too once it exists', async () => {
    const http = await startHarness();
    try {
      for (const path of ['/healthz', '/metrics', '/nothing-here']) {
        const [socketMode, httpMode] = await Promise.all([
          fetch(`${h.url}${path}`),
          fetch(`${http.url}${path}`),
        ]);
        expect({ path, status: socketMode.status }).toEqual({ path, status: httpMode.status });
        expect(socketMode.headers.get('content-type')).toBe(httpMode.headers.get('content-type'));
      }
    } finally {
      await http.close();
    }
  });

  it('should ack a slash command envelope before the modal opens', async () => {
    const held = h.slack.hold('views.open');
    const answer = await h.sender.slashCommand({ userId: requester.slackId, text: '' });

    // The ack came back while views.open was still held in the fake: acking does not wait on Slack.
    expect(answer.status).toBe(200);
    const [envelope] = envelopesOn(h.socket.current());
    expect(envelope).toMatchObject({ type: 'slash_commands', accepts_response_payload: true });
    expect(envelope?.payload).toMatchObject({ command: '/access', user_id: requester.slackId });
    expect(h.socket.acks.map((ack) => ack.envelope_id)).toEqual([envelope?.envelope_id]);

    await held.reached;
    held.release();
    await h.bot.idle();
    expect(h.slack.callsTo('views.open').map((call) => call.ok)).toEqual([true]);
  });

  it('should run /access → modal → submit → owner approves → applied over the socket, across a refresh_requested reconnect', async () => {
    await h.settle(h.sender.slashCommand({ userId: requester.slackId, text: '' }));
    const opened = h.slack.openedViews.at(-1);
    if (!opened) throw new Error('no modal was opened');
    const first = h.socket.connections[0];

    // Slack recycles the connection: the bot closes it and opens a new one through apps.connections.open.
    h.socket.disconnect('refresh_requested');
    await h.socket.connected(2);
    expect(first?.open).toBe(false);
    expect(first?.closeCode).toBe(1000);
    expect(h.slack.callsTo('apps.connections.open').map((call) => call.ok)).toEqual([true, true]);
    const second = h.socket.current();
    expect(second?.number).toBe(2);
    expect(second?.ticket).not.toBe(first?.ticket);

    await h.settle(
      h.sender.viewSubmissionOf({
        userId: requester.slackId,
        view: h.slack.view(opened.id),
        values: requestFormValues({ projectId: alpha.id, role: 'member', justification: JUSTIFICATION }),
      }),
    );
    const [submission] = envelopesOn(second);
    expect(submission).toMatchObject({ type: 'interactive', payload: { type: 'view_submission' } });
    // An empty ack closes the modal.
    expect(h.slack.openedViews.find((view) => view.id === opened.id)?.closed).toBe(true);
    const request = await h.bot.db.selectFrom('access_requests').selectAll().executeTakeFirstOrThrow();
    expect(request.status).toBe('pending');

    const approve = buttonInDm(owner.slackId, 'Approve');
    expect(approve.value).toBe(request.id);
    await h.settle(h.sender.blockAction({ userId: owner.slackId, ...approve }));

    const click = envelopesOn(second).at(-1);
    expect(click).toMatchObject({ type: 'interactive', payload: { type: 'block_actions' } });
    const acked = new Set(h.socket.acks.map((ack) => ack.envelope_id));
    for (const envelope of [...envelopesOn(first), ...envelopesOn(second)]) {
      expect(acked.has(envelope.envelope_id as string)).toBe(true);
    }

    const applied = await h.bot.db
      .selectFrom('access_requests')
      .selectAll()
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(applied.status).toBe('applied');
    const member = h.openai.state.projectUsers(alpha.id).find((user) => user.id === requester.orgUserId);
    expect(member?.role).toBe('member');
    expect(JSON.stringify(h.slack.dmsTo(requester.slackId).at(-1))).toContain("You're in *Alpha*, as member");
  }, 30_000);

  it('should keep reconnecting when apps.connections.open fails during a refresh, then serve again', async () => {
    h.slack.failNext('apps.connections.open', { status: 500 });
    h.socket.disconnect('refresh_requested');
    await h.socket.connected(2);

    expect(h.slack.callsTo('apps.connections.open').map((call) => call.status)).toEqual([200, 500, 200]);
    expect(h.logs.join('\n')).toMatch(
      /could not reconnect to Slack \(attempt 1: .*500.*\); trying again in 1 s/,
    );
    await h.settle(h.sender.slashCommand({ userId: requester.slackId, text: '' }));
    expect(envelopesOn(h.socket.current())).toHaveLength(1);
    expect(h.slack.callsTo('views.open').map((call) => call.ok)).toEqual([true]);
  });

  it('should reconnect when the connection drops without a disconnect message', async () => {
    h.socket.drop();
    await h.socket.connected(2);

    expect(h.socket.connections[0]?.open).toBe(false);
    expect(h.slack.callsTo('apps.connections.open')).toHaveLength(2);
    await h.settle(h.sender.slashCommand({ userId: requester.slackId, text: '' }));
    expect(h.slack.callsTo('views.open').map((call) => call.ok)).toEqual([true]);
  });
});
