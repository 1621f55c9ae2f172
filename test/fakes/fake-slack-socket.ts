/**
 * Socket Mode for the local fake Slack, as Slack documents it ("Using Socket Mode",
 * https://docs.slack.dev/apis/events-api/using-socket-mode, and the `apps.connections.open` reference,
 * https://docs.slack.dev/reference/methods/apps.connections.open):
 *
 * - `apps.connections.open`, called with the app-level token (`xapp-…`) in the `Authorization` header,
 *   answers `{ ok: true, url: "ws://127.0.0.1:<port>/link/?ticket=…&app_id=…" }`. Each ticket opens one
 *   connection, so a reconnect is seen to go through a fresh `apps.connections.open`.
 * - On connect the fake sends `{ type: "hello", num_connections, debug_info, connection_info: { app_id } }`.
 * - It delivers envelopes `{ envelope_id, type: "slash_commands" | "interactive" | "events_api", payload,
 *   accepts_response_payload }` and waits for the app's ack `{ envelope_id, payload? }`.
 * - `disconnect(reason)` sends `{ type: "disconnect", reason, debug_info }`; the app is expected to close
 *   the connection and open a new one.
 *
 * `transport` plugs into `SlackRequestSender`, so every request a test builds for HTTP (slash commands,
 * clicks, view submissions, events, filled from the fake's state) can be sent as an envelope instead, and
 * the ack's payload is the answer (`response_action`, a slash command's message), as over HTTP.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SlackHttpAnswer, SlackRequestTransport } from './slack-request-sender.js';

export type SocketEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketEnvelope {
  envelope_id: string;
  type: SocketEnvelopeType;
  payload: unknown;
  accepts_response_payload: boolean;
}

/** What the app sends back for an envelope. */
export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export interface FakeSocketConnection {
  /** 1 for the first connection, 2 for the next… */
  number: number;
  ticket: string;
  /** Every message the fake sent on it (hello, envelopes, disconnect), parsed. */
  sent: Record<string, unknown>[];
  /** Every message the app sent on it, parsed. */
  received: Record<string, unknown>[];
  open: boolean;
  /** The close code, once closed (1000: the app closed it normally). */
  closeCode?: number;
}

interface PendingAck {
  connection: FakeSocketConnection;
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
}

export interface FakeSlackSocketModeOptions {
  /** The fake Slack's HTTP server: WebSocket upgrades on `/link/` are taken from it. */
  server: Server;
  /** `http://127.0.0.1:<port>` of that server, once it listens. */
  origin: () => string;
  appId: string;
  /** Default 'xapp-1-A0FAKEAPP1-1-fakeapptoken'. */
  appToken?: string;
}

export const FAKE_APP_TOKEN = 'xapp-1-A0FAKEAPP1-1-fakeapptoken';

export class FakeSlackSocketMode {
  readonly appToken: string;
  /** Every connection the app opened, oldest first. */
  readonly connections: FakeSocketConnection[] = [];
  /** Every ack the app sent, in order. */
  readonly acks: SocketAck[] = [];
  /** The URLs `apps.connections.open` handed out. */
  readonly urls: string[] = [];

  readonly #options: FakeSlackSocketModeOptions;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #tickets = new Map<string, { used: boolean }>();
  readonly #sockets = new Map<FakeSocketConnection, WebSocket>();
  readonly #pending = new Map<string, PendingAck>();
  readonly #waiters: { count: number; resolve: () => void }[] = [];

