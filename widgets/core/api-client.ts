/**
 * @module
 * The one API client. Every widget talks to the server through it, so the URL scheme, JSON,
 * the bearer token, the retry after a refresh and the error shape are decided once, here.
 */
import { ApiError } from './api-error.ts';
import { loadErrorTexts } from './i18n/messages.ts';
import type { Answer, CallRequest, MethodOf, Route } from './api-routes.ts';

/** Where the client gets its bearer token; the session store is one. */
export interface AccessTokenSource {
  /** A usable access token (refreshed first if it is about to expire), or null when logged out. */
  accessToken(): Promise<string | null>;
  /**
   * The server answered 401 to `rejected`: renew it and return the new token, or null when the
   * session is over. Called at most once per request.
   */
  renewAfterRejection(rejected: string): Promise<string | null>;
}

export interface ApiClientOptions {
  /** Base URL of the API, e.g. `https://api.doorstep.lv`. */
  api: string;
  /** The manager's slug, e.g. `demo`. */
  tenant: string;
  /** Demo mode only: the ISO time the server should take as now, sent as `X-Doorstep-Now`. */
  now?: () => string | undefined;
}

export interface RequestOptions {
  /** Sent as JSON; a `FormData` is sent as multipart/form-data (file uploads), a `Blob` (a `File`) as is, with its own type. */
  body?: unknown;
  signal?: AbortSignal;
  /** Send the session's bearer token (default true). */
  auth?: boolean;
  headers?: Record<string, string>;
}

/** A typed call's parameters, query and body (see api-routes.ts), with the usual request options. */
export type CallOptions<R extends Route, M extends MethodOf<R>> = CallRequest<R, M> & Omit<RequestOptions, 'body'>;

export class ApiClient {
  readonly api: string;
  readonly tenant: string;
  readonly #now: () => string | undefined;
  readonly #tokens: AccessTokenSource | undefined;

  constructor(options: ApiClientOptions, tokens?: AccessTokenSource) {
    this.api = options.api.replace(/\/+$/, '');
    this.tenant = options.tenant;
    this.#now = options.now ?? (() => undefined);
    this.#tokens = tokens;
  }

  /** The full URL of a tenant route: `url('/me')` → `${api}/v1/${tenant}/me`. */
  url(path: string): string {
    return `${this.api}/v1/${encodeURIComponent(this.tenant)}${path.startsWith('/') ? path : `/${path}`}`;
  }

  get<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  put<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body });
  }

  patch<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }

  delete<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  /**
   * A JSON call named by the route's template in the API document, typed from it (parameters,
   * query, body and answer): `call('get', '/premises/{premiseId}/meters', { params: { premiseId } })`.
   */
  call<R extends Route, M extends MethodOf<R>>(
    method: M,
    route: R,
    ...[request]: Record<never, never> extends CallOptions<R, M> ? [request?: CallOptions<R, M>] : [request: CallOptions<R, M>]
  ): Promise<Answer<R, M>> {
    const { params, query, body, ...options } = (request ?? {}) as RequestOptions & { params?: Record<string, unknown>; query?: Record<string, unknown> };
    const path = route.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params?.[name])));
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(name, String(value));
    const rest = search.size > 0 ? `?${search}` : '';
    return this.request<Answer<R, M>>(method.toUpperCase(), path + rest, body === undefined ? options : { ...options, body });
  }

  /** A JSON call; resolves to the parsed body (undefined for 204), rejects with {@link ApiError}. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.fetch(method, path, options);
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('Content-Type') ?? '';
    if (!type.includes('json')) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch (cause) {
      throw await withErrorTexts(ApiError.network(cause));
    }
  }

  /**
   * The successful `Response` itself, for bodies that are not JSON (an invoice PDF). Same auth,
   * retry and errors as {@link request}.
   */
  async fetch(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    try {
      return await this.#fetch(method, path, options);
    } catch (error) {
      throw error instanceof ApiError ? await withErrorTexts(error) : error;
    }
  }

  async #fetch(method: string, path: string, options: RequestOptions): Promise<Response> {
    const useAuth = options.auth !== false && this.#tokens !== undefined;
    let token = useAuth ? await this.#tokens!.accessToken() : null;
    let response = await this.#send(method, path, options, token);
    if (response.status === 401 && useAuth && token) {
      // The token may have been revoked or expired under a sleeping laptop: one renewal, one retry.
      token = await this.#tokens!.renewAfterRejection(token);
      if (token) response = await this.#send(method, path, options, token);
    }
    if (!response.ok) throw await ApiError.fromResponse(response);
    return response;
  }

  async #send(method: string, path: string, options: RequestOptions, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    // The browser writes a FormData's Content-Type itself, with the multipart boundary.
    const isForm = typeof FormData !== 'undefined' && options.body instanceof FormData;
    const isBlob = typeof Blob !== 'undefined' && options.body instanceof Blob;
    if (options.body !== undefined && !isForm) headers['Content-Type'] ??= isBlob ? (options.body as Blob).type || 'application/octet-stream' : 'application/json';
    if (token) headers['Authorization'] = `Bearer ${token}`;
    const now = this.#now();
    if (now) headers['X-Doorstep-Now'] = now;
    try {
      return await fetch(this.url(path), {
        method,
        headers,
        body: options.body === undefined ? null : isForm || isBlob ? (options.body as FormData | Blob) : JSON.stringify(options.body),
        signal: options.signal ?? null,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (cause) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw ApiError.network(cause);
    }
  }
}

/**
 * The error, once the texts of error codes are here in the page's languages: they are fetched on
 * first need (i18n/errors/), and the widget that catches this renders its text at once.
 */
async function withErrorTexts(error: ApiError): Promise<ApiError> {
  await loadErrorTexts();
  return error;
}
