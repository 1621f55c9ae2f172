/**
 * A stateful local fake of OpenAI's Administration API, on `node:http`.
 *
 * The bot talks to it exactly as to OpenAI: `new OpenAI({ adminAPIKey: fake.adminKey, baseURL: fake.baseURL })`
 * sends `Authorization: Bearer <admin key>`, JSON bodies, and arrays in brackets style
 * (`emails[]=a&emails[]=b`; plain repeated `emails=a` works too). Answers have the shapes of OpenAI's
 * spec (`test/contract/specs/openai-admin/openapi-admin.yaml`, checked by
 * `test/contract/fake-openai-admin.contract.test.ts`) and follow its rules: invites grant their projects on
 * acceptance, archived projects have no users, the Default project takes no members directly, users must be
 * org members before joining a project.
 * Errors come in the spec's `ErrorResponse` shape. Failures can be scripted with `failNext`; a request can
 * be held in flight with `hold`, to arrange a race without sleeping.
 *
 * Example:
 *   const fake = await startFakeOpenAIAdmin();
 *   const alpha = fake.state.addProject({ name: 'Alpha' });
 *   const invite = fake.state.addInvite({ email: 'rita@uni.example', projects: [{ id: alpha.id, role: 'member' }] });
 *   fake.state.acceptInvite(invite.id);
 *   // … run the bot against fake.baseURL …
 *   expect(fake.callCount('POST', /^\/organization\/projects\/[^/]+\/users$/)).toBe(1);
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AdminApiError, badRequest, defaultFaultBody, notFound } from './openai-admin/errors.js';
import { parseQuery, type Query, type RawQuery } from './openai-admin/params.js';
import { matchRoute } from './openai-admin/routes.js';
import { FakeAdminState } from './openai-admin/state.js';

export { ROUTES as FAKE_ADMIN_ROUTES } from './openai-admin/routes.js';
export {
  type ApiKeyOwner,
  DEFAULT_LINE_ITEM,
  DEFAULT_PROJECT_ID,
  DEFAULT_PROJECT_NAME,
  FakeAdminState,
  INVITE_LIFETIME_SECONDS,
  type Invite,
  type InviteProject,
  type OrgRole,
  type Project,
  type ProjectApiKey,
  type ProjectRole,
  type ProjectSpendLimit,
  type ProjectUser,
  type User,
} from './openai-admin/state.js';

export const DEFAULT_ADMIN_KEY = 'sk-admin-test-fake-key';

export interface FakeOpenAIAdminOptions {
  /** The only key the fake accepts. Default `DEFAULT_ADMIN_KEY`. */
  adminKey?: string;
  /** The fake's clock in unix seconds (fractions are floored). Default: the real time. */
  now?: () => number;
  /**
   * At most this many invite creates (`POST /organization/invites`) in any 1 s of real time; more
   * are answered 429 with `Retry-After` (whole seconds, as the spec declares) and `retry-after-ms`,
   * and change nothing. Default: no limit.
   */
  invitesPerSecond?: number;
}

export interface FakeAdminCall {
  method: string;
  /** Without the `/v1` prefix, e.g. `/organization/projects/proj_x/users`. */
  path: string;
  /** As sent: a bracketed key stays bracketed (`'emails[]': ['a@x']`); repeated keys become arrays. */
  query: RawQuery;
  /** The parsed JSON body; the raw text if it was not JSON; `undefined` without a body. */
  body: unknown;
  /** The status answered; 0 while the answer is still pending (a `delayMs` fault). */
  status: number;
}

export interface FakeFailure {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; default: what OpenAI answers for that status, in `ErrorResponse` shape. */
  body?: unknown;
  /** Sent verbatim instead of `body` (with `content-type: application/json`), e.g. malformed JSON. */
  rawBody?: string;
  /** How many matching requests this failure answers. Default 1. */
  times?: number;
  /** Wait this long before answering, e.g. to let a client time out. */
  delayMs?: number;
  /**
   * Carry the request out first and only then answer with the failure: a response lost after the
   * change was made, as when a create times out on the way back. Default false (nothing changes).
   */
  applyRequest?: boolean;
}

