/**
 * A stateful local fake of the Slack Web API, on `node:http`.
 *
 * The bot talks to it exactly as it talks to Slack: `new App({ clientOptions: { slackApiUrl: fake.apiUrl } })`
 * makes `@slack/web-api`'s WebClient POST `application/x-www-form-urlencoded` bodies (object arguments such as
 * `blocks` and `view` JSON-encoded inside the form) with `Authorization: Bearer <token>` to `${apiUrl}<method>`.
 * JSON bodies and a `token` form field are accepted too, as Slack does.
 *
 * Answers have the shapes of Slack's published spec (`test/contract/specs/slack-web-api/`, checked by
 * `test/contract/fake-slack.contract.test.ts`), and the fake keeps state the way Slack does: messages by
 * channel and ts (updates keep history), DMs per user, ephemerals per user, modals and their stacks, Home tabs,
 * single-use trigger ids, response_urls with their effects, file uploads (the bytes POSTed to the upload URL,
 * shared by `files.completeUploadExternal`). Failures can be injected with `failNext`; a call can be held in
 * flight with `hold`, to arrange a race without sleeping.
 *
 * Example:
 *   const fake = await startFakeSlack();
 *   fake.addUser({ id: 'U0ALICE001', name: 'alice', email: 'alice@example.org' });
 *   // … run the bot against fake.apiUrl …
 *   expect(fake.dmsTo('U0ALICE001').at(-1)?.text).toContain('approved');
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSlackSocketMode } from './fake-slack-socket.js';

/** The bot scopes the fake grants by default: the ones `manifest/manifest.json` requests. */
export const DEFAULT_BOT_SCOPES: readonly string[] = [
  'commands',
  'chat:write',
  'im:write',
  'users:read',
  'users:read.email',
  'files:write',
  'channels:read',
  'groups:read',
];

/** Scope each implemented method needs (the modern name of the legacy scope in Slack's spec). */
const REQUIRED_SCOPE: Readonly<Record<string, string | undefined>> = {
  'auth.test': undefined,
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.delete': 'chat:write',
  'conversations.open': 'im:write',
  'users.info': 'users:read',
  'conversations.members': 'channels:read',
  'users.lookupByEmail': 'users:read.email',
  'users.list': 'users:read',
  'views.open': undefined,
  'views.update': undefined,
  'views.push': undefined,
  'views.publish': undefined,
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
};

/** Arguments WebClient JSON-encodes inside the form; the fake parses them back to objects. */
const JSON_ARGUMENTS = new Set(['blocks', 'view', 'attachments', 'metadata', 'files']);

const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionField: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  blockId: 255,
  actionId: 255,
  inputLabel: 2000,
  viewTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
  messageText: 40_000,
  modalStack: 3,
  responseUrlUses: 5,
  responseUrlTtlMs: 30 * 60 * 1000,
} as const;

export interface FakeSlackCall {
  method: string;
  /** What the bot sent, token removed; `blocks`, `view`, `attachments`, `metadata` parsed back to objects. */
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  /** HTTP status the fake answered with (200 unless a failure with a status was injected). */
  status: number;
}

export interface FakeUserInput {
  id: string;
  name: string;
  email?: string;
  realName?: string;
  deleted?: boolean;
  isBot?: boolean;
  isAdmin?: boolean;
  tz?: string;
}

export interface FakeChannelInput {
  id: string;
  name: string;
  isPrivate?: boolean;
  /** Default true. When false, posting answers `not_in_channel`, as Slack does for a bot outside the channel. */
  botIsMember?: boolean;
  /** When given, `chat.postEphemeral` to anyone else answers `user_not_in_channel`. */
  members?: string[];
}

export interface FakeMessageVersion {
  text?: string;
  blocks?: unknown[];
}

export interface FakeMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text?: string;
  blocks?: unknown[];
  /** The bot user that posted it. */
  user: string;
  botId: string;
  metadata?: unknown;
  /** Earlier versions, oldest first; every `chat.update` (or response_url replace) pushes the version it replaces. */
  history: FakeMessageVersion[];
  /** 'chat.postMessage' or 'response_url' (an `in_channel` reply), or 'files.completeUploadExternal' (a file share). */
  postedVia: 'chat.postMessage' | 'response_url' | 'files.completeUploadExternal';
  /** Files shared with the message. */
  files?: { id: string; name: string; title: string }[];
}

/**
 * One file the bot uploaded with Slack's external upload flow: `files.getUploadURLExternal` (name and declared
 * length), a POST of the bytes to the returned upload URL, then `files.completeUploadExternal` (title, where to
 * share it). Until completed, a file is shared nowhere.
 */
export interface FakeFile {
  id: string;
  filename: string;
  /** The `length` the bot declared when asking for the upload URL. */
  declaredLength: number;
  /** The bytes POSTed to the upload URL; undefined until they arrive. */
  bytes?: Buffer;
  /** The bytes as UTF-8 text, for assertions on text files such as CSV. */
  text?: string;
  title?: string;
  completed: boolean;
  /** The conversation it was shared in (`channel_id` of the completion), if any. */
  channel?: string;
  initialComment?: string;
  /** The ts of the share message in `channel`. */
  messageTs?: string;
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  postedVia: 'chat.postEphemeral' | 'response_url';
  /** Earlier versions when a response_url `replace_original` replaced this ephemeral. */
  history: FakeMessageVersion[];
}

/** One modal the bot opened (`views.open`) or pushed (`views.push`); `view` and `hash` follow later updates. */
export interface FakeOpenedView {
  triggerId: string;
  // biome-ignore lint/suspicious/noExplicitAny: views are free-form Block Kit; tests read them without ceremony.
  view: any;
  id: string;
  hash: string;
  /** 'views.publish' only for the Home tab records reachable through `view(id)`; never in `openedViews`. */
  via: 'views.open' | 'views.push' | 'views.publish';
  /** The user the trigger belonged to, when the trigger id was issued by `newTriggerId`. */
  userId?: string;
  /** True once the user submitted it and Slack closed it, or a `clear` closed the stack. */
  closed: boolean;
  /** The last `response_action: 'errors'` map shown on it, if any. */
  errors?: Record<string, string>;
  /** Earlier versions, oldest first. */
  // biome-ignore lint/suspicious/noExplicitAny: see `view`.
  history: any[];
}

export interface FakeResponseUrlPost {
  url: string;
  // biome-ignore lint/suspicious/noExplicitAny: the JSON the bot POSTed, read freely by tests.
  body: any;
  status: number;
}

/** Who and where a response_url belongs to; decides what a POST to it does. */
export interface ResponseUrlContext {
  userId?: string;
  channelId?: string;
  /** Set for a response_url that came with a click on a message: `replace_original`/`delete_original` act on it. */
  messageTs?: string;
  isEphemeral?: boolean;
}

export interface TriggerContext {
  userId?: string;
  /** The view the click happened in: `views.push` with this trigger stacks onto it. */
  viewId?: string;
}

export type FakeFailure = string | { status?: number; error?: string; retryAfter?: number };

export interface StartFakeSlackOptions {
  /** Default 'xoxb-fake-token'. Any other bearer token answers `invalid_auth`. */
  botToken?: string;
  /** Default 'T0FAKETEAM'. */
  teamId?: string;
  teamName?: string;
  /** Scopes granted to the bot token. Default `DEFAULT_BOT_SCOPES`; a method needing another answers `missing_scope`. */
  scopes?: readonly string[];
  /** How long an issued trigger id can be exchanged. Default 3000 ms, as in Slack. */
  triggerTtlMs?: number;
  /** Clock in ms for message ts, hashes and expiries. Default `Date.now`. */
  now?: () => number;
  channels?: FakeChannelInput[];
  users?: FakeUserInput[];
  /** The app-level token `apps.connections.open` accepts (Socket Mode). Default `FAKE_APP_TOKEN`. */
  appToken?: string;
}

