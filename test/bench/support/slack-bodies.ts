/**
 * Request bodies exactly as Slack sends them to an app (the same fields as
 * `test/fakes/slack-request-sender.ts`), built ahead of the run so that generating load costs
 * nothing but signing. Trigger ids and response_urls come from the fake Slack, so anything the
 * app does with them works against it.
 */
import type { FakeSlack } from '../../fakes/fake-slack.js';
import type { LoadRequest } from './load-process.js';

const FORM = 'application/x-www-form-urlencoded';

let sequence = 0;

/** A Slack ts (`seconds.micros`), unique within the run. */
export function tsNow(): string {
  sequence += 1;
  const micros = Date.now() * 1000 + (sequence % 1000);
  const digits = String(micros);
  return `${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

export function slashCommand(
  fake: FakeSlack,
  a: { userId: string; userName: string; text: string; kind?: string },
): LoadRequest {
  const channelId = fake.dmChannelFor(a.userId);
  const form = new URLSearchParams({
    token: 'fake-verification-token',
    team_id: fake.teamId,
    team_domain: 'fake-workspace',
    channel_id: channelId,
    channel_name: 'directmessage',
    user_id: a.userId,
    user_name: a.userName,
    command: '/access',
    text: a.text,
    api_app_id: fake.appId,
    is_enterprise_install: 'false',
    response_url: fake.newResponseUrl({ userId: a.userId, channelId }),
    trigger_id: fake.newTriggerId({ userId: a.userId }),
  });
  return { kind: a.kind ?? 'command', contentType: FORM, body: form.toString() };
}

/** A click on a button of a message the bot posted, carrying the message as the user sees it. */
export function buttonClick(
  fake: FakeSlack,
  a: {
    userId: string;
    userName: string;
    channelId: string;
    message: { ts: string; text: string; blocks: unknown[] };
    actionId: string;
    blockId: string;
    value: string;
    buttonText: string;
    kind?: string;
  },
): LoadRequest {
  const payload = {
    type: 'block_actions',
    user: { id: a.userId, username: a.userName, name: a.userName, team_id: fake.teamId },
    api_app_id: fake.appId,
    token: 'fake-verification-token',
    team: { id: fake.teamId, domain: 'fake-workspace' },
    enterprise: null,
    is_enterprise_install: false,
    container: { type: 'message', message_ts: a.message.ts, channel_id: a.channelId, is_ephemeral: false },
    trigger_id: fake.newTriggerId({ userId: a.userId }),
    channel: { id: a.channelId, name: 'directmessage' },
    state: { values: {} },
    response_url: fake.newResponseUrl({ userId: a.userId, channelId: a.channelId, messageTs: a.message.ts }),
    actions: [
      {
        type: 'button',
        action_id: a.actionId,
        block_id: a.blockId,
        action_ts: tsNow(),
        text: { type: 'plain_text', text: a.buttonText },
        value: a.value,
        style: 'primary',
      },
    ],
    message: {
      type: 'message',
      subtype: 'bot_message',
      text: a.message.text,
      ts: a.message.ts,
      bot_id: fake.botId,
      user: fake.botUserId,
      team: fake.teamId,
      blocks: a.message.blocks,
    },
  };
  return {
    kind: a.kind ?? 'click',
    contentType: FORM,
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
  };
}
