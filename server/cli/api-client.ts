/**
 * @module
 * The CLI's way to talk to a running Doorstep: HTTP, never the database (the embedded database
 * belongs to the server process). Answers that are not 2xx become a CliApiError carrying the API's
 * stable error code, which the CLI prints and turns into its exit status.
 */

export interface Connection {
  /** The API's base URL, e.g. http://localhost:8787. */
  api: string;
  /** A tenant API key (dsk_…) or the operator token: sent as a Bearer token. */
  token?: string | undefined;
  /** Sent as Accept-Language (`--lang`): the language of the words in answers that have them. */
  language?: string | undefined;
}

export class CliApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  body?: unknown;
  /** A raw body (a file being uploaded) and its content type. */
  raw?: { stream: ReadableStream<Uint8Array>; contentType: string; length?: number };
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
}

export function urlFor(connection: Connection, path: string, query: Record<string, string | undefined> = {}): string {
  const url = new URL(path.replace(/^\//, ''), connection.api.endsWith('/') ? connection.api : `${connection.api}/`);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

/** Sends one request and answers the response as is, for streamed downloads; errors still throw. */
export async function send(connection: Connection, method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (connection.token) headers.authorization = `Bearer ${connection.token}`;
  if (connection.language) headers['accept-language'] = connection.language;
  let body: BodyInit | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.contentType;
    if (options.raw.length !== undefined) headers['content-length'] = String(options.raw.length);
    body = options.raw.stream;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(urlFor(connection, path, options.query), { method, headers, ...(body ? { body, duplex: 'half' } : {}) } as RequestInit);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    throw new CliApiError(0, 'unreachable', `Cannot reach Doorstep at ${connection.api} (${cause}). Is it running? Set --api.`, null);
  }
  if (!response.ok) {
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    const error = (parsed as { error?: { code?: string; message?: string } })?.error;
    throw new CliApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? (text.slice(0, 200) || response.statusText), parsed);
  }
  return response;
}

/** Sends one request and answers its JSON body (undefined for 204). */
export async function call<T = unknown>(connection: Connection, method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(connection, method, path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