export interface FakeSlack {
  apiUrl: string;
  origin: string;
  botToken: string;
  botUserId: string;
  botId: string;
  appId: string;
  teamId: string;
  /** A public channel the bot is in, created at start: `C0GENERAL1` (#general). */
  generalChannelId: string;
  calls: FakeSlackCall[];
  callsTo(method: string): FakeSlackCall[];
  addUser(user: FakeUserInput): void;
  /**
   * Changes a user as Slack would: `deleted: true` deactivates the account, `email: null` removes the
   * email (a GDPR-forgotten profile, or no `users:read.email`). Returns the new user object.
   */
  updateUser(
    userId: string,
    changes: { deleted?: boolean; email?: string | null; realName?: string },
  ): unknown;
  /** The user object as `users.info` answers it (and `user_change` carries it). */
  userObject(userId: string): Record<string, unknown>;
  addChannel(channel: FakeChannelInput): void;
  /** The user's display handle (`name`), or undefined for an unknown id. Handy for `renderBlocksAsText`. */
  userName(userId: string): string | undefined;
  /** A channel's name as Slack puts it in payloads: 'general', or 'directmessage' for a DM. */
  channelName(channelId: string): string | undefined;
  failNext(method: string, error: FakeFailure, times?: number): void;
  /**
   * Holds the next call of `method` whose arguments satisfy `matches` (any, by default) before it is
   * carried out, until `release()`; `reached` resolves with the call once it arrived.
   */
  hold(method: string, matches?: (args: Record<string, unknown>) => boolean): FakeSlackHold;
  newResponseUrl(context?: ResponseUrlContext): string;
  responses: FakeResponseUrlPost[];
  /** A trigger id as Slack puts in interaction payloads: single use, valid `triggerTtlMs`. */
  newTriggerId(context?: TriggerContext): string;
  dmChannelFor(userId: string): string;
  messages(channel: string): FakeMessage[];
  /** The message with this ts, in whichever channel (ts are unique across the fake). */
  findMessage(ts: string): FakeMessage | undefined;
  dmsTo(userId: string): FakeMessage[];
  /**
   * Every message the user can see, oldest first: their DM with the bot, and channels whose member list
   * includes them (channels added without `members` are visible to everyone).
   */
  visibleMessages(userId: string): FakeMessage[];
  ephemerals(userId: string): FakeEphemeral[];
  openedViews: FakeOpenedView[];
  // biome-ignore lint/suspicious/noExplicitAny: see FakeOpenedView.view.
  view(id: string): any;
  // biome-ignore lint/suspicious/noExplicitAny: see FakeOpenedView.view.
  homeViews(userId: string): any[];
  /** Files uploaded through the external upload flow, oldest first (uncompleted ones included). */
  files(): FakeFile[];
  /**
   * What Slack does with the HTTP answer to a view_submission: empty → the view closes; `errors` → stays open
   * showing them; `update` → replaced; `push` → a view is stacked; `clear` → the whole stack closes.
   * `SlackRequestSender.viewSubmission` calls this for you.
   */
  applyViewSubmissionResponse(viewId: string, answer: unknown): void;
  /** Socket Mode: `apps.connections.open`, the WebSocket, envelopes and acks (`fake-slack-socket.ts`). */
  socketMode: FakeSlackSocketMode;
  close(): Promise<void>;
}

export interface FakeSlackHold {
  reached: Promise<FakeSlackCall>;
  release(): void;
}

interface HeldCall {
  method: string;
  matches: (args: Record<string, unknown>) => boolean;
  arrived: (call: FakeSlackCall) => void;
  released: Promise<void>;
  release: () => void;
  taken: boolean;
}

/** Thrown inside a method handler to answer `{ ok: false, error, ...extra }`. */
class SlackMethodError extends Error {
  override readonly name = 'SlackMethodError';
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
  }
}

interface UserRecord extends Required<Pick<FakeUserInput, 'id' | 'name'>> {
  email?: string;
  realName?: string;
  deleted: boolean;
  isBot: boolean;
  isAdmin: boolean;
  tz: string;
  updated: number;
}

interface ChannelRecord {
  id: string;
  name: string;
  kind: 'channel' | 'private' | 'im';
  /** For an IM: the other member. */
  user?: string;
  botIsMember: boolean;
  members?: Set<string>;
  created: number;
  opened: boolean;
}

interface TriggerRecord extends TriggerContext {
  issuedAt: number;
  used: boolean;
}

interface ResponseUrlRecord extends ResponseUrlContext {
  createdAt: number;
  uses: number;
}

interface ViewRecord extends FakeOpenedView {
  kind: 'modal' | 'home';
}

type Answer = Record<string, unknown>;
type Handler = (args: Record<string, unknown>) => Answer;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

const asBoolean = (value: unknown): boolean => value === true || value === 'true' || value === '1';

function requireString(args: Record<string, unknown>, name: string, error = 'invalid_arguments'): string {
  const value = asString(args[name]);
  if (value === undefined || value === '') {
    throw new SlackMethodError(error, {
      response_metadata: { messages: [`[ERROR] missing required field: ${name}`] },
    });
  }
  return value;
}

export async function startFakeSlack(options: StartFakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = new FakeSlackServer(options);
  await fake.listen();
  return fake;
}

class FakeSlackServer implements FakeSlack {
  apiUrl = '';
  origin = '';
  readonly botToken: string;
  readonly botUserId = 'U0FAKEBOT1';
  readonly botId = 'B0FAKEBOT1';
  readonly appId = 'A0FAKEAPP1';
  readonly teamId: string;
  readonly teamName: string;
  readonly generalChannelId = 'C0GENERAL1';
  readonly calls: FakeSlackCall[] = [];
  readonly responses: FakeResponseUrlPost[] = [];
  readonly openedViews: FakeOpenedView[] = [];
  readonly socketMode: FakeSlackSocketMode;

  readonly #server: Server;
  readonly #scopes: readonly string[];
  readonly #triggerTtlMs: number;
  readonly #now: () => number;
  readonly #users = new Map<string, UserRecord>();
  readonly #channels = new Map<string, ChannelRecord>();
  readonly #dmByUser = new Map<string, string>();
  readonly #messages = new Map<string, FakeMessage[]>();
  readonly #ephemerals: FakeEphemeral[] = [];
  readonly #views = new Map<string, ViewRecord>();
  /** Modal stacks: root view id → view ids, bottom first. */
  readonly #stacks = new Map<string, string[]>();
  readonly #homeViewIdByUser = new Map<string, string>();
  // biome-ignore lint/suspicious/noExplicitAny: see FakeOpenedView.view.
  readonly #homePublishes = new Map<string, any[]>();
  readonly #triggers = new Map<string, TriggerRecord>();
  readonly #responseUrls = new Map<string, ResponseUrlRecord>();
  readonly #failures = new Map<string, Exclude<FakeFailure, string>[]>();
  readonly #holds: HeldCall[] = [];
  readonly #files = new Map<string, FakeFile>();
  readonly #handlers: Record<string, Handler>;
  #lastTsMicros = 0;
  #counter = 0;

