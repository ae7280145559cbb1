/**
 * @module
 * The one error type of the widgets. Every failed call to the API, and a call that never reached
 * it, ends up as an `ApiError` whose `code` is also its translation key (`error.<code>`).
 */

/** Codes the foundation knows; the server may add more, so `code` stays a string. */
export type KnownErrorCode =
  | 'validation_failed'
  | 'invalid_credentials'
  | 'locked_out'
  | 'rate_limited'
  | 'invalid_refresh_token'
  | 'current_password_incorrect'
  | 'password_rejected'
  | 'password_change_required'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'tenant_not_found'
  | 'internal_error'
  | 'network_error';

/** Field names to details: usually rule codes (`{newPassword: ['too_short']}`) or values (`retryAt`). */
export type ErrorFields = Readonly<Record<string, unknown>>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the server was not reached. */
  readonly status: number;
  readonly code: KnownErrorCode | (string & {});
  readonly fields: ErrorFields;
  /** Seconds to wait before trying again (423, 429), from `Retry-After` or `fields.retryAt`. */
  readonly retryAfter: number | undefined;
  /** The whole JSON answer, for errors that carry more than `error` (an import's `report`). */
  readonly body: unknown;

  constructor(
    status: number,
    code: string,
    message: string,
    fields: ErrorFields = {},
    retryAfter?: number,
    body?: unknown,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
    this.body = body;
  }

  /**
   * When trying again makes sense: the server's `fields.retryAt` when it sent one (it knows the
   * lock's end exactly), else now plus `retryAfter`.
   */
  get retryAt(): Date | undefined {
    const sent = this.fields['retryAt'];
    if (typeof sent === 'string' && !Number.isNaN(Date.parse(sent))) return new Date(sent);
    return this.retryAfter === undefined ? undefined : new Date(Date.now() + this.retryAfter * 1000);
  }

  /** Rule codes the server gave for one field, e.g. `fieldCodes('newPassword')` → `['common']`. */
  fieldCodes(field: string): string[] {
    const value = this.fields[field];
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
    return typeof value === 'string' ? [value] : [];
  }

  /** The error a failed `Response` stands for, whatever its body looks like. */
  static async fromResponse(response: Response): Promise<ApiError> {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined; // an HTML error page from a proxy, or nothing at all
    }
    const error = isRecord(body) && isRecord(body['error']) ? body['error'] : {};
    const code = typeof error['code'] === 'string' ? error['code'] : codeForStatus(response.status);
    const message = typeof error['message'] === 'string' ? error['message'] : `HTTP ${response.status}`;
    const fields = isRecord(error['fields']) ? error['fields'] : {};
    return new ApiError(response.status, code, message, fields, parseRetryAfter(response.headers.get('Retry-After')), body);
  }

  static network(cause: unknown): ApiError {
    const error = new ApiError(0, 'network_error', 'The server could not be reached.');
    (error as { cause?: unknown }).cause = cause;
    return error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400:
    case 422:
      return 'validation_failed';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 423:
      return 'locked_out';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'internal_error' : 'unknown';
  }
}

/** `Retry-After` is either seconds or an HTTP date. */
function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