  constructor(options: FakeSlackSocketModeOptions) {
    this.#options = options;
    this.appToken = options.appToken ?? FAKE_APP_TOKEN;
    options.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.#upgrade(req, socket, head),
    );
  }

  /**
   * The answer of `apps.connections.open` for this `Authorization` header. Slack takes the app-level token
   * only from the header ("passing it as a POST parameter will result in an error").
   */
  open(authorization: string | undefined): Record<string, unknown> {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() : '';
    if (!token) return { ok: false, error: 'not_authed' };
    if (!token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
    if (token !== this.appToken) return { ok: false, error: 'invalid_auth' };
    const ticket = randomBytes(12).toString('hex');
    this.#tickets.set(ticket, { used: false });
    const url = `${this.#options.origin().replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=${this.#options.appId}`;
    this.urls.push(url);
    return { ok: true, url };
  }

  /** Resolves once `count` connections have been opened (and greeted with `hello`) in all. */
  connected(count: number): Promise<void> {
    if (this.connections.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  /** The newest connection that is still open. */
  current(): FakeSocketConnection | undefined {
    return this.connections.filter((connection) => connection.open).at(-1);
  }

  /**
   * Sends an envelope on the newest open connection and resolves with the app's ack. Throws when no
   * connection is open (Slack would tell the user the app did not respond), and rejects when the
   * connection closes before the ack arrives.
   */
  deliver(type: SocketEnvelopeType, payload: unknown): Promise<SocketAck> {
    const connection = this.current();
    const socket = connection && this.#sockets.get(connection);
    if (!connection || !socket) {
      throw new Error(`fake-slack socket mode: no open connection to deliver a ${type} envelope on`);
    }
    const envelope: SocketEnvelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      // As in Slack's examples: slash commands and interactivity may answer with a payload, events may not.
      accepts_response_payload: type !== 'events_api',
    };
    const acked = new Promise<SocketAck>((resolve, reject) =>
      this.#pending.set(envelope.envelope_id, { connection, resolve, reject }),
    );
    this.#send(connection, socket, envelope as unknown as Record<string, unknown>);
    return acked;
  }

  /** Asks the app to reconnect, as Slack does every few hours: `{ type: "disconnect", reason }` on every open connection. */
  disconnect(reason: 'refresh_requested' | 'warning' | 'link_disabled' = 'refresh_requested'): void {
    for (const [connection, socket] of this.#sockets) {
      if (connection.open) {
        this.#send(connection, socket, {
          type: 'disconnect',
          reason,
          debug_info: { host: 'wss-fake.local' },
        });
      }
    }
  }

  /** The network drops every open connection: no `disconnect` message, no close frame. */
  drop(): void {
    for (const socket of this.#sockets.values()) socket.terminate();
  }

  /** Carries `SlackRequestSender` requests as envelopes: the HTTP body's shape decides the envelope type. */
  readonly transport: SlackRequestTransport = async ({ body, contentType }) => {
    const { type, payload } = envelopeFor(body, contentType);
    const ack = await this.deliver(type, payload);
    return answerOf(ack);
  };

  async close(): Promise<void> {
    for (const pending of this.#pending.values()) pending.reject(new Error('fake-slack closed'));
    this.#pending.clear();
    for (const socket of this.#sockets.values()) socket.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    const known = this.#tickets.get(ticket);
    if (url.pathname !== '/link/' || !known || known.used) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    known.used = true;
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, ticket));
  }

  #accept(ws: WebSocket, ticket: string): void {
    const connection: FakeSocketConnection = {
      number: this.connections.length + 1,
      ticket,
      sent: [],
      received: [],
      open: true,
    };
    this.connections.push(connection);
    this.#sockets.set(connection, ws);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (typeof message !== 'object' || message === null) return;
      const record = message as Record<string, unknown>;
      connection.received.push(record);
      if (typeof record.envelope_id !== 'string') return;
      const ack: SocketAck = {
        envelope_id: record.envelope_id,
        ...('payload' in record ? { payload: record.payload } : {}),
      };
      this.acks.push(ack);
      const pending = this.#pending.get(ack.envelope_id);
      if (pending) {
        this.#pending.delete(ack.envelope_id);
        pending.resolve(ack);
      }
    });
    ws.on('close', (code) => {
      connection.open = false;
      connection.closeCode = code;
      this.#sockets.delete(connection);
      for (const [id, pending] of this.#pending) {
        if (pending.connection !== connection) continue;
        this.#pending.delete(id);
        pending.reject(
          new Error(`the Socket Mode connection closed (${code}) before envelope ${id} was acked`),
        );
      }
    });
    this.#send(connection, ws, {
      type: 'hello',
      num_connections: [...this.#sockets.keys()].filter((c) => c.open).length,
      debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: this.#options.appId },
    });
    for (const waiter of [...this.#waiters]) {
      if (this.connections.length < waiter.count) continue;
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  #send(connection: FakeSocketConnection, ws: WebSocket, message: Record<string, unknown>): void {
    connection.sent.push(message);
    ws.send(JSON.stringify(message));
  }
}

/** The envelope Slack would send for what Bolt's HTTP receiver would get as this body. */
export function envelopeFor(
  body: string,
  contentType: string,
): { type: SocketEnvelopeType; payload: unknown } {
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(body);
    const interactive = form.get('payload');
    // Interactivity (block_actions, view_submission, block_suggestion): the JSON of the `payload` field.
    if (interactive !== null) return { type: 'interactive', payload: JSON.parse(interactive) };
    // A slash command: its form fields, as a JSON object of strings.
    return { type: 'slash_commands', payload: Object.fromEntries(form) };
  }
  // Events API: the same `event_callback` body.
  return { type: 'events_api', payload: JSON.parse(body) };
}

/** The ack as the HTTP answer Bolt would have given: 200, and the payload as the JSON body (none when empty). */
function answerOf(ack: SocketAck): SlackHttpAnswer {
  const payload = ack.payload;
  const empty =
    payload === undefined ||
    payload === null ||
    (typeof payload === 'object' && Object.keys(payload as object).length === 0);
  if (empty) return { status: 200, text: '' };
  return { status: 200, text: JSON.stringify(payload), json: payload };
}