  constructor(options: StartFakeSlackOptions) {
    this.botToken = options.botToken ?? 'xoxb-fake-token';
    this.teamId = options.teamId ?? 'T0FAKETEAM';
    this.teamName = options.teamName ?? 'Fake Workspace';
    this.#scopes = options.scopes ?? DEFAULT_BOT_SCOPES;
    this.#triggerTtlMs = options.triggerTtlMs ?? 3000;
    this.#now = options.now ?? Date.now;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        // A bug in the fake itself: make it loud in the test output rather than hanging the client.
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(
          `fake-slack crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      });
    });
    this.socketMode = new FakeSlackSocketMode({
      server: this.#server,
      origin: () => this.origin,
      appId: this.appId,
      ...(options.appToken ? { appToken: options.appToken } : {}),
    });
    this.addUser({ id: this.botUserId, name: 'openai-access', realName: 'OpenAI Access', isBot: true });
    this.addChannel({ id: this.generalChannelId, name: 'general' });
    for (const channel of options.channels ?? []) this.addChannel(channel);
    for (const user of options.users ?? []) this.addUser(user);
    this.#handlers = {
      'auth.test': () => this.#authTest(),
      'chat.postMessage': (args) => this.#chatPostMessage(args),
      'chat.update': (args) => this.#chatUpdate(args),
      'chat.postEphemeral': (args) => this.#chatPostEphemeral(args),
      'chat.delete': (args) => this.#chatDelete(args),
      'conversations.open': (args) => this.#conversationsOpen(args),
      'users.info': (args) => this.#usersInfo(args),
      'conversations.members': (args) => this.#conversationsMembers(args),
      'users.lookupByEmail': (args) => this.#usersLookupByEmail(args),
      'users.list': (args) => this.#usersList(args),
      'views.open': (args) => this.#viewsOpenOrPush(args, 'views.open'),
      'views.push': (args) => this.#viewsOpenOrPush(args, 'views.push'),
      'views.update': (args) => this.#viewsUpdate(args),
      'views.publish': (args) => this.#viewsPublish(args),
      'files.getUploadURLExternal': (args) => this.#filesGetUploadUrlExternal(args),
      'files.completeUploadExternal': (args) => this.#filesCompleteUploadExternal(args),
    };
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.#server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.origin}/api/`;
  }

  async close(): Promise<void> {
    // A held call a test forgot to release must not keep the server open.
    for (const held of this.#holds) held.release();
    await this.socketMode.close();
    // WebClient's fetch keeps connections alive; without this, close() waits for them to time out.
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.#server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  // ---------------------------------------------------------------------------------------------------------
  // Public test API

  callsTo(method: string): FakeSlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  addUser(user: FakeUserInput): void {
    if (!/^[UW][A-Z0-9]{2,}$/.test(user.id)) {
      throw new Error(
        `addUser: '${user.id}' is not a Slack user id (U or W followed by capitals/digits, e.g. U0ALICE001)`,
      );
    }
    this.#users.set(user.id, {
      id: user.id,
      name: user.name,
      email: user.email,
      realName: user.realName,
      deleted: user.deleted ?? false,
      isBot: user.isBot ?? false,
      isAdmin: user.isAdmin ?? false,
      tz: user.tz ?? 'Europe/London',
      updated: Math.floor(this.#now() / 1000),
    });
  }

  updateUser(
    userId: string,
    changes: { deleted?: boolean; email?: string | null; realName?: string },
  ): unknown {
    const user = this.#users.get(userId);
    if (!user) throw new Error(`updateUser: no user '${userId}'. Add it with addUser first.`);
    if (changes.deleted !== undefined) user.deleted = changes.deleted;
    if (changes.email !== undefined) user.email = changes.email ?? undefined;
    if (changes.realName !== undefined) user.realName = changes.realName;
    user.updated = Math.floor(this.#now() / 1000);
    return this.#userObject(user);
  }

  userObject(userId: string): Record<string, unknown> {
    const user = this.#users.get(userId);
    if (!user) throw new Error(`userObject: no user '${userId}'.`);
    return this.#userObject(user);
  }

  addChannel(channel: FakeChannelInput): void {
    if (!/^[CG][A-Z0-9]{2,}$/.test(channel.id)) {
      throw new Error(
        `addChannel: '${channel.id}' is not a channel id (C or G followed by capitals/digits, e.g. C0ADMINS01)`,
      );
    }
    this.#channels.set(channel.id, {
      id: channel.id,
      name: channel.name,
      kind: channel.isPrivate ? 'private' : 'channel',
      botIsMember: channel.botIsMember ?? true,
      members: channel.members ? new Set(channel.members) : undefined,
      created: Math.floor(this.#now() / 1000),
      opened: true,
    });
  }

  userName(userId: string): string | undefined {
    return this.#users.get(userId)?.name;
  }

  channelName(channelId: string): string | undefined {
    const record = this.#channels.get(channelId);
    return record?.kind === 'im' ? 'directmessage' : record?.name;
  }

  failNext(method: string, error: FakeFailure, times = 1): void {
    const failure = typeof error === 'string' ? { error } : error;
    const queue = this.#failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.#failures.set(method, queue);
  }

  hold(method: string, matches: (args: Record<string, unknown>) => boolean = () => true): FakeSlackHold {
    let arrived: (call: FakeSlackCall) => void = () => undefined;
    const reached = new Promise<FakeSlackCall>((resolve) => {
      arrived = resolve;
    });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#holds.push({ method, matches, arrived, released, release, taken: false });
    return { reached, release };
  }

  newResponseUrl(context: ResponseUrlContext = {}): string {
    const id = `${++this.#counter}`;
    this.#responseUrls.set(id, { ...context, createdAt: this.#now(), uses: 0 });
    return `${this.origin}/response-url/${id}`;
  }

  newTriggerId(context: TriggerContext = {}): string {
    const id = `${Math.floor(this.#now() / 1000)}.${++this.#counter}.${randomBytes(16).toString('hex')}`;
    this.#triggers.set(id, { ...context, issuedAt: this.#now(), used: false });
    return id;
  }

  dmChannelFor(userId: string): string {
    let id = this.#dmByUser.get(userId);
    if (!id) {
      id = `D0DM${String(this.#dmByUser.size + 1).padStart(6, '0')}`;
      this.#dmByUser.set(userId, id);
      this.#channels.set(id, {
        id,
        name: userId,
        kind: 'im',
        user: userId,
        botIsMember: true,
        created: Math.floor(this.#now() / 1000),
        opened: false,
      });
    }
    return id;
  }

  messages(channel: string): FakeMessage[] {
    const id = /^[UW]/.test(channel) ? this.dmChannelFor(channel) : channel;
    return [...(this.#messages.get(id) ?? [])];
  }

  findMessage(ts: string): FakeMessage | undefined {
    for (const list of this.#messages.values()) {
      const found = list.find((message) => message.ts === ts);
      if (found) return found;
    }
    return undefined;
  }

  dmsTo(userId: string): FakeMessage[] {
    return this.messages(this.dmChannelFor(userId));
  }

  visibleMessages(userId: string): FakeMessage[] {
    const dm = this.dmChannelFor(userId);
    const visible = [...this.#messages.entries()].flatMap(([channelId, list]) => {
      const channel = this.#channels.get(channelId);
      if (!channel) return [];
      const sees = channel.kind === 'im' ? channelId === dm : !channel.members || channel.members.has(userId);
      return sees ? list : [];
    });
    return visible.sort((a, b) => Number(a.ts) - Number(b.ts));
  }

  ephemerals(userId: string): FakeEphemeral[] {
    return this.#ephemerals.filter((ephemeral) => ephemeral.user === userId);
  }

  // biome-ignore lint/suspicious/noExplicitAny: see FakeOpenedView.view.
  view(id: string): any {
    return this.#views.get(id)?.view;
  }

  // biome-ignore lint/suspicious/noExplicitAny: see FakeOpenedView.view.
  homeViews(userId: string): any[] {
    return [...(this.#homePublishes.get(userId) ?? [])];
  }

  files(): FakeFile[] {
    return [...this.#files.values()].map((file) => ({ ...file }));
  }

  applyViewSubmissionResponse(viewId: string, answer: unknown): void {
    const record = this.#views.get(viewId);
    if (record?.kind !== 'modal') return;
    const action = isRecord(answer) ? answer.response_action : undefined;
    switch (action) {
      case 'errors':
        record.errors =
          isRecord(answer) && isRecord(answer.errors) ? (answer.errors as Record<string, string>) : {};
        return;
      case 'update':
        if (isRecord(answer) && isRecord(answer.view)) this.#replaceView(record, answer.view);
        return;
      case 'push':
        if (isRecord(answer) && isRecord(answer.view)) {
          try {
            this.#createModal(answer.view, {
              triggerId: '',
              via: 'views.push',
              userId: record.userId,
              on: record,
            });
          } catch (error) {
            if (!(error instanceof SlackMethodError)) throw error;
            record.errors = { '': error.error };
          }
        }
        return;
      case 'clear':
        for (const id of this.#stacks.get(record.view.root_view_id) ?? [record.id]) {
          const member = this.#views.get(id);
          if (member) member.closed = true;
        }
        return;
      default:
        // An empty 200 closes the submitted view; Slack then shows the one below it in the stack, if any.
        record.closed = true;
        record.errors = undefined;
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // HTTP plumbing

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const bytes = await readBytes(req);
    const upload = /^\/upload\/v1\/([A-Z0-9]+)$/.exec(url.pathname);
    if (upload && req.method === 'POST') {
      await this.#handleUpload(upload[1] ?? '', req, bytes, res);
      return;
    }
    const raw = bytes.toString('utf8');
    if (url.pathname.startsWith('/api/')) {
      await this.#handleApi(url, req, raw, res);
      return;
    }
    const responseUrl = /^\/response-url\/(\d+)$/.exec(url.pathname);
    if (responseUrl && req.method === 'POST') {
      this.#handleResponseUrl(url.href, responseUrl[1] ?? '', raw, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  async #handleApi(url: URL, req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const { args, token } = parseArguments(url, req, raw);
    const call: FakeSlackCall = { method, args, ok: false, status: 200 };
    this.calls.push(call);
    const held = this.#holds.find((h) => !h.taken && h.method === method && h.matches(args));
    if (held) {
      held.taken = true;
      held.arrived(call);
      await held.released;
    }
    const authenticated = token === this.botToken;
    const send = (status: number, body: Answer, headers: Record<string, string> = {}) => {
      call.status = status;
      call.ok = body.ok === true;
      if (!call.ok) call.error = asString(body.error);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        // Slack reports the token's scopes on calls it authenticated; WebClient surfaces them as response_metadata.scopes.
        ...(authenticated ? { 'x-oauth-scopes': this.#scopes.join(',') } : {}),
        ...headers,
      });
      res.end(JSON.stringify(body));
    };

    const failure = this.#failures.get(method)?.shift();
    if (failure) {
      const status = failure.status ?? 200;
      if (status === 429) {
        // Slack's rate limiting: HTTP 429, a Retry-After header in seconds, error 'ratelimited'.
        send(
          429,
          { ok: false, error: failure.error ?? 'ratelimited' },
          { 'retry-after': `${failure.retryAfter ?? 1}` },
        );
      } else {
        send(status, {
          ok: false,
          error: failure.error ?? (status === 200 ? 'fatal_error' : 'internal_error'),
        });
      }
      return;
    }

    // Socket Mode: authenticated by the app-level token, not the bot token (`fake-slack-socket.ts`).
    if (method === 'apps.connections.open') {
      send(200, this.socketMode.open(req.headers.authorization));
      return;
    }
    const handler = this.#handlers[method];
    if (!handler) {
      send(200, { ok: false, error: 'unknown_method', req_method: method });
      return;
    }
    if (token === undefined || token === '') {
      send(200, { ok: false, error: 'not_authed' });
      return;
    }
    if (token !== this.botToken) {
      send(200, { ok: false, error: 'invalid_auth' });
      return;
    }
    const needed = REQUIRED_SCOPE[method];
    if (needed && !this.#scopes.includes(needed)) {
      send(200, { ok: false, error: 'missing_scope', needed, provided: this.#scopes.join(',') });
      return;
    }
    try {
      send(200, { ok: true, ...handler(args) });
    } catch (error) {
      if (!(error instanceof SlackMethodError)) throw error;
      send(200, { ok: false, error: error.error, ...error.extra });
    }
  }

  #handleResponseUrl(href: string, id: string, raw: string, res: ServerResponse): void {
    // biome-ignore lint/suspicious/noExplicitAny: whatever the bot POSTed.
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    const post: FakeResponseUrlPost = { url: href, body, status: 200 };
    this.responses.push(post);
    const { status, error } = this.#applyResponseUrlPost(id, body);
    post.status = status;
    res.writeHead(status, { 'content-type': status === 200 ? 'application/json' : 'text/plain' });
    res.end(status === 200 ? JSON.stringify({ ok: true }) : error);
  }

  /**
   * The upload URL of `files.getUploadURLExternal`: Slack takes the file as raw bytes or as a multipart form
   * (WebClient sends a form with the file in a field), and answers HTTP 200 on success, anything else on failure.
   */
  async #handleUpload(fileId: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const file = this.#files.get(fileId);
    if (!file || file.completed) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('upload url not found');
      return;
    }
    let bytes = raw;
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.toLowerCase().startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), {
        headers: { 'content-type': contentType },
      }).formData();
      const part = [...form.values()].find((value) => typeof value !== 'string');
      if (!part || typeof part === 'string') {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end('no file in the form');
        return;
      }
      bytes = Buffer.from(await part.arrayBuffer());
    }
    file.bytes = bytes;
    file.text = bytes.toString('utf8');
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${bytes.length}`);
  }

  /** What Slack does with a POST to a response_url: reply ephemerally, in channel, or replace/delete the original. */
  #applyResponseUrlPost(id: string, body: unknown): { status: number; error?: string } {
    const record = this.#responseUrls.get(id);
    if (!record || this.#now() - record.createdAt > LIMITS.responseUrlTtlMs)
      return { status: 404, error: 'expired_url' };
    if (record.uses >= LIMITS.responseUrlUses) return { status: 404, error: 'used_url' };
    record.uses++;
    if (!isRecord(body)) return { status: 400, error: 'invalid_payload' };
    const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
    const text = asString(body.text);
    if (blocks && validateBlocks(blocks, '/blocks', 'message').length > 0)
      return { status: 400, error: 'invalid_blocks' };

    if (asBoolean(body.delete_original)) {
      if (record.messageTs) this.#deleteMessage(record.messageTs);
      return { status: 200 };
    }
    if (text === undefined && !blocks) return { status: 400, error: 'no_text' };
    if (asBoolean(body.replace_original) && record.messageTs) {
      const message = this.findMessage(record.messageTs);
      const target = message ?? this.#ephemerals.find((ephemeral) => ephemeral.ts === record.messageTs);
      if (target) {
        target.history.push({ text: target.text, blocks: target.blocks });
        target.text = text;
        target.blocks = blocks;
        return { status: 200 };
      }
    }
    const channel =
      record.channelId ?? (record.userId ? this.dmChannelFor(record.userId) : this.generalChannelId);
    if (body.response_type === 'in_channel') {
      this.#storeMessage({
        channel,
        ts: this.#nextTs(),
        threadTs: asString(body.thread_ts),
        text,
        blocks,
        user: this.botUserId,
        botId: this.botId,
        history: [],
        postedVia: 'response_url',
      });
    } else if (record.userId) {
      this.#ephemerals.push({
        channel,
        user: record.userId,
        ts: this.#nextTs(),
        text,
        blocks,
        postedVia: 'response_url',
        history: [],
      });
    }
    return { status: 200 };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Methods

  #authTest(): Answer {
    return {
      url: `https://${this.teamName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.slack.com/`,
      team: this.teamName,
      user: this.#users.get(this.botUserId)?.name ?? 'openai-access',
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      is_enterprise_install: false,
    };
  }

