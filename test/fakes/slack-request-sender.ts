/**
 * Sends requests into the bot exactly as Slack does: signed HTTP POSTs to Bolt's receiver.
 *
 * - Slash commands: `application/x-www-form-urlencoded` form fields.
 * - Interactivity (block_actions, view_submission, block_suggestion): a form with one `payload=<json>` field.
 * - Events: a JSON `event_callback` envelope.
 * Every body is signed with `v0=HMAC-SHA256(signingSecret, "v0:<timestamp>:<raw body>")`.
 *
 * With a `fakeSlack`, payloads are filled from its state the way Slack fills them: a click on a message carries
 * the message as it is now (and fails loudly if the button is no longer there), a view submission carries the
 * current view and checks the values against its input blocks, and trigger ids / response_urls are issued by the
 * fake so `views.open` and `respond()` work against it.
 *
 * Example:
 *   const sender = new SlackRequestSender({ url: `http://127.0.0.1:${port}/slack/events`, signingSecret, fakeSlack });
 *   const answer = await sender.slashCommand({ userId: 'U0ALICE001', text: 'request proj_1' });
 *   expect(answer.status).toBe(200);
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { FakeSlack } from './fake-slack.js';

export interface SlackHttpAnswer {
  status: number;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
  /** The trigger_id the request carried, if any. */
  triggerId?: string;
  /** The response_url the request carried, if any. */
  responseUrl?: string;
}

/** Headers Slack adds to every request it sends to an app. */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number,
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret)
    .update(`v0:${timestampSeconds}:${rawBody}`)
    .digest('hex');
  return {
    'x-slack-signature': `v0=${signature}`,
    'x-slack-request-timestamp': String(timestampSeconds),
  };
}

// -----------------------------------------------------------------------------------------------------------
// Element states: what Slack sends in `view.state.values[block_id][action_id]` for each kind of input.

export interface SlackOption {
  text: { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean };
  value: string;
}

const option = (value: string, text?: string): SlackOption => ({
  text: { type: 'plain_text', text: text ?? value, emoji: true },
  value,
});

export const plainText = (value: string | null) => ({ type: 'plain_text_input', value });
export const numberInput = (value: string | number | null) => ({
  type: 'number_input',
  value: value === null ? null : String(value),
});
export const staticSelect = (value: string, text?: string) => ({
  type: 'static_select',
  selected_option: option(value, text),
});
export const externalSelect = (value: string, text?: string) => ({
  type: 'external_select',
  selected_option: option(value, text),
});
export const radio = (value: string, text?: string) => ({
  type: 'radio_buttons',
  selected_option: option(value, text),
});
export const datePicker = (date: string | null) => ({ type: 'datepicker', selected_date: date });
export const usersSelect = (userId: string | null) => ({ type: 'users_select', selected_user: userId });
export const checkboxes = (...values: string[]) => ({
  type: 'checkboxes',
  selected_options: values.map((value) => option(value)),
});
export const multiStaticSelect = (...values: string[]) => ({
  type: 'multi_static_select',
  selected_options: values.map((value) => option(value)),
});

type StateValues = Record<string, Record<string, unknown>>;
// biome-ignore lint/suspicious/noExplicitAny: Block Kit payloads are free-form JSON.
type Json = any;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface SlackRequestSenderOptions {
  /** Bolt's endpoint, e.g. `http://127.0.0.1:3000/slack/events`. */
  url: string;
  signingSecret: string;
  /** Default: the fake's team id, else 'T0FAKETEAM'. */
  teamId?: string;
  /** Issues trigger ids and response_urls, and supplies messages and views for payloads. */
  fakeSlack?: FakeSlack;
  /** Clock in ms for signatures and timestamps. Default `Date.now` (the clock Bolt checks signatures against). */
  now?: () => number;
  /**
   * Carries each request instead of a signed HTTP POST to `url`, e.g. as a Socket Mode envelope
   * (`FakeSlackSocketMode.transport` in `fake-slack-socket.ts`); `url` and `signingSecret` are then unused.
   */
  transport?: SlackRequestTransport;
}

