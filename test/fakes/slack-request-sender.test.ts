import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type Logger, LogLevel, verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { renderBlocksAsText, renderViewAsText } from './render-blocks.js';
import {
  datePicker,
  plainText,
  radio,
  SlackRequestSender,
  signSlackRequest,
  staticSelect,
} from './slack-request-sender.js';

const SIGNING_SECRET = 'test-signing-secret';
const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';

/** Keeps Bolt quiet and lets tests read what it logged. */
function recordingLogger(): Logger & { lines: { level: string; text: string }[] } {
  const lines: { level: string; text: string }[] = [];
  const log =
    (level: string) =>
    (...parts: unknown[]) => {
      lines.push({ level, text: parts.map(String).join(' ') });
    };
  return {
    lines,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}

const requestModal = {
  type: 'modal' as const,
  callback_id: 'access_request_modal',
  private_metadata: 'req-42',
  title: { type: 'plain_text' as const, text: 'Request access' },
  submit: { type: 'plain_text' as const, text: 'Submit' },
  close: { type: 'plain_text' as const, text: 'Cancel' },
  blocks: [
    {
      type: 'input',
      block_id: 'project_block',
      label: { type: 'plain_text', text: 'Project' },
      element: {
        type: 'static_select',
        action_id: 'project',
        options: [
          { text: { type: 'plain_text', text: 'Research' }, value: 'proj_1' },
          { text: { type: 'plain_text', text: 'Production' }, value: 'proj_2' },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'role_block',
      label: { type: 'plain_text', text: 'Role' },
      element: {
        type: 'radio_buttons',
        action_id: 'role',
        initial_option: { text: { type: 'plain_text', text: 'Member' }, value: 'member' },
        options: [
          { text: { type: 'plain_text', text: 'Member' }, value: 'member' },
          { text: { type: 'plain_text', text: 'Owner' }, value: 'owner' },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'justification_block',
      label: { type: 'plain_text', text: 'Why?' },
      element: { type: 'plain_text_input', action_id: 'justification', multiline: true },
    },
    {
      type: 'input',
      block_id: 'end_date_block',
      optional: true,
      label: { type: 'plain_text', text: 'Until' },
      element: { type: 'datepicker', action_id: 'end_date' },
    },
  ],
};

describe('SlackRequestSender against a real Bolt App', () => {
  let fake: FakeSlack;
  let app: App;
  let server: Server;
  let sender: SlackRequestSender;
  let logger: ReturnType<typeof recordingLogger>;
  // biome-ignore lint/suspicious/noExplicitAny: payloads as Bolt handed them to the listeners.
  const received: { kind: string; body: any }[] = [];
  const appErrors: unknown[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.addUser({ id: ALICE, name: 'alice', email: 'alice@example.org' });
    fake.addUser({ id: BOB, name: 'bob', email: 'bob@example.org' });
    logger = recordingLogger();
    app = new App({
      token: fake.botToken,
      signingSecret: SIGNING_SECRET,
      // With both ids given, Bolt skips its start-up auth.test call.
      botId: fake.botId,
      botUserId: fake.botUserId,
      logger,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.error(async (error) => {
      appErrors.push(error);
    });

    app.command('/access', async ({ ack, command, client }) => {
      received.push({ kind: 'command', body: command });
      await ack();
      if (command.text === 'request') {
        await client.views.open({ trigger_id: command.trigger_id, view: requestModal });
      } else if (command.text === 'approval') {
        await client.chat.postMessage({
          channel: BOB,
          text: 'alice asks for proj_1',
          blocks: [
            {
              type: 'section',
              block_id: 'summary',
              text: { type: 'mrkdwn', text: '<@U0ALICE001> asks for *proj_1*' },
            },
            {
              type: 'actions',
              block_id: 'decision',
              elements: [
                {
                  type: 'button',
                  action_id: 'access_approve',
                  text: { type: 'plain_text', text: 'Approve' },
                  value: 'req-42',
                  style: 'primary',
                },
                {
                  type: 'button',
                  action_id: 'access_deny',
                  text: { type: 'plain_text', text: 'Deny' },
                  value: 'req-42',
                  style: 'danger',
                },
              ],
            },
          ],
        });
      } else {
        await client.chat.postMessage({ channel: command.user_id, text: `You said: ${command.text}` });
      }
    });

    app.action('access_approve', async ({ ack, body, respond }) => {
      received.push({ kind: 'action', body });
      await ack();
      await respond({ replace_original: true, text: 'Approved by <@U0BOB00001>' });
    });

    app.view('access_request_modal', async ({ ack, view, body, client }) => {
      received.push({ kind: 'view', body });
      const justification = view.state.values.justification_block?.justification?.value ?? '';
      if (justification.length < 10) {
        await ack({
          response_action: 'errors',
          errors: { justification_block: 'Please write at least 10 characters' },
        });
        return;
      }
      await ack();
      await client.chat.postMessage({ channel: body.user.id, text: 'Request submitted' });
    });

    app.event('app_home_opened', async ({ event, client }) => {
      received.push({ kind: 'event', body: event });
      if (event.tab !== 'home') return;
      await client.views.publish({
        user_id: event.user,
        view: {
          type: 'home',
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Your requests' } }],
        },
      });
    });

    server = (await app.start(0)) as Server;
    const { port } = server.address() as AddressInfo;
    sender = new SlackRequestSender({
      url: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      fakeSlack: fake,
    });
  });

  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  beforeEach(() => {
    received.length = 0;
    appErrors.length = 0;
  });

  describe('signSlackRequest', () => {
    it('should produce headers that Bolt’s own verifier accepts', () => {
      const body = 'command=%2Faccess&text=help';
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = signSlackRequest(SIGNING_SECRET, body, timestamp);
      expect(headers['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
      expect(() =>
        verifySlackRequest({
          signingSecret: SIGNING_SECRET,
          body,
          headers: {
            'x-slack-signature': headers['x-slack-signature'] ?? '',
            'x-slack-request-timestamp': timestamp,
          },
        }),
      ).not.toThrow();
    });
  });

  describe('slashCommand', () => {
    it('should reach the listener with the fields Slack sends and answer 200 on ack', async () => {
      const answer = await sender.slashCommand({ userId: ALICE, text: 'help me' });

      expect(answer.status).toBe(200);
      expect(answer.text).toBe('');
      const command = received.find((entry) => entry.kind === 'command')?.body;
      expect(command).toMatchObject({
        command: '/access',
        text: 'help me',
        user_id: ALICE,
        user_name: 'alice',
        team_id: fake.teamId,
        api_app_id: fake.appId,
        channel_id: fake.dmChannelFor(ALICE),
        channel_name: 'directmessage',
        trigger_id: answer.triggerId,
        response_url: answer.responseUrl,
      });
    });

    it("should land the listener's client.chat.postMessage in the fake", async () => {
      await sender.slashCommand({ userId: ALICE, text: 'ping' });

      await vi.waitFor(() => expect(fake.dmsTo(ALICE).at(-1)?.text).toBe('You said: ping'));
      expect(fake.callsTo('chat.postMessage').at(-1)?.args).toMatchObject({
        channel: ALICE,
        text: 'You said: ping',
      });
    });

    it('should be rejected with 401 when the signature is forged', async () => {
      const body = new URLSearchParams({ command: '/access', text: 'x', user_id: ALICE }).toString();
      const forged = signSlackRequest('not-the-secret', body, Math.floor(Date.now() / 1000));

      const answer = await sender.raw({
        body,
        contentType: 'application/x-www-form-urlencoded',
        headers: forged,
      });

      expect(answer.status).toBe(401);
      expect(received).toHaveLength(0);
    });

    it('should be rejected with 401 when the timestamp is 6 minutes old', async () => {
      const body = new URLSearchParams({ command: '/access', text: 'x', user_id: ALICE }).toString();
      const stale = signSlackRequest(SIGNING_SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60);

      const answer = await sender.raw({
        body,
        contentType: 'application/x-www-form-urlencoded',
        headers: stale,
      });

      expect(answer.status).toBe(401);
      expect(received).toHaveLength(0);
    });

    it('should be rejected with 401 when unsigned', async () => {
      const answer = await sender.raw({
        body: 'command=%2Faccess',
        contentType: 'application/x-www-form-urlencoded',
        sign: false,
      });

      expect(answer.status).toBe(401);
    });

    it('should surface a Web API error after ack to app.error as a WebAPIPlatformError', async () => {
      fake.failNext('chat.postMessage', 'channel_not_found');

      const answer = await sender.slashCommand({ userId: ALICE, text: 'boom' });

      expect(answer.status).toBe(200);
      await vi.waitFor(() => expect(appErrors).toHaveLength(1));
      expect(appErrors[0]).toMatchObject({
        code: 'slack_webapi_platform_error',
        data: { ok: false, error: 'channel_not_found' },
      });
    });
  });

  describe('blockAction', () => {
    it('should send the clicked button with the message as it is now, and respond() should replace it', async () => {
      await sender.slashCommand({ userId: ALICE, text: 'approval' });
      await vi.waitFor(() => expect(fake.dmsTo(BOB)).toHaveLength(1));
      const message = fake.dmsTo(BOB)[0];
      if (!message) throw new Error('no approval message');
      const names = { userName: (id: string) => fake.userName(id) };
      expect(renderBlocksAsText(message.blocks, message.text, names)).toBe(
        '@alice asks for *proj_1*\n[ Approve ] [ Deny ]',
      );

      const answer = await sender.blockAction({
        userId: BOB,
        actionId: 'access_approve',
        messageTs: message.ts,
      });

      expect(answer.status).toBe(200);
      const body = received.find((entry) => entry.kind === 'action')?.body;
      expect(body).toMatchObject({
        type: 'block_actions',
        user: { id: BOB, username: 'bob', team_id: fake.teamId },
        container: {
          type: 'message',
          message_ts: message.ts,
          channel_id: message.channel,
          is_ephemeral: false,
        },
        channel: { id: message.channel },
        message: { ts: message.ts, text: 'alice asks for proj_1' },
        trigger_id: answer.triggerId,
        response_url: answer.responseUrl,
        actions: [
          {
            type: 'button',
            action_id: 'access_approve',
            block_id: 'decision',
            value: 'req-42',
            style: 'primary',
            text: { type: 'plain_text', text: 'Approve' },
          },
        ],
      });
      await vi.waitFor(() => expect(fake.dmsTo(BOB)[0]?.text).toBe('Approved by <@U0BOB00001>'));
      expect(renderBlocksAsText(fake.dmsTo(BOB)[0]?.blocks, fake.dmsTo(BOB)[0]?.text, names)).toBe(
        'Approved by @bob',
      );
      expect(fake.dmsTo(BOB)[0]?.history).toHaveLength(1);
      expect(fake.responses.at(-1)?.body).toEqual({
        replace_original: true,
        text: 'Approved by <@U0BOB00001>',
      });
    });

    it('should refuse to click a button the current message no longer has, unless stale', async () => {
      const message = fake.dmsTo(BOB)[0];
      if (!message) throw new Error('the previous test posts the approval message');

      await expect(
        sender.blockAction({ userId: BOB, actionId: 'access_approve', messageTs: message.ts }),
      ).rejects.toThrow(/has no element with action_id 'access_approve'.*pass stale: true/);
      const answer = await sender.blockAction({
        userId: BOB,
        actionId: 'access_approve',
        messageTs: message.ts,
        stale: true,
      });
      expect(answer.status).toBe(200);
    });

    it("should refuse a click by someone who cannot see the message (another user's DM)", async () => {
      const message = fake.dmsTo(BOB)[0];
      if (!message) throw new Error('the previous test posts the approval message');

      await expect(
        sender.blockAction({ userId: ALICE, actionId: 'access_approve', messageTs: message.ts, stale: true }),
      ).rejects.toThrow(/cannot see message/);
    });
  });

  describe('blockAction without messageTs', () => {
    it('should click the newest visible message holding that button, a stale copy if none is current', async () => {
      await sender.slashCommand({ userId: ALICE, text: 'approval' });
      await vi.waitFor(() => expect(fake.dmsTo(BOB)).toHaveLength(2));
      const fresh = fake.dmsTo(BOB)[1];

      await sender.blockAction({ userId: BOB, actionId: 'access_approve', value: 'req-42' });
      const first = received.find((entry) => entry.kind === 'action')?.body;
      expect(first.container).toMatchObject({ message_ts: fresh?.ts, channel_id: fake.dmChannelFor(BOB) });
      await vi.waitFor(() => expect(fake.dmsTo(BOB)[1]?.text).toBe('Approved by <@U0BOB00001>'));

      received.length = 0;
      await sender.blockAction({ userId: BOB, actionId: 'access_approve', value: 'req-42' });
      const stale = received.find((entry) => entry.kind === 'action')?.body;
      expect(stale.container.message_ts).toBe(fresh?.ts);
      expect(stale.message.blocks[1].elements[0].action_id).toBe('access_approve');
    });

    it('should send a message carrying just that button when no message the user sees has it', async () => {
      const answer = await sender.blockAction({ userId: ALICE, actionId: 'access_approve', value: 'req-7' });

      expect(answer.status).toBe(200);
      const body = received.find((entry) => entry.kind === 'action')?.body;
      expect(body).toMatchObject({
        container: { type: 'message', channel_id: fake.dmChannelFor(ALICE) },
        actions: [{ type: 'button', action_id: 'access_approve', value: 'req-7' }],
      });
    });
  });

  describe('viewSubmission', () => {
    it('should return the ack body with response_action errors as the HTTP answer', async () => {
      const answer = await sender.viewSubmission({
        userId: ALICE,
        callbackId: 'access_request_modal',
        privateMetadata: 'req-42',
        values: { justification_block: { justification: plainText('short') } },
      });

      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({
        response_action: 'errors',
        errors: { justification_block: 'Please write at least 10 characters' },
      });
      expect(received.find((entry) => entry.kind === 'view')?.body).toMatchObject({
        type: 'view_submission',
        user: { id: ALICE },
        view: {
          type: 'modal',
          callback_id: 'access_request_modal',
          private_metadata: 'req-42',
          state: {
            values: { justification_block: { justification: { type: 'plain_text_input', value: 'short' } } },
          },
        },
      });
    });
  });

  describe('viewSubmissionOf', () => {
    async function openRequestModal() {
      const before = fake.openedViews.length;
      await sender.slashCommand({ userId: ALICE, text: 'request' });
      await vi.waitFor(() => expect(fake.openedViews.length).toBe(before + 1));
      const opened = fake.openedViews.at(-1);
      if (!opened) throw new Error('no modal opened');
      return opened;
    }

    it('should submit the opened view with complete state, option texts and defaults filled in as Slack does', async () => {
      const opened = await openRequestModal();
      expect(opened.userId).toBe(ALICE);
      expect(renderViewAsText(opened.view)).toBe(
        [
          '=== Request access ===',
          'Project: [ Select ▾ ]',
          'Role: (•) Member  ( ) Owner',
          'Why?: ____',
          'Until (optional): [ Pick a date ]',
          '[ Cancel ] [ Submit ]',
        ].join('\n'),
      );

      const answer = await sender.viewSubmissionOf({
        userId: ALICE,
        view: opened.view,
        values: {
          project_block: { project: staticSelect('proj_1') },
          justification_block: { justification: plainText('I need it for the eval runs') },
        },
      });

      expect(answer.status).toBe(200);
      expect(answer.text).toBe('');
      const view = received.find((entry) => entry.kind === 'view')?.body.view;
      expect(view).toMatchObject({ id: opened.id, hash: opened.hash, private_metadata: 'req-42' });
      expect(view.state.values).toEqual({
        project_block: {
          project: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'Research' }, value: 'proj_1' },
          },
        },
        role_block: {
          role: {
            type: 'radio_buttons',
            selected_option: { text: { type: 'plain_text', text: 'Member' }, value: 'member' },
          },
        },
        justification_block: {
          justification: { type: 'plain_text_input', value: 'I need it for the eval runs' },
        },
        end_date_block: { end_date: { type: 'datepicker', selected_date: null } },
      });
      expect(fake.openedViews.find((record) => record.id === opened.id)?.closed).toBe(true);
      await vi.waitFor(() => expect(fake.dmsTo(ALICE).at(-1)?.text).toBe('Request submitted'));
    });

    it('should submit the initial choice of a radio the test sends as unchosen, since Slack cannot clear it', async () => {
      const opened = await openRequestModal();

      await sender.viewSubmissionOf({
        userId: ALICE,
        view: opened.view,
        values: {
          project_block: { project: staticSelect('proj_2') },
          role_block: { role: { type: 'radio_buttons', selected_option: null } },
          justification_block: { justification: plainText('Production incident follow-up work') },
        },
      });

      const view = received.find((entry) => entry.kind === 'view')?.body.view;
      expect(view.state.values.role_block.role.selected_option.value).toBe('member');
    });

    it('should keep the modal open and record the errors when the ack says errors', async () => {
      const opened = await openRequestModal();

      await sender.viewSubmissionOf({
        userId: ALICE,
        view: opened.view,
        values: {
          project_block: { project: staticSelect('proj_2') },
          role_block: { role: radio('owner') },
          justification_block: { justification: plainText('short') },
          end_date_block: { end_date: datePicker('2026-12-01') },
        },
      });

      const record = fake.openedViews.find((candidate) => candidate.id === opened.id);
      expect(record?.closed).toBe(false);
      expect(record?.errors).toEqual({ justification_block: 'Please write at least 10 characters' });
    });

    it('should throw when a required input is left empty, an input does not exist, or the option is not offered', async () => {
      const opened = await openRequestModal();

      await expect(
        sender.viewSubmissionOf({
          userId: ALICE,
          view: opened.view,
          values: { project_block: { project: staticSelect('proj_1') } },
        }),
      ).rejects.toThrow(/required input 'justification_block\/justification' is empty/);
      await expect(
        sender.viewSubmissionOf({
          userId: ALICE,
          view: opened.view,
          values: { nope_block: { nope: plainText('x') } },
        }),
      ).rejects.toThrow(/has no input 'nope_block\/nope'/);
      await expect(
        sender.viewSubmissionOf({
          userId: ALICE,
          view: opened.view,
          values: {
            project_block: { project: staticSelect('proj_9') },
            justification_block: { justification: plainText('long enough text') },
          },
        }),
      ).rejects.toThrow(/option 'proj_9' is not offered/);
      await expect(sender.viewSubmissionOf({ userId: BOB, view: opened.view, values: {} })).rejects.toThrow(
        /was opened for U0ALICE001/,
      );
    });
  });

  describe('event', () => {
    it('should deliver app_home_opened, acked by Bolt, and the published Home tab lands in the fake', async () => {
      const answer = await sender.appHomeOpened({ userId: ALICE });

      expect(answer.status).toBe(200);
      await vi.waitFor(() => expect(fake.homeViews(ALICE)).toHaveLength(1));
      expect(received.find((entry) => entry.kind === 'event')?.body).toMatchObject({
        type: 'app_home_opened',
        user: ALICE,
        tab: 'home',
        channel: fake.dmChannelFor(ALICE),
      });
    });
  });

  it('should not have logged request errors other than the expected verification failures', () => {
    const unexpected = logger.lines.filter(
      (line) => line.level === 'error' && !/Failed to verify authenticity|signature/i.test(line.text),
    );
    expect(unexpected).toEqual([]);
  });
});
