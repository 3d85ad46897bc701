// The panel's only way to the server: same-origin fetches under the ingress prefix (the page's data-base), so the
// REST API's auth hook judges them exactly as it judged the page (ingress, loopback or a proxy's bearer token).
const root = document.getElementById('app');

/** The ingress prefix ('' when served directly at /). */
export const BASE = root?.dataset['base'] ?? '';
/** The Home Assistant user ingress signed in, when it says. */
export const USER = root?.dataset['user'] ?? '';

/** A REST answer that was not 2xx: the API's own message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One REST call: the JSON answer, or an ApiError with the API's message. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(BASE + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const message = (json as { message?: string } | undefined)?.message ?? `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message);
  }
  return json as T;
}

export const get = <T>(path: string): Promise<T> => call<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}): Promise<T> => call<T>('POST', path, body);

/** POST /api/actions/{domain}/{action}: the command path REST, MCP and automations share. */
export const act = (entityId: string, domain: string, action: string, data: Record<string, unknown> = {}) =>
  post(`/api/actions/${encodeURIComponent(domain)}/${encodeURIComponent(action)}`, { entity_id: entityId, data });

/** `a=1&b=2` from an object, leaving out undefined values. */
export function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}