/** One request as the HTTP receiver would get it (raw body and content type), answered like Bolt's ack. */
export type SlackRequestTransport = (request: {
  body: string;
  contentType: string;
}) => Promise<SlackHttpAnswer>;

export class SlackRequestSender {
  readonly #url: string;
  readonly #signingSecret: string;
  readonly #teamId: string;
  readonly #fake: FakeSlack | undefined;
  readonly #now: () => number;
  readonly #apiAppId: string;
  readonly #transport: SlackRequestTransport | undefined;
  #counter = 0;

  constructor(options: SlackRequestSenderOptions) {
    if (!options.url && !options.transport)
      throw new Error('SlackRequestSender: `url` is required (e.g. http://127.0.0.1:3000/slack/events)');
    if (!options.signingSecret && !options.transport)
      throw new Error('SlackRequestSender: `signingSecret` is required (the App’s secret)');
    this.#transport = options.transport;
    this.#url = options.url;
    this.#signingSecret = options.signingSecret;
    this.#fake = options.fakeSlack;
    this.#teamId = options.teamId ?? options.fakeSlack?.teamId ?? 'T0FAKETEAM';
    this.#now = options.now ?? Date.now;
    this.#apiAppId = options.fakeSlack?.appId ?? 'A0FAKEAPP1';
  }