export interface FakeOpenAIAdmin {
  /** `http://127.0.0.1:<port>/v1`: pass as the SDK's `baseURL`. */
  baseURL: string;
  adminKey: string;
  /** Every request received, in order of arrival. */
  calls: FakeAdminCall[];
  /** Calls with this method (any case) whose path equals `path` or matches it. */
  callCount(method: string, path: string | RegExp): number;
  /**
   * Answers the next matching request(s) with `response` instead of handling them. Several scripted
   * failures are used in the order they were added; each applies to `times` requests.
   */
  failNext(match: { method?: string; path: string | RegExp }, response: FakeFailure): void;
  /**
   * Holds the next matching request until `release()`: `reached` resolves once it arrived. By default it
   * is carried out only when released (a change still on its way); with `answerFirst` it is carried out at
   * once and only the answer waits (a reading taken before, delivered after, a change made meanwhile).
   */
  hold(match: { method?: string; path: string | RegExp }, options?: { answerFirst?: boolean }): FakeHold;
  setNow(now: () => number): void;
  /** Changes (or with undefined lifts) the invite-create rate limit of `invitesPerSecond`. */
  setInviteRateLimit(perSecond: number | undefined): void;
  /** The organization behind the API, for arranging and inspecting it directly. */
  state: FakeAdminState;
  close(): Promise<void>;
}

export interface FakeHold {
  /** Resolves with the call once a matching request arrived (and, with `answerFirst`, was carried out). */
  reached: Promise<FakeAdminCall>;
  release(): void;
}

interface Held {
  method: string | undefined;
  path: string | RegExp;
  answerFirst: boolean;
  arrived: (call: FakeAdminCall) => void;
  released: Promise<void>;
}

interface ScriptedFailure {
  method: string | undefined;
  path: string | RegExp;
  response: FakeFailure;
  remaining: number;
}

interface Answer {
  status: number;
  body: unknown;
}

