/** The only door to the server: the public REST API, same origin, session in the HttpOnly cookie. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly errors?: { field: string; code: string; message: string }[],
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | undefined | null | string[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export interface ApiOptions {
  method?: string;
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function api<T = unknown>(path: string, o: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...o.headers };
  if (o.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(withQuery(path, o.query), {
    method: o.method ?? 'GET',
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    credentials: 'same-origin',
    signal: o.signal,
  });
  const text = await res.text();
  const data = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const e = (data ?? {}) as { error?: string; message?: string; field?: string; errors?: ApiError['errors'] };
    if (res.status === 401 && !path.startsWith('/api/v1/auth/')) window.dispatchEvent(new CustomEvent('quadra:unauthorized'));
    throw new ApiError(res.status, e.error ?? `HTTP_${res.status}`, e.message ?? `${res.status} ${res.statusText}`, e.field, e.errors);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The API paths of this server, from its OpenAPI document: a page whose API is missing is not offered. */
let openApi: Promise<{ paths: Set<string>; schemas: Record<string, { properties?: Record<string, unknown> }> }> | undefined;
export function apiFeatures() {
  openApi ??= fetch('/docs-json', { credentials: 'same-origin' })
    .then((r) => (r.ok ? r.json() : { paths: {} }))
    .then((doc: { paths?: Record<string, unknown>; components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> } }) => ({
      paths: new Set(Object.keys(doc.paths ?? {})),
      schemas: doc.components?.schemas ?? {},
    }))
    .catch(() => ({ paths: new Set<string>(), schemas: {} }));
  return openApi;
}

/** Path templates as OpenAPI writes them, e.g. "/api/v1/enti/{codIpa}/flussi". */
export const ENTE = '/api/v1/enti/{codIpa}';

export function enteUrl(codIpa: string, rest = ''): string {
  return `/api/v1/enti/${encodeURIComponent(codIpa)}${rest}`;
}

/** Upload with progress (fetch has no upload progress): resolves with the parsed JSON answer. */
export function upload<T>(url: string, file: File, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const data = safeJson(xhr.responseText) as { error?: string; message?: string; field?: string };
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(data as T);
      } else reject(new ApiError(xhr.status, data?.error ?? `HTTP_${xhr.status}`, data?.message ?? `errore ${xhr.status}`, data?.field));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'connessione interrotta durante il caricamento'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
