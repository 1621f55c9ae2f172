/**
 * Cursor paging shared by every list endpoint: `limit` (1–100, default 20) and `after=<id of the last
 * object of the previous page>`, answered as `{ object: 'list', data, first_id, last_id, has_more }`.
 * The SDK's `ConversationCursorPage` keeps asking with `after = last_id` while `has_more` is true.
 */
import { badRequest } from './errors.js';
import { type Query, queryInteger, queryString } from './params.js';

export interface CursorPage<T> {
  object: 'list';
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/**
 * One page of `items` (already in list order). `positionOf` gives an id's place in the list, also
 * for objects deleted since: a cursor stays valid when its object goes away between two requests.
 */
export function cursorPage<T extends { id: string }>(
  items: readonly T[],
  query: Query,
  positionOf: (id: string) => number | undefined,
): CursorPage<T> {
  const limit = queryInteger(query, 'limit', { min: 1, max: 100 }) ?? 20;
  const after = queryString(query, 'after');
  let rest = [...items];
  if (after !== undefined && after !== '') {
    const cursor = positionOf(after);
    if (cursor === undefined) {
      throw badRequest(
        `Invalid 'after': no object with id '${after}' in this list. Pass the 'last_id' of the previous page.`,
        'after',
      );
    }
    rest = rest.filter((item) => (positionOf(item.id) ?? 0) > cursor);
  }
  const data = rest.slice(0, limit);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: rest.length > limit,
  };
}