  #chatPostMessage(args: Record<string, unknown>): Answer {
    const channel = this.#resolvePostChannel(requireString(args, 'channel', 'channel_not_found'));
    const { text, blocks } = this.#messageContent(args);
    const threadTs = asString(args.thread_ts);
    const message: FakeMessage = {
      channel,
      ts: this.#nextTs(),
      threadTs,
      text,
      blocks,
      user: this.botUserId,
      botId: this.botId,
      metadata: args.metadata,
      history: [],
      postedVia: 'chat.postMessage',
    };
    this.#storeMessage(message);
    return { channel, ts: message.ts, message: this.#messageObject(message) };
  }

  #chatUpdate(args: Record<string, unknown>): Answer {
    const channelArg = requireString(args, 'channel', 'channel_not_found');
    const ts = requireString(args, 'ts', 'message_not_found');
    // Slack needs the conversation id here: a user id (U…) is not a DM id (D…) and gets channel_not_found.
    const channel = this.#channels.get(channelArg);
    if (!channel) throw new SlackMethodError('channel_not_found');
    const message = this.#messages.get(channel.id)?.find((candidate) => candidate.ts === ts);
    if (!message) throw new SlackMethodError('message_not_found');
    if (message.user !== this.botUserId) throw new SlackMethodError('cant_update_message');
    const hasText = args.text !== undefined;
    const hasBlocks = args.blocks !== undefined;
    if (!hasText && !hasBlocks && args.attachments === undefined) throw new SlackMethodError('no_text');
    const content = this.#messageContent(args, { allowEmpty: true });
    message.history.push({ text: message.text, blocks: message.blocks });
    if (hasText) message.text = content.text;
    // Slack keeps the previous blocks when `blocks` is left out; an empty array removes them.
    if (hasBlocks) message.blocks = content.blocks && content.blocks.length > 0 ? content.blocks : undefined;
    return {
      channel: channel.id,
      ts,
      text: message.text ?? '',
      message: {
        text: message.text ?? '',
        ...(message.blocks ? { blocks: message.blocks } : {}),
        user: this.botUserId,
        bot_id: this.botId,
        type: 'message',
        team: this.teamId,
        edited: { user: this.botUserId, ts: this.#nextTs() },
      },
    };
  }

