import { performance } from 'node:perf_hooks';
import type { Metrics } from '../metrics.js';

/** Path segments that name a collection (or a singleton) of the Admin API; any other segment is an id. */
const COLLECTIONS = new Set([
  'projects',
  'users',
  'invites',
  'costs',
  'usage',
  'spend_limit',
  'model_permissions',
  'archive',
  'service_accounts',
  'api_keys',
  'admin_api_keys',
  'rate_limits',
  'audit_logs',
  'roles',
  'groups',
  'certificates',
]);
/** Resources with one object per parent, addressed without an id. */
const SINGLETONS = new Set(['costs', 'spend_limit', 'model_permissions', 'archive']);
/** The SDK's names where they differ from the path (`org.usage.costs`, `org.projects.spendLimit`). */
const RENAMED: Record<string, string> = { costs: 'usage.costs' };

/**
 * The SDK's name for the call, from its method and path: `POST /organization/projects/proj_1/users`
 * is `projects.users.create`. Ids are dropped, so the name is from a closed set whatever the
 * arguments; a path outside the known resources is `other`.
 */
export function adminOperationOf(method: string, url: string): string {
  let path: string[];
  try {
    path = new URL(url).pathname.split('/').filter(Boolean);
  } catch {
    return 'other';
  }
  const at = path.indexOf('organization');
  if (at < 0) return 'other';
  const names: string[] = [];
  let endsOnId = false;
  for (const segment of path.slice(at + 1)) {
    if (COLLECTIONS.has(segment)) {
      names.push(segment);
      endsOnId = false;
    } else if (!endsOnId && names.length > 0 && !SINGLETONS.has(names.at(-1) as string)) {
      endsOnId = true;
    } else {
      return 'other';
    }
  }
  const last = names.at(-1);
  if (!last) return 'other';
  const verb = verbOf(method.toUpperCase(), endsOnId || SINGLETONS.has(last));
  if (!verb) return 'other';
  const resource = names.map((name) => RENAMED[name] ?? name).join('.');
  return last === 'archive' || last === 'costs' ? resource : `${resource}.${verb}`;
}

function verbOf(method: string, oneObject: boolean): string | undefined {
  if (method === 'GET') return oneObject ? 'retrieve' : 'list';
  if (method === 'POST') return oneObject ? 'update' : 'create';
  if (method === 'DELETE') return 'delete';
  return undefined;
}

type Fetch = typeof globalThis.fetch;

/**
 * `fetch` for the SDK that reports each attempt (a retry is an attempt of its own, marked by the
 * SDK's `X-Stainless-Retry-Count` header) with its operation and status to `metrics`.
 */
export function meteredFetch(metrics: Metrics, fetch: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const operation = adminOperationOf(init?.method ?? 'GET', url);
    const retry = Number(new Headers(init?.headers).get('x-stainless-retry-count') ?? '0') > 0;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const response = await fetch(input, init);
      metrics.adminApiCall({ operation, status: String(response.status), seconds: seconds(), retry });
      return response;
    } catch (error) {
      const status = (error as { name?: string }).name === 'AbortError' ? 'timeout' : 'network_error';
      metrics.adminApiCall({ operation, status, seconds: seconds(), retry });
      throw error;
    }
  };
}