  /** A slash command as Slack posts it (form fields). `channelId` defaults to the user's DM with the bot. */
  async slashCommand(a: {
    userId: string;
    userName?: string;
    command?: string;
    text?: string;
    channelId?: string;
  }): Promise<SlackHttpAnswer> {
    const channelId = a.channelId ?? this.#fake?.dmChannelFor(a.userId) ?? 'D0DM000001';
    const triggerId = this.#triggerId({ userId: a.userId });
    const responseUrl = this.#responseUrl({ userId: a.userId, channelId });
    const form = new URLSearchParams({
      token: 'fake-verification-token',
      team_id: this.#teamId,
      team_domain: 'fake-workspace',
      channel_id: channelId,
      channel_name:
        this.#fake?.channelName(channelId) ?? (channelId.startsWith('D') ? 'directmessage' : 'general'),
      user_id: a.userId,
      user_name: a.userName ?? this.#userName(a.userId),
      command: a.command ?? '/access',
      text: a.text ?? '',
      api_app_id: this.#apiAppId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    });
    const answer = await this.#send(form.toString(), 'application/x-www-form-urlencoded');
    return { ...answer, triggerId, responseUrl };
  }

  /**
   * A click (or selection) on an interactive element, as a `block_actions` payload.
   *
   * In a view (`view.id`): the fake's current version of the view is sent.
   * On a message, with a fake, the message is read from it as the user sees it:
   * - `messageTs` given: that message; its *current* blocks must hold the element (`actionId`, and `blockId` and the
   *   button `value` when given), else this throws, unless `stale: true` (a click on an older copy still on
   *   someone's screen: the element is looked up in the message's history). It also throws if the user cannot see
   *   the message (someone else's DM, a channel they are not in).
   * - no `messageTs`: the newest message the user can see (in `channelId`, if given) with that element is clicked,
   *   current versions first, then older versions (a stale copy); if none has it, a message carrying just that
   *   button in the user's DM is sent, the way a test without a fake would.
   * For buttons `value` selects the button (payloads carry the button's own value); for selects, radios and date
   * pickers it is the chosen value.
   */
  async blockAction(a: {
    userId: string;
    actionId: string;
    value?: string;
    blockId?: string;
    channelId?: string;
    messageTs?: string;
    view?: { id: string; callbackId?: string; privateMetadata?: string };
    /** Click an element that is no longer in the current message (it is looked up in the message's history). */
    stale?: boolean;
    /** For clicks inside a view: the view's current input values (`view.state.values`). */
    values?: StateValues;
  }): Promise<SlackHttpAnswer> {
    const actionTs = this.#tsNow();
    const user = this.#user(a.userId);
    const base = {
      type: 'block_actions',
      user,
      api_app_id: this.#apiAppId,
      token: 'fake-verification-token',
      team: { id: this.#teamId, domain: 'fake-workspace' },
      enterprise: null,
      is_enterprise_install: false,
    };

    if (a.view) {
      const view = this.#currentView(a.view);
      if (a.values) view.state = { values: a.values };
      const found = findElement(view.blocks, a.actionId, a.blockId);
      if (this.#fake?.view(a.view.id) && !found) {
        throw new Error(
          `blockAction: no element with action_id '${a.actionId}' in view ${a.view.id} (${describeActionIds(view.blocks)})`,
        );
      }
      const triggerId = this.#triggerId({ userId: a.userId, viewId: a.view.id });
      const payload = {
        ...base,
        container: { type: 'view', view_id: a.view.id },
        trigger_id: triggerId,
        view,
        actions: [actionObject(a, found, actionTs)],
      };
      const answer = await this.#sendPayload(payload);
      return { ...answer, triggerId };
    }

    const target = this.#locateClick(a);
    const triggerId = this.#triggerId({ userId: a.userId });
    const responseUrl = this.#responseUrl({
      userId: a.userId,
      channelId: target.channelId,
      messageTs: target.messageTs,
      isEphemeral: target.isEphemeral,
    });
    const payload: Record<string, unknown> = {
      ...base,
      container: {
        type: 'message',
        message_ts: target.messageTs,
        channel_id: target.channelId,
        is_ephemeral: target.isEphemeral,
      },
      trigger_id: triggerId,
      channel: { id: target.channelId, name: this.#fake?.channelName(target.channelId) ?? 'directmessage' },
      state: { values: {} },
      response_url: responseUrl,
      actions: [actionObject(a, target.found, actionTs)],
    };
    // Slack leaves `message` out for a click in an ephemeral message.
    if (!target.isEphemeral) {
      payload.message = {
        type: 'message',
        subtype: 'bot_message',
        text: target.text ?? '',
        ts: target.messageTs,
        bot_id: this.#fake?.botId ?? 'B0FAKEBOT1',
        user: this.#fake?.botUserId ?? 'U0FAKEBOT1',
        team: this.#teamId,
        ...(target.blocks ? { blocks: target.blocks } : {}),
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      };
    }
    const answer = await this.#sendPayload(payload);
    return { ...answer, triggerId, responseUrl };
  }

  #locateClick(a: {
    userId: string;
    actionId: string;
    value?: string;
    blockId?: string;
    channelId?: string;
    messageTs?: string;
    stale?: boolean;
  }): ClickTarget {
    const fake = this.#fake;
    const match = (blocks: unknown) => findElement(blocks, a.actionId, a.blockId, a.value);
    if (fake && a.messageTs) {
      const stored = fake.findMessage(a.messageTs);
      const ephemeral = fake.ephemerals(a.userId).find((candidate) => candidate.ts === a.messageTs);
      const message = stored ?? ephemeral;
      if (!message)
        throw new Error(`blockAction: the fake has no message with ts ${a.messageTs} visible to ${a.userId}`);
      if (a.channelId && message.channel !== a.channelId) {
        throw new Error(`blockAction: message ${a.messageTs} is in ${message.channel}, not ${a.channelId}`);
      }
      if (stored && !fake.visibleMessages(a.userId).some((candidate) => candidate.ts === stored.ts)) {
        throw new Error(`blockAction: ${a.userId} cannot see message ${stored.ts} in ${stored.channel}`);
      }
      const versions = [
        { text: message.text, blocks: message.blocks },
        ...(a.stale ? [...message.history].reverse() : []),
      ];
      for (const version of versions) {
        const found = match(version.blocks);
        if (found)
          return {
            ...version,
            found,
            channelId: message.channel,
            messageTs: message.ts,
            isEphemeral: !stored,
            threadTs: stored?.threadTs,
          };
      }
      throw new Error(
        `blockAction: message ${a.messageTs} has no element with action_id '${a.actionId}'` +
          `${a.value === undefined ? '' : ` and value '${a.value}'`} (${describeActionIds(message.blocks)})` +
          `${a.stale ? '' : '; pass stale: true to click an older copy of it'}`,
      );
    }
    if (fake) {
      const inChannel = (candidate: { channel: string }) => !a.channelId || candidate.channel === a.channelId;
      const messages = fake.visibleMessages(a.userId).filter(inChannel).reverse();
      const ephemerals = fake.ephemerals(a.userId).filter(inChannel).reverse();
      for (const message of messages) {
        const found = match(message.blocks);
        if (found)
          return {
            text: message.text,
            blocks: message.blocks,
            found,
            channelId: message.channel,
            messageTs: message.ts,
            isEphemeral: false,
            threadTs: message.threadTs,
          };
      }
      for (const ephemeral of ephemerals) {
        const found = match(ephemeral.blocks);
        if (found)
          return {
            text: ephemeral.text,
            blocks: ephemeral.blocks,
            found,
            channelId: ephemeral.channel,
            messageTs: ephemeral.ts,
            isEphemeral: true,
          };
      }
      for (const message of messages) {
        for (const version of [...message.history].reverse()) {
          const found = match(version.blocks);
          if (found)
            return {
              ...version,
              found,
              channelId: message.channel,
              messageTs: message.ts,
              isEphemeral: false,
              threadTs: message.threadTs,
            };
        }
      }
    }
    // Nothing to click on record: a message carrying just this button, in the user's DM (or the given channel).
    const button = {
      type: 'button',
      action_id: a.actionId,
      text: { type: 'plain_text', text: a.actionId, emoji: true },
      ...(a.value === undefined ? {} : { value: a.value }),
    };
    const blockId = a.blockId ?? 'actions';
    return {
      text: '',
      blocks: [{ type: 'actions', block_id: blockId, elements: [button] }],
      found: { blockId, element: button },
      channelId: a.channelId ?? fake?.dmChannelFor(a.userId) ?? 'D0DM000001',
      messageTs: a.messageTs ?? this.#tsNow(),
      isEphemeral: false,
    };
  }