  #chatPostEphemeral(args: Record<string, unknown>): Answer {
    const channelArg = requireString(args, 'channel', 'channel_not_found');
    const userId = requireString(args, 'user', 'user_not_in_channel');
    const user = this.#users.get(userId);
    if (!user || user.deleted) throw new SlackMethodError('user_not_in_channel');
    const channel = this.#resolvePostChannel(channelArg);
    const record = this.#channels.get(channel);
    if (record?.kind === 'im' && record.user !== userId) throw new SlackMethodError('user_not_in_channel');
    if (record?.members && !record.members.has(userId)) throw new SlackMethodError('user_not_in_channel');
    const { text, blocks } = this.#messageContent(args);
    const ts = this.#nextTs();
    this.#ephemerals.push({
      channel,
      user: userId,
      ts,
      text,
      blocks,
      postedVia: 'chat.postEphemeral',
      history: [],
    });
    return { message_ts: ts };
  }

  #chatDelete(args: Record<string, unknown>): Answer {
    const channelArg = requireString(args, 'channel', 'channel_not_found');
    const ts = requireString(args, 'ts', 'message_not_found');
    if (!this.#channels.has(channelArg)) throw new SlackMethodError('channel_not_found');
    const found = this.#messages.get(channelArg)?.some((message) => message.ts === ts);
    if (!found) throw new SlackMethodError('message_not_found');
    this.#deleteMessage(ts);
    return { channel: channelArg, ts };
  }

  #conversationsOpen(args: Record<string, unknown>): Answer {
    const returnIm = asBoolean(args.return_im);
    const channelArg = asString(args.channel);
    let dmId: string;
    let userId: string;
    if (channelArg) {
      const record = this.#channels.get(channelArg);
      if (record?.kind !== 'im' || !record.user) throw new SlackMethodError('channel_not_found');
      dmId = record.id;
      userId = record.user;
    } else {
      const users = (asString(args.users) ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      if (users.length === 0) throw new SlackMethodError('users_list_not_supplied');
      // Group DMs (mpim) are not modelled: the bot only opens 1:1 DMs.
      if (users.length > 1) throw new SlackMethodError('invalid_user_combination');
      userId = users[0] ?? '';
      const user = this.#users.get(userId);
      if (!user) throw new SlackMethodError('user_not_found');
      if (user.deleted) throw new SlackMethodError('user_disabled');
      if (userId === this.botUserId) throw new SlackMethodError('cannot_dm_bot');
      dmId = this.dmChannelFor(userId);
    }
    const record = this.#channels.get(dmId);
    const alreadyOpen = record?.opened ?? false;
    if (record) record.opened = true;
    const channel = returnIm
      ? {
          id: dmId,
          created: String(record?.created ?? Math.floor(this.#now() / 1000)),
          is_im: true,
          is_open: true,
          user: userId,
          last_read: '0000000000.000000',
          unread_count: 0,
          unread_count_display: 0,
        }
      : { id: dmId };
    return alreadyOpen ? { no_op: true, already_open: true, channel } : { channel };
  }

  /** Members of a channel added with `members` (others answer an empty list), paged by `cursor`. */
  #conversationsMembers(args: Record<string, unknown>): Answer {
    const record = this.#channels.get(requireString(args, 'channel', 'channel_not_found'));
    if (!record || record.kind === 'im') throw new SlackMethodError('channel_not_found');
    const all = [...(record.members ?? [])];
    const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 1000);
    const from =
      typeof args.cursor === 'string' && args.cursor
        ? Number(Buffer.from(args.cursor, 'base64').toString())
        : 0;
    const next = from + limit < all.length ? Buffer.from(String(from + limit)).toString('base64') : '';
    return { members: all.slice(from, from + limit), response_metadata: { next_cursor: next } };
  }

  #usersInfo(args: Record<string, unknown>): Answer {
    const user = this.#users.get(requireString(args, 'user', 'user_not_found'));
    if (!user) throw new SlackMethodError('user_not_found');
    return { user: this.#userObject(user) };
  }

  /**
   * `users.list`: every member, deactivated ones included (Slack's order is arbitrary; here it is the
   * order users were added), `limit` per page (default 100, at most 1000) and an opaque cursor; the
   * last page answers an empty `next_cursor`.
   */
  #usersList(args: Record<string, unknown>): Answer {
    const limit = Number(asString(args.limit) ?? '100');
    if (!Number.isInteger(limit) || limit < 0 || limit > 1000) throw new SlackMethodError('invalid_limit');
    const size = limit === 0 ? 100 : limit;
    const cursor = asString(args.cursor);
    const all = [...this.#users.values()];
    let start = 0;
    if (cursor) {
      const decoded = Buffer.from(cursor, 'base64').toString('utf8');
      const at = /^user:(\d+)$/.exec(decoded);
      if (!at) throw new SlackMethodError('invalid_cursor');
      start = Number(at[1]);
    }
    const members = all.slice(start, start + size).map((u) => this.#userObject(u));
    const next = start + size < all.length ? Buffer.from(`user:${start + size}`).toString('base64') : '';
    return {
      members,
      cache_ts: Math.floor(this.#now() / 1000),
      response_metadata: { next_cursor: next },
    };
  }

  #usersLookupByEmail(args: Record<string, unknown>): Answer {
    const email = requireString(args, 'email', 'users_not_found').toLowerCase();
    // Slack answers users_not_found for a deactivated account too (users.lookupByEmail docs).
    const user = [...this.#users.values()].find((candidate) => candidate.email?.toLowerCase() === email);
    if (!user || user.deleted) throw new SlackMethodError('users_not_found');
    return { user: this.#userObject(user) };
  }

  #filesGetUploadUrlExternal(args: Record<string, unknown>): Answer {
    const filename = requireString(args, 'filename');
    const length = Number(requireString(args, 'length'));
    if (!Number.isInteger(length) || length < 1) {
      throw new SlackMethodError('invalid_arguments', {
        response_metadata: { messages: ['[ERROR] length must be a positive integer [json-pointer:/length]'] },
      });
    }
    const id = `F0FILE${String(++this.#counter).padStart(5, '0')}`;
    this.#files.set(id, { id, filename, declaredLength: length, completed: false });
    return { upload_url: `${this.origin}/upload/v1/${id}`, file_id: id };
  }

  #filesCompleteUploadExternal(args: Record<string, unknown>): Answer {
    const entries = args.files;
    if (
      !Array.isArray(entries) ||
      entries.length === 0 ||
      !entries.every((e) => isRecord(e) && asString(e.id))
    ) {
      throw new SlackMethodError('invalid_arguments', {
        response_metadata: {
          messages: ['[ERROR] files must be an array of {"id", "title"} [json-pointer:/files]'],
        },
      });
    }
    // Slack shares into a conversation id; the `channels` argument (ids, or user ids) is not modelled.
    const channelArg = asString(args.channel_id);
    let channel: string | undefined;
    if (channelArg) {
      const record = this.#channels.get(channelArg);
      if (!record) throw new SlackMethodError('channel_not_found');
      if (!record.botIsMember) throw new SlackMethodError('not_in_channel');
      channel = record.id;
    }
    const files = entries.map((entry) => {
      const file = this.#files.get(asString((entry as Record<string, unknown>).id) ?? '');
      // An id never issued, or whose bytes never reached the upload URL, is not a file Slack has.
      if (!file?.bytes || file.completed) throw new SlackMethodError('file_not_found');
      return { file, title: asString((entry as Record<string, unknown>).title) ?? file.filename };
    });
    const initialComment = asString(args.initial_comment);
    const ts = channel ? this.#nextTs() : undefined;
    for (const { file, title } of files) {
      Object.assign(file, { completed: true, title, channel, initialComment, messageTs: ts });
    }
    if (channel && ts) {
      this.#storeMessage({
        channel,
        ts,
        threadTs: asString(args.thread_ts),
        text: initialComment ?? '',
        user: this.botUserId,
        botId: this.botId,
        history: [],
        postedVia: 'files.completeUploadExternal',
        files: files.map(({ file, title }) => ({ id: file.id, name: file.filename, title })),
      });
    }
    return { files: files.map(({ file, title }) => this.#fileObject(file, title)) };
  }

  #fileObject(file: FakeFile, title: string): Answer {
    const created = Math.floor(this.#now() / 1000);
    return {
      id: file.id,
      created,
      timestamp: created,
      name: file.filename,
      title,
      mimetype: file.filename.endsWith('.csv') ? 'text/csv' : 'application/octet-stream',
      filetype: file.filename.split('.').at(-1) ?? 'binary',
      user: this.botUserId,
      size: file.bytes?.length ?? 0,
      is_external: false,
      is_public: false,
      url_private: `${this.origin}/files-pri/${this.teamId}-${file.id}/${encodeURIComponent(file.filename)}`,
      permalink: `${this.origin}/files/${this.botUserId}/${file.id}/${encodeURIComponent(file.filename)}`,
    };
  }

  #viewsOpenOrPush(args: Record<string, unknown>, via: 'views.open' | 'views.push'): Answer {
    const triggerId = requireString(args, 'trigger_id');
    const view = this.#parseView(args);
    if (view.type !== 'modal') {
      throw new SlackMethodError('invalid_arguments', {
        response_metadata: { messages: ['[ERROR] must be "modal" [json-pointer:/view/type]'] },
      });
    }
    this.#checkView(view, 'modal');
    const trigger = this.#triggers.get(triggerId);
    // Trigger ids the fake did not issue are accepted (tests may craft their own); issued ones are enforced.
    if (trigger) {
      if (trigger.used) throw new SlackMethodError('exchanged_trigger_id');
      if (this.#now() - trigger.issuedAt > this.#triggerTtlMs)
        throw new SlackMethodError('expired_trigger_id');
      trigger.used = true;
    }
    const on = via === 'views.push' && trigger?.viewId ? this.#views.get(trigger.viewId) : undefined;
    const record = this.#createModal(view, { triggerId, via, userId: trigger?.userId, on });
    return { view: record.view };
  }

  #viewsUpdate(args: Record<string, unknown>): Answer {
    const viewId = asString(args.view_id);
    const externalId = asString(args.external_id);
    if (!viewId && !externalId) {
      throw new SlackMethodError('invalid_arguments', {
        response_metadata: { messages: ['[ERROR] either view_id or external_id is required'] },
      });
    }
    const record = viewId
      ? this.#views.get(viewId)
      : [...this.#views.values()].find((candidate) => candidate.view.external_id === externalId);
    if (!record) throw new SlackMethodError('not_found');
    const hash = asString(args.hash);
    if (hash !== undefined && hash !== record.hash) throw new SlackMethodError('hash_conflict');
    const view = this.#parseView(args);
    this.#checkView(view, record.kind);
    this.#replaceView(record, view);
    return { view: record.view };
  }

  #viewsPublish(args: Record<string, unknown>): Answer {
    const userId = requireString(args, 'user_id');
    const user = this.#users.get(userId);
    if (!user || user.deleted) throw new SlackMethodError('user_not_found');
    const view = this.#parseView(args);
    if (view.type !== 'home') {
      throw new SlackMethodError('invalid_arguments', {
        response_metadata: { messages: ['[ERROR] must be "home" [json-pointer:/view/type]'] },
      });
    }
    this.#checkView(view, 'home');
    const existingId = this.#homeViewIdByUser.get(userId);
    let record = existingId ? this.#views.get(existingId) : undefined;
    const hash = asString(args.hash);
    if (record && hash !== undefined && hash !== record.hash) throw new SlackMethodError('hash_conflict');
    if (record) {
      this.#replaceView(record, view);
    } else {
      const id = this.#nextViewId();
      const hashValue = this.#nextHash();
      record = {
        kind: 'home',
        triggerId: '',
        id,
        hash: hashValue,
        via: 'views.publish',
        userId,
        closed: false,
        history: [],
        view: this.#viewObject(view, id, hashValue, { rootViewId: id, previousViewId: null }),
      };
      this.#views.set(id, record);
      this.#homeViewIdByUser.set(userId, id);
    }
    const publishes = this.#homePublishes.get(userId) ?? [];
    publishes.push(record.view);
    this.#homePublishes.set(userId, publishes);
    return { view: record.view };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Helpers

  /** Where a post lands: a U…/W… id means the bot's DM with that user, as in Slack. */
  #resolvePostChannel(channelArg: string): string {
    if (/^[UW]/.test(channelArg)) {
      const user = this.#users.get(channelArg);
      if (!user) throw new SlackMethodError('channel_not_found');
      return this.dmChannelFor(channelArg);
    }
    const record = this.#channels.get(channelArg);
    if (!record) throw new SlackMethodError('channel_not_found');
    if (!record.botIsMember) throw new SlackMethodError('not_in_channel');
    return record.id;
  }

  #messageContent(
    args: Record<string, unknown>,
    { allowEmpty = false }: { allowEmpty?: boolean } = {},
  ): { text?: string; blocks?: unknown[] } {
    const text = asString(args.text);
    const rawBlocks = args.blocks;
    if (rawBlocks !== undefined && !Array.isArray(rawBlocks))
      throw new SlackMethodError('invalid_blocks_format');
    const blocks = rawBlocks as unknown[] | undefined;
    if (!allowEmpty && (text === undefined || text === '') && (!blocks || blocks.length === 0)) {
      if (args.attachments === undefined) throw new SlackMethodError('no_text');
    }
    if (text !== undefined && text.length > LIMITS.messageText) throw new SlackMethodError('msg_too_long');
    if (blocks) {
      const problems = validateBlocks(blocks, '/blocks', 'message');
      if (problems.length > 0) {
        throw new SlackMethodError('invalid_blocks', { response_metadata: { messages: problems } });
      }
    }
    return { text, blocks: blocks && blocks.length > 0 ? blocks : undefined };
  }

  #storeMessage(message: FakeMessage): void {
    const list = this.#messages.get(message.channel) ?? [];
    list.push(message);
    this.#messages.set(message.channel, list);
  }

  #deleteMessage(ts: string): void {
    for (const [channel, list] of this.#messages) {
      const kept = list.filter((message) => message.ts !== ts);
      if (kept.length !== list.length) this.#messages.set(channel, kept);
    }
  }

  #messageObject(message: FakeMessage): Answer {
    return {
      type: 'message',
      text: message.text ?? '',
      user: message.user,
      bot_id: message.botId,
      ts: message.ts,
      team: this.teamId,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      bot_profile: {
        id: this.botId,
        deleted: false,
        name: 'OpenAI Access',
        updated: Math.floor(this.#now() / 1000),
        app_id: this.appId,
        icons: {
          image_36: 'https://a.slack-edge.com/80588/img/plugins/app/bot_36.png',
          image_48: 'https://a.slack-edge.com/80588/img/plugins/app/bot_48.png',
          image_72: 'https://a.slack-edge.com/80588/img/plugins/app/service_72.png',
        },
        team_id: this.teamId,
      },
    };
  }

  #userObject(user: UserRecord): Answer {
    const realName = user.realName ?? user.name;
    return {
      id: user.id,
      team_id: this.teamId,
      name: user.name,
      deleted: user.deleted,
      color: '9f69e7',
      real_name: realName,
      tz: user.tz,
      tz_label: 'Greenwich Mean Time',
      tz_offset: 0,
      profile: {
        title: '',
        phone: '',
        skype: '',
        real_name: realName,
        real_name_normalized: realName,
        display_name: user.name,
        display_name_normalized: user.name,
        fields: null,
        status_text: '',
        status_emoji: '',
        avatar_hash: 'g0000000000',
        ...(user.email ? { email: user.email } : {}),
        first_name: realName.split(' ')[0] ?? realName,
        last_name: realName.split(' ').slice(1).join(' '),
        image_48: 'https://secure.gravatar.com/avatar/0.jpg',
        team: this.teamId,
        ...(user.isBot ? { bot_id: this.botId, api_app_id: this.appId, always_active: true } : {}),
      },
      is_admin: user.isAdmin,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: user.isBot,
      is_app_user: false,
      updated: user.updated,
      has_2fa: false,
    };
  }

  // biome-ignore lint/suspicious/noExplicitAny: a parsed view payload.
  #parseView(args: Record<string, unknown>): any {
    const view = args.view;
    if (view === undefined) {
      throw new SlackMethodError('invalid_arguments', {
        response_metadata: { messages: ['[ERROR] missing required field: view'] },
      });
    }
    if (!isRecord(view)) {
      throw new SlackMethodError('invalid_arguments', {
        response_metadata: { messages: ['[ERROR] view must be a JSON object [json-pointer:/view]'] },
      });
    }
    return view;
  }

  #checkView(view: Record<string, unknown>, kind: 'modal' | 'home'): void {
    const problems = validateView(view, kind);
    if (problems.length > 0)
      throw new SlackMethodError('invalid_arguments', { response_metadata: { messages: problems } });
  }

  #createModal(
    view: Record<string, unknown>,
    context: { triggerId: string; via: 'views.open' | 'views.push'; userId?: string; on?: ViewRecord },
  ): ViewRecord {
    const id = this.#nextViewId();
    const hash = this.#nextHash();
    let rootViewId = id;
    let previousViewId: string | null = null;
    if (context.on) {
      rootViewId = context.on.view.root_view_id ?? context.on.id;
      const stack = (this.#stacks.get(rootViewId) ?? [rootViewId]).filter(
        (member) => !this.#views.get(member)?.closed,
      );
      if (stack.length >= LIMITS.modalStack) throw new SlackMethodError('push_limit_reached');
      previousViewId = context.on.id;
      stack.push(id);
      this.#stacks.set(rootViewId, stack);
    } else {
      this.#stacks.set(id, [id]);
    }
    const record: ViewRecord = {
      kind: 'modal',
      triggerId: context.triggerId,
      id,
      hash,
      via: context.via,
      userId: context.userId ?? context.on?.userId,
      closed: false,
      history: [],
      view: this.#viewObject(view, id, hash, { rootViewId, previousViewId }),
    };
    this.#views.set(id, record);
    this.openedViews.push(record);
    return record;
  }

  #replaceView(record: ViewRecord, view: Record<string, unknown>): void {
    record.history.push(record.view);
    record.hash = this.#nextHash();
    record.errors = undefined;
    record.view = this.#viewObject(view, record.id, record.hash, {
      rootViewId: record.view.root_view_id,
      previousViewId: record.view.previous_view_id,
    });
  }

  /** The view object Slack answers with (the spec's views.open example), from what the bot sent. */
  #viewObject(
    view: Record<string, unknown>,
    id: string,
    hash: string,
    links: { rootViewId: string; previousViewId: string | null },
  ): Record<string, unknown> {
    return {
      id,
      team_id: this.teamId,
      type: view.type,
      blocks: Array.isArray(view.blocks) ? view.blocks : [],
      private_metadata: asString(view.private_metadata) ?? '',
      callback_id: asString(view.callback_id) ?? '',
      state: { values: {} },
      hash,
      title: view.title ?? null,
      clear_on_close: asBoolean(view.clear_on_close),
      notify_on_close: asBoolean(view.notify_on_close),
      close: view.close ?? null,
      submit: view.submit ?? null,
      previous_view_id: links.previousViewId,
      root_view_id: links.rootViewId,
      app_id: this.appId,
      external_id: asString(view.external_id) ?? '',
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
  }

  /** Message timestamps: `^\d{10}\.\d{6}$`, strictly increasing even within one millisecond. */
  #nextTs(): string {
    this.#lastTsMicros = Math.max(Math.floor(this.#now()) * 1000, this.#lastTsMicros + 1);
    const digits = String(this.#lastTsMicros);
    return `${digits.slice(0, -6)}.${digits.slice(-6)}`;
  }

  #nextHash(): string {
    return `${Math.floor(this.#now() / 1000)}.${randomBytes(4).toString('hex')}`;
  }

  #nextViewId(): string {
    return `V0VIEW${String(++this.#counter).padStart(5, '0')}`;
  }
}

