/**
 * `GET /organization/costs`: daily buckets of the costs set with `state.setDailyCost`.
 *
 * Buckets are UTC days `[start, start + 86400)`; the first one starts at the UTC midnight at or
 * before `start_time` (the spec's example buckets run midnight to midnight). `limit` counts buckets,
 * not results, and a longer range continues through the opaque `next_page` token passed back as
 * `page` together with the same other parameters, as the SDK leaves paging to the caller here.
 */
import { badRequest, invalidValue, missingParameter } from './errors.js';
import { type Query, queryInteger, queryList, queryString } from './params.js';
import { type CostEntry, startOfUtcDay } from './state.js';

const DAY = 86_400;
const GROUP_FIELDS = ['project_id', 'line_item', 'api_key_id'] as const;
type GroupField = (typeof GROUP_FIELDS)[number];

/** `CostsResult` in the spec; every grouping field is present and `null` unless grouped by. */
export interface CostsResult {
  object: 'organization.costs.result';
  amount: { value: number; currency: 'usd' };
  line_item: string | null;
  project_id: string | null;
  api_key_id: string | null;
  quantity: number | null;
  quantity_unit: string | null;
}

export interface CostsBucket {
  object: 'bucket';
  start_time: number;
  end_time: number;
  results: CostsResult[];
}

/** `UsageResponse` in the spec. */
export interface CostsPage {
  object: 'page';
  data: CostsBucket[];
  has_more: boolean;
  next_page: string | null;
}

interface CostsQuery {
  firstBucket: number;
  end: number;
  limit: number;
  groupBy: GroupField[];
  projectIds: string[];
}

export function listCosts(entries: readonly CostEntry[], query: Query, now: number): CostsPage {
  const q = parseCostsQuery(query, now);
  const buckets: CostsBucket[] = [];
  let start = q.firstBucket;
  while (start < q.end && buckets.length < q.limit) {
    buckets.push({
      object: 'bucket',
      start_time: start,
      end_time: start + DAY,
      results: bucketResults(entries, start, q),
    });
    start += DAY;
  }
  const hasMore = start < q.end;
  return { object: 'page', data: buckets, has_more: hasMore, next_page: hasMore ? encodePage(start) : null };
}

function parseCostsQuery(query: Query, now: number): CostsQuery {
  const startTime = queryInteger(query, 'start_time', { min: 0 });
  if (startTime === undefined) throw missingParameter('start_time');
  // Without end_time the range runs up to now, today's unfinished bucket included.
  const end = queryInteger(query, 'end_time', { min: 0 }) ?? now + 1;
  if (end <= startTime) {
    throw badRequest(
      `'end_time' (${end}) must be after 'start_time' (${startTime}).`,
      'end_time',
      'invalid_value',
    );
  }
  const width = queryString(query, 'bucket_width');
  if (width !== undefined && width !== '1d') throw invalidValue('bucket_width', width, ['1d']);
  const groupBy = queryList(query, 'group_by').map((field) => {
    if (!(GROUP_FIELDS as readonly string[]).includes(field)) {
      throw invalidValue('group_by', field, GROUP_FIELDS);
    }
    return field as GroupField;
  });
  const origin = startOfUtcDay(startTime);
  const page = queryString(query, 'page');
  return {
    firstBucket: page === undefined ? origin : decodePage(page, origin, end),
    end,
    limit: queryInteger(query, 'limit', { min: 1, max: 180 }) ?? 7,
    groupBy,
    projectIds: queryList(query, 'project_ids'),
  };
}

/** One result per group that has cost in the bucket; a bucket without any cost has no results. */
function bucketResults(entries: readonly CostEntry[], bucketStart: number, q: CostsQuery): CostsResult[] {
  const groups = new Map<string, CostsResult>();
  for (const entry of entries) {
    if (entry.dayStart < bucketStart || entry.dayStart >= bucketStart + DAY) continue;
    if (q.projectIds.length > 0 && !q.projectIds.includes(entry.projectId)) continue;
    const projectId = q.groupBy.includes('project_id') ? entry.projectId : null;
    const lineItem = q.groupBy.includes('line_item') ? entry.lineItem : null;
    // The fake knows nothing of API keys: grouping by api_key_id yields one group with a null key.
    const key = JSON.stringify([projectId, lineItem]);
    const group = groups.get(key) ?? newResult(projectId, lineItem);
    group.amount.value = withoutFloatNoise(group.amount.value + entry.amountUsd);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function newResult(projectId: string | null, lineItem: string | null): CostsResult {
  return {
    object: 'organization.costs.result',
    amount: { value: 0, currency: 'usd' },
    line_item: lineItem,
    project_id: projectId,
    api_key_id: null,
    quantity: null,
    quantity_unit: null,
  };
}

/** Sums of dollar amounts collect binary noise (0.1 + 0.2); OpenAI reports clean decimals. */
function withoutFloatNoise(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}

function encodePage(bucketStart: number): string {
  return `page_${Buffer.from(`costs:${bucketStart}`).toString('base64url')}`;
}

function decodePage(page: string, origin: number, end: number): number {
  const decoded = page.startsWith('page_') ? Buffer.from(page.slice(5), 'base64url').toString() : '';
  const match = /^costs:(\d+)$/.exec(decoded);
  const bucketStart = match ? Number(match[1]) : Number.NaN;
  if (
    Number.isNaN(bucketStart) ||
    bucketStart < origin ||
    bucketStart >= end ||
    (bucketStart - origin) % DAY
  ) {
    throw badRequest(
      `Invalid 'page': '${page}' is not a 'next_page' token of this query. Send it with the same start_time and end_time.`,
      'page',
    );
  }
  return bucketStart;
}