  /**
   * A modal submission, as a `view_submission` payload built from the given fields. When `viewId` names a view the
   * fake holds, that view is the base (blocks, title, hash…). With a fake, the HTTP answer is applied to the view
   * the way Slack does (closed, errors shown, updated, pushed).
   */
  async viewSubmission(a: {
    userId: string;
    callbackId: string;
    privateMetadata?: string;
    values: StateValues;
    viewId?: string;
    hash?: string;
  }): Promise<SlackHttpAnswer> {
    const known = a.viewId ? this.#fake?.view(a.viewId) : undefined;
    const viewId = a.viewId ?? `V0SUBMIT${String(++this.#counter).padStart(3, '0')}`;
    const view = {
      ...(known ? structuredClone(known) : this.#viewSkeleton(viewId)),
      callback_id: a.callbackId,
      private_metadata: a.privateMetadata ?? known?.private_metadata ?? '',
      state: { values: a.values },
      hash: a.hash ?? known?.hash ?? `${Math.floor(this.#now() / 1000)}.${randomBytes(4).toString('hex')}`,
    };
    return this.#submit(a.userId, view);
  }

  /**
   * Submits a view the fake recorded (e.g. `fake.openedViews[0].view`) as its user would: the current version of
   * that view is used; `values` are checked against its input blocks (an unknown block or action id, or a state of
   * the wrong element type, throws); option texts are filled from the view; inputs left out are sent with their
   * initial value, or empty when optional; a required input left empty throws, as Slack would not submit.
   */
  async viewSubmissionOf(a: { userId: string; view: Json; values: StateValues }): Promise<SlackHttpAnswer> {
    if (!isRecord(a.view) || typeof a.view.id !== 'string') {
      throw new Error(
        'viewSubmissionOf: `view` must be a view object Slack returned (with an id), e.g. fake.openedViews[0].view',
      );
    }
    const current = this.#fake?.view(a.view.id) ?? a.view;
    const record = this.#fake?.openedViews.find((opened) => opened.id === a.view.id);
    if (record?.userId && record.userId !== a.userId) {
      throw new Error(
        `viewSubmissionOf: view ${record.id} was opened for ${record.userId}; ${a.userId} cannot submit it`,
      );
    }
    if (record?.closed) throw new Error(`viewSubmissionOf: view ${record.id} is already closed`);
    const view = structuredClone(current);
    view.state = { values: completeState(view, a.values) };
    return this.#submit(a.userId, view);
  }

  /** An `block_suggestion` payload: what Slack sends to load an external_select's options. */
  async blockSuggestion(a: {
    userId: string;
    actionId: string;
    blockId: string;
    value: string;
    view?: { id: string; callbackId?: string; privateMetadata?: string };
  }): Promise<SlackHttpAnswer> {
    const payload: Record<string, unknown> = {
      type: 'block_suggestion',
      user: this.#user(a.userId),
      api_app_id: this.#apiAppId,
      token: 'fake-verification-token',
      action_id: a.actionId,
      block_id: a.blockId,
      value: a.value,
      team: { id: this.#teamId, domain: 'fake-workspace' },
      enterprise: null,
      is_enterprise_install: false,
      action_ts: this.#tsNow(),
    };
    if (a.view) {
      payload.container = { type: 'view', view_id: a.view.id };
      payload.view = this.#currentView(a.view);
    }
    return this.#sendPayload(payload);
  }

  /** An Events API `event_callback` (JSON). `event_ts` is added when missing. */
  async event(a: {
    event: Record<string, unknown>;
    retryNum?: number;
    retryReason?: string;
  }): Promise<SlackHttpAnswer> {
    const eventTime = Math.floor(this.#now() / 1000);
    const body = {
      token: 'fake-verification-token',
      team_id: this.#teamId,
      context_team_id: this.#teamId,
      context_enterprise_id: null,
      api_app_id: this.#apiAppId,
      event: { event_ts: this.#tsNow(), ...a.event },
      type: 'event_callback',
      event_id: `Ev${String(++this.#counter).padStart(9, '0')}`,
      event_time: eventTime,
      authorizations: [
        {
          enterprise_id: null,
          team_id: this.#teamId,
          user_id: this.#fake?.botUserId ?? 'U0FAKEBOT1',
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${randomBytes(12).toString('hex')}`,
    };
    const headers: Record<string, string> = {};
    if (a.retryNum !== undefined) headers['x-slack-retry-num'] = String(a.retryNum);
    if (a.retryReason !== undefined) headers['x-slack-retry-reason'] = a.retryReason;
    return this.#send(JSON.stringify(body), 'application/json', headers);
  }

  /**
   * The `user_change` event Slack sends on any profile, status or account change (deactivation is
   * one with `user.deleted: true`), carrying the user as the fake Slack holds them now: change the
   * user with `fake.updateUser` first.
   */
  async userChange(a: { userId: string }): Promise<SlackHttpAnswer> {
    if (!this.#fake)
      throw new Error('userChange needs the fake Slack (fakeSlack option) for the user object');
    return this.event({
      event: {
        type: 'user_change',
        user: this.#fake.userObject(a.userId),
        cache_ts: Math.floor(this.#now() / 1000),
      },
    });
  }

  /** The `app_home_opened` event Slack sends when a user opens the bot's Home tab (or Messages tab). */
  async appHomeOpened(a: { userId: string; tab?: 'home' | 'messages' }): Promise<SlackHttpAnswer> {
    const tab = a.tab ?? 'home';
    const homeViews = this.#fake?.homeViews(a.userId) ?? [];
    const event: Record<string, unknown> = {
      type: 'app_home_opened',
      user: a.userId,
      channel: this.#fake?.dmChannelFor(a.userId) ?? 'D0DM000001',
      tab,
    };
    const current = homeViews.at(-1);
    if (tab === 'home' && current) event.view = current;
    return this.event({ event });
  }

  /**
   * Any body, signed now unless `sign: false` or `headers` carry their own `x-slack-signature` /
   * `x-slack-request-timestamp` (headers given here win): for forged and stale signature tests.
   */
  async raw(a: {
    body: string;
    contentType: string;
    headers?: Record<string, string>;
    sign?: boolean;
  }): Promise<SlackHttpAnswer> {
    return this.#send(a.body, a.contentType, a.headers ?? {}, a.sign ?? true);
  }

  // ---------------------------------------------------------------------------------------------------------

  async #submit(userId: string, view: Json): Promise<SlackHttpAnswer> {
    const triggerId = this.#triggerId({ userId, viewId: view.id });
    const payload = {
      type: 'view_submission',
      team: { id: this.#teamId, domain: 'fake-workspace' },
      user: this.#user(userId),
      api_app_id: this.#apiAppId,
      token: 'fake-verification-token',
      trigger_id: triggerId,
      view,
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const answer = await this.#sendPayload(payload);
    if (this.#fake && answer.status === 200 && this.#fake.view(view.id)) {
      this.#fake.applyViewSubmissionResponse(view.id, answer.json);
    }
    return { ...answer, triggerId };
  }

  #currentView(ref: { id: string; callbackId?: string; privateMetadata?: string }): Json {
    const known = this.#fake?.view(ref.id);
    const view = known ? structuredClone(known) : this.#viewSkeleton(ref.id);
    if (ref.callbackId !== undefined) view.callback_id = ref.callbackId;
    if (ref.privateMetadata !== undefined) view.private_metadata = ref.privateMetadata;
    return view;
  }

  #viewSkeleton(id: string): Json {
    return {
      id,
      team_id: this.#teamId,
      type: 'modal',
      blocks: [],
      private_metadata: '',
      callback_id: '',
      state: { values: {} },
      hash: `${Math.floor(this.#now() / 1000)}.${randomBytes(4).toString('hex')}`,
      title: { type: 'plain_text', text: 'Modal', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Submit', emoji: true },
      previous_view_id: null,
      root_view_id: id,
      app_id: this.#apiAppId,
      external_id: '',
      app_installed_team_id: this.#teamId,
      bot_id: this.#fake?.botId ?? 'B0FAKEBOT1',
    };
  }

  #user(userId: string) {
    const name = this.#userName(userId);
    return { id: userId, username: name, name, team_id: this.#teamId };
  }

  #userName(userId: string): string {
    return this.#fake?.userName(userId) ?? userId.toLowerCase();
  }

  #triggerId(context: { userId: string; viewId?: string }): string {
    if (this.#fake) return this.#fake.newTriggerId(context);
    return `${Math.floor(this.#now() / 1000)}.${++this.#counter}.${randomBytes(16).toString('hex')}`;
  }

  #responseUrl(context: {
    userId: string;
    channelId: string;
    messageTs?: string;
    isEphemeral?: boolean;
  }): string {
    if (this.#fake) return this.#fake.newResponseUrl(context);
    return `https://hooks.slack.com/commands/${this.#teamId}/${++this.#counter}/${randomBytes(12).toString('hex')}`;
  }

  #tsNow(): string {
    const micros = Math.floor(this.#now()) * 1000 + (++this.#counter % 1000);
    const digits = String(micros);
    return `${digits.slice(0, -6)}.${digits.slice(-6)}`;
  }

  async #sendPayload(payload: unknown): Promise<SlackHttpAnswer> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.#send(body, 'application/x-www-form-urlencoded');
  }

  async #send(
    body: string,
    contentType: string,
    headers: Record<string, string> = {},
    sign = true,
  ): Promise<SlackHttpAnswer> {
    if (this.#transport) return this.#transport({ body, contentType });
    // Bolt only treats the body as a form when Content-Type is exactly 'application/x-www-form-urlencoded'
    // (no charset), which is what Slack sends.
    const signed = sign ? signSlackRequest(this.#signingSecret, body, Math.floor(this.#now() / 1000)) : {};
    const response = await fetch(this.#url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        ...signed,
        ...headers,
      },
      body,
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  }
}

// -----------------------------------------------------------------------------------------------------------
// Payload helpers

interface FoundElement {
  blockId: string;
  element: Record<string, unknown>;
}

/** The message a click happens on, in the version the user sees. */
interface ClickTarget {
  text?: string;
  blocks?: unknown[];
  found: FoundElement;
  channelId: string;
  messageTs: string;
  isEphemeral: boolean;
  threadTs?: string;
}

/** Every interactive element in blocks: actions elements, section accessories, input elements. */
function* interactiveElements(blocks: unknown): Generator<FoundElement> {
  if (!Array.isArray(blocks)) return;
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    const blockId = typeof block.block_id === 'string' ? block.block_id : '';
    const candidates = [
      ...(Array.isArray(block.elements) && block.type === 'actions' ? block.elements : []),
      block.accessory,
      block.element,
    ];
    for (const element of candidates) {
      if (isRecord(element) && typeof element.action_id === 'string') yield { blockId, element };
    }
  }
}

/** The element with this action_id (and block_id; for a button with a value, that value) in blocks. */
function findElement(
  blocks: unknown,
  actionId: string,
  blockId?: string,
  value?: string,
): FoundElement | undefined {
  for (const found of interactiveElements(blocks)) {
    const { element } = found;
    if (element.action_id !== actionId || (blockId !== undefined && found.blockId !== blockId)) continue;
    if (
      value !== undefined &&
      element.type === 'button' &&
      element.value !== undefined &&
      element.value !== value
    ) {
      continue;
    }
    return found;
  }
  return undefined;
}

function describeActionIds(blocks: unknown): string {
  const ids = [...interactiveElements(blocks)].map(
    (found) => `${found.blockId}/${String(found.element.action_id)}`,
  );
  return ids.length > 0 ? `it has: ${ids.join(', ')}` : 'it has no interactive elements';
}

function optionsOf(element: Record<string, unknown>): Record<string, unknown>[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((group) =>
        isRecord(group) && Array.isArray(group.options) ? group.options : [],
      )
    : [];
  return [...direct, ...grouped].filter(isRecord);
}

function optionFor(element: Record<string, unknown> | undefined, value: string): SlackOption {
  const known = element ? optionsOf(element).find((candidate) => candidate.value === value) : undefined;
  if (element && optionsOf(element).length > 0 && !known) {
    const values = optionsOf(element).map((candidate) => String(candidate.value));
    throw new Error(
      `option '${value}' is not offered by '${String(element.action_id)}' (offered: ${values.join(', ')})`,
    );
  }
  return known ? (known as unknown as SlackOption) : option(value);
}

function actionObject(
  a: { actionId: string; value?: string; blockId?: string },
  found: FoundElement | undefined,
  actionTs: string,
): Record<string, unknown> {
  const element = found?.element;
  const type = typeof element?.type === 'string' ? element.type : 'button';
  const common = {
    action_id: a.actionId,
    block_id: found?.blockId ?? a.blockId ?? 'actions',
    action_ts: actionTs,
  };
  switch (type) {
    case 'button':
      return {
        type,
        ...common,
        text: element?.text ?? { type: 'plain_text', text: a.actionId, emoji: true },
        ...((element?.value ?? a.value) !== undefined ? { value: element?.value ?? a.value } : {}),
        ...(element?.style ? { style: element.style } : {}),
      };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
    case 'overflow':
      return {
        type,
        ...common,
        selected_option: optionFor(type === 'external_select' ? undefined : element, a.value ?? ''),
      };
    case 'users_select':
      return { type, ...common, selected_user: a.value ?? null };
    case 'datepicker':
      return { type, ...common, selected_date: a.value ?? null };
    case 'plain_text_input':
    case 'number_input':
      return { type, ...common, value: a.value ?? null };
    default:
      return { type, ...common, ...(a.value !== undefined ? { value: a.value } : {}) };
  }
}

const UNCLEARABLE = new Set([
  'static_select',
  'external_select',
  'radio_buttons',
  'datepicker',
  'timepicker',
  'users_select',
  'conversations_select',
  'channels_select',
]);

/** What Slack sends for an input nobody touched: its initial value, or the empty state of its type. */
function untouchedState(element: Record<string, unknown>): Record<string, unknown> {
  const type = element.type;
  switch (type) {
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return { type, value: typeof element.initial_value === 'string' ? element.initial_value : null };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: isRecord(element.initial_option) ? element.initial_option : null };
    case 'datepicker':
      return { type, selected_date: typeof element.initial_date === 'string' ? element.initial_date : null };
    case 'timepicker':
      return { type, selected_time: typeof element.initial_time === 'string' ? element.initial_time : null };
    case 'users_select':
      return { type, selected_user: typeof element.initial_user === 'string' ? element.initial_user : null };
    case 'conversations_select':
      return { type, selected_conversation: element.initial_conversation ?? null };
    case 'channels_select':
      return { type, selected_channel: element.initial_channel ?? null };
    case 'multi_users_select':
      return { type, selected_users: Array.isArray(element.initial_users) ? element.initial_users : [] };
    case 'checkboxes':
    case 'multi_static_select':
    case 'multi_external_select':
      return {
        type,
        selected_options: Array.isArray(element.initial_options) ? element.initial_options : [],
      };
    default:
      return { type };
  }
}

function isEmptyState(state: Record<string, unknown>): boolean {
  for (const key of ['value', 'selected_option', 'selected_date', 'selected_time', 'selected_user']) {
    if (key in state) return state[key] === null || state[key] === '';
  }
  for (const key of ['selected_options', 'selected_users']) {
    if (key in state) return !Array.isArray(state[key]) || (state[key] as unknown[]).length === 0;
  }
  return false;
}

/** `view.state.values` as Slack would send it for this view and what the test typed in. */
function completeState(view: Json, values: StateValues): StateValues {
  const elements = [...interactiveElements(view.blocks)];
  for (const [blockId, actions] of Object.entries(values)) {
    for (const actionId of Object.keys(actions)) {
      if (!elements.some((found) => found.blockId === blockId && found.element.action_id === actionId)) {
        throw new Error(
          `viewSubmissionOf: view ${String(view.id)} has no input '${blockId}/${actionId}' (${describeActionIds(view.blocks)})`,
        );
      }
    }
  }
  const state: StateValues = {};
  for (const block of Array.isArray(view.blocks) ? view.blocks : []) {
    if (!isRecord(block)) continue;
    const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
    for (const found of interactiveElements([block])) {
      const actionId = String(found.element.action_id);
      const given = blockId ? values[blockId]?.[actionId] : undefined;
      let entry: Record<string, unknown>;
      if (given !== undefined) {
        if (!isRecord(given))
          throw new Error(`viewSubmissionOf: value for '${blockId}/${actionId}' must be an element state`);
        if (given.type !== found.element.type) {
          throw new Error(
            `viewSubmissionOf: '${blockId}/${actionId}' is a ${String(found.element.type)}, but the test sent a ${String(given.type)} state`,
          );
        }
        entry = withOptionTexts(found.element, given);
        // A select, radio or picker cannot be cleared in Slack: "nothing chosen" still submits the initial choice.
        if (isEmptyState(entry) && UNCLEARABLE.has(String(found.element.type)))
          entry = untouchedState(found.element);
      } else if (block.type === 'input') {
        entry = untouchedState(found.element);
      } else {
        continue;
      }
      if (block.type === 'input' && block.optional !== true && isEmptyState(entry)) {
        throw new Error(
          `viewSubmissionOf: required input '${blockId}/${actionId}' is empty; Slack would not let the user submit`,
        );
      }
      if (!blockId) {
        throw new Error(
          'viewSubmissionOf: input blocks need a block_id so tests and handlers can find their values',
        );
      }
      state[blockId] = { ...state[blockId], [actionId]: entry };
    }
  }
  return state;
}

/** Slack echoes the chosen option as the view defined it (text included), not as the client typed it. */
function withOptionTexts(
  element: Record<string, unknown>,
  given: Record<string, unknown>,
): Record<string, unknown> {
  if (element.type === 'external_select' || element.type === 'multi_external_select') return given;
  const entry = { ...given };
  if (isRecord(given.selected_option))
    entry.selected_option = optionFor(element, String(given.selected_option.value));
  if (Array.isArray(given.selected_options)) {
    entry.selected_options = given.selected_options.map((chosen) =>
      optionFor(element, String(isRecord(chosen) ? chosen.value : chosen)),
    );
  }
  return entry;
}