async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseArguments(
  url: URL,
  req: IncomingMessage,
  raw: string,
): { args: Record<string, unknown>; token: string | undefined } {
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType === 'application/json' && raw.length > 0) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isRecord(parsed)) Object.assign(args, parsed);
    } catch {
      // Slack answers invalid_json; the handler then sees no arguments and fails on what is missing.
    }
  } else if (raw.length > 0) {
    Object.assign(args, Object.fromEntries(new URLSearchParams(raw)));
  }
  for (const key of JSON_ARGUMENTS) {
    const value = args[key];
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      try {
        args[key] = JSON.parse(value);
      } catch {
        // Left as the raw string: the method answers invalid_blocks_format / invalid_arguments.
      }
    }
  }
  const header = req.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  const formToken = asString(args.token);
  delete args.token;
  return { args, token: bearer || formToken };
}

// -----------------------------------------------------------------------------------------------------------
// Block Kit checks: the limits that are cheap to check and that a bot hits in practice.
// Problems are phrased like Slack's `response_metadata.messages`: "[ERROR] … [json-pointer:/blocks/0/text]".

type Surface = 'message' | 'modal' | 'home';

function textProblems(value: unknown, pointer: string, max: number, plainOnly = false): string[] {
  if (!isRecord(value)) return [`[ERROR] must be a text object [json-pointer:${pointer}]`];
  if (value.type !== 'plain_text' && (plainOnly || value.type !== 'mrkdwn')) {
    return [
      `[ERROR] must be ${plainOnly ? '"plain_text"' : '"plain_text" or "mrkdwn"'} [json-pointer:${pointer}/type]`,
    ];
  }
  const text = value.text;
  if (typeof text !== 'string' || text.length === 0) {
    return [`[ERROR] must be more than 0 characters [json-pointer:${pointer}/text]`];
  }
  if (text.length > max)
    return [`[ERROR] must be less than ${max + 1} characters [json-pointer:${pointer}/text]`];
  return [];
}

