/**
 * Reading query strings and JSON bodies the way the Admin API does, with its error messages.
 *
 * The official SDKs serialise arrays in brackets style (`group_by[]=a&group_by[]=b`, openai-node
 * `internal/utils/query.ts`), while the spec names the parameters without brackets (`group_by`), so a
 * hand-written client may send either. `Query` folds both spellings into one name.
 */
import { badRequest, invalidType, invalidValue, missingParameter } from './errors.js';

/** Every query parameter by its name without `[]`, with all of its values in order. */
export type Query = ReadonlyMap<string, readonly string[]>;

/** The query as received: repeated or bracketed keys become arrays, others stay strings. */
export type RawQuery = Record<string, string | string[]>;

export function parseQuery(search: URLSearchParams): { raw: RawQuery; query: Query } {
  const raw: RawQuery = {};
  const query = new Map<string, string[]>();
  for (const [key, value] of search) {
    const previous = raw[key];
    if (previous === undefined) raw[key] = key.endsWith('[]') ? [value] : value;
    else raw[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
    const name = key.endsWith('[]') ? key.slice(0, -2) : key;
    query.set(name, [...(query.get(name) ?? []), value]);
  }
  return { raw, query };
}

export function queryString(query: Query, name: string): string | undefined {
  return query.get(name)?.at(-1);
}

export function queryList(query: Query, name: string): string[] {
  return [...(query.get(name) ?? [])];
}

export function queryInteger(
  query: Query,
  name: string,
  bounds: { min?: number; max?: number } = {},
): number | undefined {
  const text = queryString(query, name);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) {
    throw badRequest(
      `Invalid '${name}': expected an integer, but got '${text}' instead.`,
      name,
      'invalid_type',
    );
  }
  const value = Number(text);
  if (bounds.min !== undefined && value < bounds.min) {
    throw badRequest(
      `Invalid '${name}': integer below minimum value. Expected a value >= ${bounds.min}, but got ${value} instead.`,
      name,
      'integer_below_min_value',
    );
  }
  if (bounds.max !== undefined && value > bounds.max) {
    throw badRequest(
      `Invalid '${name}': integer above maximum value. Expected a value <= ${bounds.max}, but got ${value} instead.`,
      name,
      'integer_above_max_value',
    );
  }
  return value;
}

export function queryBoolean(query: Query, name: string): boolean | undefined {
  const text = queryString(query, name);
  if (text === undefined) return undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw invalidValue(name, text, ['true', 'false']);
}

/** A JSON body as an object; an absent body (e.g. `POST …/archive` from the SDK) reads as `{}`. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object.', null, 'invalid_type');
  }
  return body as Record<string, unknown>;
}

export function requiredString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (value === undefined || value === null) throw missingParameter(name);
  if (typeof value !== 'string') throw invalidType(name, 'a string', value);
  return value;
}

/** `undefined` when absent or `null` (the spec makes most optional fields nullable). */
export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidType(name, 'a string', value);
  return value;
}

export function requiredEnum<T extends string>(
  body: Record<string, unknown>,
  name: string,
  values: readonly T[],
): T {
  const value = body[name];
  if (value === undefined || value === null) throw missingParameter(name);
  return checkEnum(name, value, values);
}

export function optionalEnum<T extends string>(
  body: Record<string, unknown>,
  name: string,
  values: readonly T[],
): T | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  return checkEnum(name, value, values);
}

export function checkEnum<T extends string>(name: string, value: unknown, values: readonly T[]): T {
  if (typeof value !== 'string' || !values.includes(value as T)) throw invalidValue(name, value, values);
  return value as T;
}

export function requiredInteger(body: Record<string, unknown>, name: string, min: number): number {
  const value = body[name];
  if (value === undefined || value === null) throw missingParameter(name);
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidType(name, 'an integer', value);
  if (value < min) {
    throw badRequest(
      `Invalid '${name}': integer below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
      name,
      'integer_below_min_value',
    );
  }
  return value;
}