export async function startFakeOpenAIAdmin(options: FakeOpenAIAdminOptions = {}): Promise<FakeOpenAIAdmin> {
  const adminKey = options.adminKey ?? DEFAULT_ADMIN_KEY;
  let clock = options.now ?? (() => Date.now() / 1000);
  const now = () => Math.floor(clock());
  const state = new FakeAdminState(now);
  const calls: FakeAdminCall[] = [];
  const failures: ScriptedFailure[] = [];
  const holds: Held[] = [];
  let invitesPerSecond = options.invitesPerSecond;
  /** Real-time milliseconds of the invite creates let through in the last second. */
  const recentCreates: number[] = [];
  const rateLimited = (method: string, path: string): FakeFailure | undefined => {
    if (invitesPerSecond === undefined || method !== 'POST' || path !== '/organization/invites')
      return undefined;
    const at = Date.now();
    while (recentCreates.length > 0 && (recentCreates[0] as number) <= at - 1000) recentCreates.shift();
    if (recentCreates.length < invitesPerSecond) {
      recentCreates.push(at);
      return undefined;
    }
    const waitMs = (recentCreates[0] as number) + 1000 - at;
    return {
      status: 429,
      headers: {
        'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
        'retry-after-ms': String(waitMs),
      },
      body: {
        error: {
          message: `Rate limit reached for invites: ${invitesPerSecond} per second.`,
          type: 'rate_limit_exceeded',
          param: null,
          code: 'rate_limit_exceeded',
        },
      },
    };
  };
  // Aborted on close, so that delayed answers do not keep the server (and the test) waiting.
  const closing = new AbortController();

  const matches = (
    method: string,
    path: string,
    wanted: { method?: string | undefined; path: string | RegExp },
  ) =>
    (wanted.method === undefined || wanted.method.toUpperCase() === method) &&
    (typeof wanted.path === 'string' ? wanted.path === path : wanted.path.test(path));

  const takeFailure = (method: string, path: string): FakeFailure | undefined => {
    const index = failures.findIndex((f) => matches(method, path, f));
    const failure = failures[index];
    if (!failure) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) failures.splice(index, 1);
    return failure.response;
  };

  const handle = (
    request: IncomingMessage,
    method: string,
    url: URL,
    query: Query,
    body: ParsedBody,
  ): Answer => {
    try {
      authorize(request.headers.authorization, adminKey);
      const path = apiPath(url);
      const matched = path === undefined ? undefined : matchRoute(method, path);
      if (!matched) throw notFound(`Invalid URL (${method} ${url.pathname}).`);
      if (!body.ok) {
        throw badRequest(
          'We could not parse the JSON body of your request. The OpenAI API expects a JSON payload; ' +
            'send it with a content-type of application/json.',
        );
      }
      const result = matched.route.handle({
        params: matched.params,
        query,
        body: body.value,
        state,
        now: now(),
      });
      return { status: 200, body: result };
    } catch (error) {
      if (error instanceof AdminApiError) return { status: error.status, body: error.toResponse() };
      // A bug in the fake, not a scripted failure: say so loudly instead of looking like OpenAI.
      console.error('fake-openai-admin: handler crashed', error);
      const message = `The fake Admin API crashed: ${error instanceof Error ? error.message : String(error)}`;
      return { status: 500, body: new AdminApiError(500, message, 'server_error').toResponse() };
    }
  };

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const text = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    const { raw, query } = parseQuery(url.searchParams);
    const body = parseBody(text);
    const call: FakeAdminCall = {
      method,
      path: apiPath(url) ?? url.pathname,
      query: raw,
      body: body.ok ? body.value : text,
      status: 0,
    };
    calls.push(call);

    const heldAt = holds.findIndex((h) => matches(method, call.path, h));
    const held = heldAt >= 0 ? holds.splice(heldAt, 1)[0] : undefined;
    const early = held?.answerFirst ? handle(request, method, url, query, body) : undefined;
    if (held) {
      held.arrived(call);
      await held.released;
    }
    if (early) {
      call.status = early.status;
      send(response, early.status, JSON.stringify(early.body));
      return;
    }

    const failure = takeFailure(method, call.path) ?? rateLimited(method, call.path);
    if (!failure) {
      const answer = handle(request, method, url, query, body);
      call.status = answer.status;
      send(response, answer.status, JSON.stringify(answer.body));
      return;
    }
    if (failure.applyRequest) handle(request, method, url, query, body);
    if (failure.delayMs) {
      await sleep(failure.delayMs, undefined, { signal: closing.signal }).catch(() => undefined);
    }
    call.status = failure.status;
    const payload = failure.rawBody ?? JSON.stringify(failure.body ?? defaultFaultBody(failure.status));
    send(response, failure.status, payload, failure.headers);
  };

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      console.error('fake-openai-admin: request failed', error);
      if (!response.headersSent) send(response, 500, JSON.stringify(defaultFaultBody(500)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    adminKey,
    calls,
    callCount: (method, path) => calls.filter((c) => matches(c.method, c.path, { method, path })).length,
    failNext(match, response) {
      const times = response.times ?? 1;
      if (!Number.isInteger(times) || times < 1) {
        throw new Error(`failNext: times must be a positive integer, got ${times}.`);
      }
      failures.push({ method: match.method, path: match.path, response, remaining: times });
    },
    hold(match, options = {}) {
      let arrived: (call: FakeAdminCall) => void = () => undefined;
      const reached = new Promise<FakeAdminCall>((resolve) => {
        arrived = resolve;
      });
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      // Closing lets every held request go, so that close() never waits on a test that forgot one.
      closing.signal.addEventListener('abort', release);
      holds.push({
        method: match.method,
        path: match.path,
        answerFirst: options.answerFirst ?? false,
        arrived,
        released,
      });
      return { reached, release };
    },
    setNow(next) {
      clock = next;
    },
    setInviteRateLimit(perSecond) {
      invitesPerSecond = perSecond;
      recentCreates.length = 0;
    },
    state,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        // The SDK keeps connections alive; without this, close() would wait for them to idle out.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

type ParsedBody = { ok: true; value: unknown } | { ok: false };

function parseBody(text: string): ParsedBody {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The path under `/v1`, or `undefined` for anything outside the API. */
function apiPath(url: URL): string | undefined {
  return url.pathname.startsWith('/v1/') ? url.pathname.slice(3) : undefined;
}

function authorize(header: string | undefined, adminKey: string): void {
  const key = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
  if (!key) {
    throw new AdminApiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using " +
        'Bearer auth (i.e. Authorization: Bearer YOUR_KEY).',
    );
  }
  if (key !== adminKey) {
    throw new AdminApiError(
      401,
      `Incorrect API key provided: ${redact(key)}. The Administration API needs an admin key (sk-admin-…); ` +
        'create one at https://platform.openai.com/settings/organization/admin-keys.',
      'invalid_request_error',
      null,
      'invalid_api_key',
    );
  }
}

function redact(key: string): string {
  return key.length <= 8 ? '***' : `${key.slice(0, 8)}***${key.slice(-4)}`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  status: number,
  payload: string,
  headers: Record<string, string> = {},
): void {
  // The client may have given up (timeout) while a delayed answer waited.
  if (response.destroyed) return;
  response.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': `req_${randomBytes(16).toString('hex')}`,
    ...headers,
  });
  response.end(payload);
}