function elementProblems(element: unknown, pointer: string, actionIds: Set<string>): string[] {
  if (!isRecord(element) || typeof element.type !== 'string') {
    return [`[ERROR] must be an element object with a type [json-pointer:${pointer}]`];
  }
  const problems: string[] = [];
  const actionId = element.action_id;
  if (typeof actionId === 'string') {
    if (actionId.length > LIMITS.actionId)
      problems.push(`[ERROR] action_id too long [json-pointer:${pointer}/action_id]`);
    if (actionIds.has(actionId)) {
      problems.push(
        `[ERROR] action_id '${actionId}' already exists in this block [json-pointer:${pointer}/action_id]`,
      );
    }
    actionIds.add(actionId);
  }
  if (element.type === 'button') {
    problems.push(...textProblems(element.text, `${pointer}/text`, LIMITS.buttonText, true));
    if (typeof element.value === 'string' && element.value.length > LIMITS.buttonValue) {
      problems.push(
        `[ERROR] must be less than ${LIMITS.buttonValue + 1} characters [json-pointer:${pointer}/value]`,
      );
    }
  }
  return problems;
}

/** Problems in a blocks array for a message, modal or Home tab; empty when Slack would accept it. */
export function validateBlocks(blocks: unknown, pointer: string, surface: Surface): string[] {
  if (!Array.isArray(blocks)) return [`[ERROR] must be an array [json-pointer:${pointer}]`];
  const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  const problems: string[] = [];
  if (blocks.length > max)
    problems.push(`[ERROR] no more than ${max} items allowed [json-pointer:${pointer}]`);
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const at = `${pointer}/${index}`;
    if (!isRecord(block) || typeof block.type !== 'string') {
      problems.push(`[ERROR] must be a block object with a type [json-pointer:${at}]`);
      return;
    }
    const blockId = block.block_id;
    if (blockId !== undefined) {
      if (typeof blockId !== 'string' || blockId.length === 0 || blockId.length > LIMITS.blockId) {
        problems.push(
          `[ERROR] block_id must be 1-${LIMITS.blockId} characters [json-pointer:${at}/block_id]`,
        );
      } else if (blockIds.has(blockId)) {
        problems.push(`[ERROR] duplicate block_id '${blockId}' [json-pointer:${at}/block_id]`);
      } else {
        blockIds.add(blockId);
      }
    }
    const actionIds = new Set<string>();
    switch (block.type) {
      case 'section': {
        if (block.text === undefined && block.fields === undefined) {
          problems.push(`[ERROR] must provide text or fields [json-pointer:${at}]`);
        }
        if (block.text !== undefined)
          problems.push(...textProblems(block.text, `${at}/text`, LIMITS.sectionText));
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields) || block.fields.length > LIMITS.sectionFields) {
            problems.push(
              `[ERROR] no more than ${LIMITS.sectionFields} items allowed [json-pointer:${at}/fields]`,
            );
          } else {
            block.fields.forEach((field, fieldIndex) => {
              problems.push(...textProblems(field, `${at}/fields/${fieldIndex}`, LIMITS.sectionField));
            });
          }
        }
        if (block.accessory !== undefined)
          problems.push(...elementProblems(block.accessory, `${at}/accessory`, actionIds));
        break;
      }
      case 'header':
        problems.push(...textProblems(block.text, `${at}/text`, LIMITS.headerText, true));
        break;
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length === 0) {
          problems.push(`[ERROR] must provide at least 1 element [json-pointer:${at}/elements]`);
        } else if (block.elements.length > LIMITS.contextElements) {
          problems.push(
            `[ERROR] no more than ${LIMITS.contextElements} items allowed [json-pointer:${at}/elements]`,
          );
        }
        break;
      case 'actions':
        if (!Array.isArray(block.elements) || block.elements.length === 0) {
          problems.push(`[ERROR] must provide at least 1 element [json-pointer:${at}/elements]`);
        } else if (block.elements.length > LIMITS.actionsElements) {
          problems.push(
            `[ERROR] no more than ${LIMITS.actionsElements} items allowed [json-pointer:${at}/elements]`,
          );
        } else {
          block.elements.forEach((element, elementIndex) => {
            problems.push(...elementProblems(element, `${at}/elements/${elementIndex}`, actionIds));
          });
        }
        break;
      case 'input':
        problems.push(...textProblems(block.label, `${at}/label`, LIMITS.inputLabel, true));
        if (block.element === undefined)
          problems.push(`[ERROR] missing required field: element [json-pointer:${at}]`);
        else problems.push(...elementProblems(block.element, `${at}/element`, actionIds));
        break;
      default:
        break;
    }
  });
  return problems;
}

