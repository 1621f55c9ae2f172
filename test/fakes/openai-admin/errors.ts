/**
 * Errors of the fake Admin API, always answered in the spec's `ErrorResponse` shape
 * (`{ error: { message, type, param, code } }`, all four fields present).
 *
 * Codes: parameter checks use the codes OpenAI uses across its API (`missing_required_parameter`,
 * `invalid_value`, `invalid_type`, `integer_above_max_value`, …). Rule violations (not an org member,
 * archived project, …) carry `code: null`, because OpenAI documents no code for them; production code
 * must not learn to branch on a code the real API may not send.
 */

export interface ErrorResponse {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Thrown by route handlers; the server turns it into an `ErrorResponse` with this status. */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly type: string = 'invalid_request_error',
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }

  toResponse(): ErrorResponse {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function badRequest(
  message: string,
  param: string | null = null,
  code: string | null = null,
): AdminApiError {
  return new AdminApiError(400, message, 'invalid_request_error', param, code);
}

export function notFound(message: string, param: string | null = null): AdminApiError {
  return new AdminApiError(404, message, 'invalid_request_error', param, null);
}

export function missingParameter(param: string): AdminApiError {
  return badRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

export function invalidValue(param: string, value: unknown, supported: readonly string[]): AdminApiError {
  const list = supported.map((s) => `'${s}'`);
  const choices = list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : (list[0] ?? '');
  return badRequest(
    `Invalid value for '${param}': ${JSON.stringify(value)}. Supported values are: ${choices}.`,
    param,
    'invalid_value',
  );
}

export function invalidType(param: string, expected: string, value: unknown): AdminApiError {
  return badRequest(
    `Invalid type for '${param}': expected ${expected}, but got ${describeType(value)} instead.`,
    param,
    'invalid_type',
  );
}

/** The body a scripted fault answers with when the test gives none: what OpenAI sends for that status. */
export function defaultFaultBody(status: number): ErrorResponse {
  if (status === 429) {
    return errorBody(
      'Rate limit reached for requests. Please try again later.',
      'requests',
      'rate_limit_exceeded',
    );
  }
  if (status >= 500) {
    return errorBody(
      'The server had an error while processing your request. Sorry about that!',
      'server_error',
      null,
    );
  }
  if (status === 401) {
    return errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
  }
  if (status === 404) return errorBody('Not found.', 'invalid_request_error', null);
  return errorBody(`Scripted failure with status ${status}.`, 'invalid_request_error', null);
}

function errorBody(message: string, type: string, code: string | null): ErrorResponse {
  return { error: { message, type, param: null, code } };
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