/** Problems in a modal or Home tab view payload; empty when Slack would accept it. */
export function validateView(view: Record<string, unknown>, kind: 'modal' | 'home'): string[] {
  const problems = validateBlocks(view.blocks ?? [], '/view/blocks', kind);
  if (kind === 'modal') {
    problems.push(...textProblems(view.title, '/view/title', LIMITS.viewTitle, true));
    if (view.submit !== undefined && view.submit !== null) {
      problems.push(...textProblems(view.submit, '/view/submit', LIMITS.viewTitle, true));
    }
    if (view.close !== undefined && view.close !== null) {
      problems.push(...textProblems(view.close, '/view/close', LIMITS.viewTitle, true));
    }
    const hasInput =
      Array.isArray(view.blocks) && view.blocks.some((block) => isRecord(block) && block.type === 'input');
    if (hasInput && (view.submit === undefined || view.submit === null)) {
      problems.push('[ERROR] must provide submit if using input blocks [json-pointer:/view/submit]');
    }
  }
  const metadata = view.private_metadata;
  if (typeof metadata === 'string' && metadata.length > LIMITS.privateMetadata) {
    problems.push(
      `[ERROR] must be less than ${LIMITS.privateMetadata + 1} characters [json-pointer:/view/private_metadata]`,
    );
  }
  const callbackId = view.callback_id;
  if (typeof callbackId === 'string' && callbackId.length > LIMITS.callbackId) {
    problems.push(
      `[ERROR] must be less than ${LIMITS.callbackId + 1} characters [json-pointer:/view/callback_id]`,
    );
  }
  return problems;
}
