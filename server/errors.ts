/**
 * @module
 * The one error type of the API. Anything a handler throws that is not an ApiError becomes a
 * logged 500 `internal_error`, which a test treats as a bug: no input may produce one.
 * The code is stable: widgets use it as their translation key.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type FieldErrors = Record<string, unknown>;

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export const validationFailed = (fields: FieldErrors, message = 'The request is not valid.') =>
  new ApiError(400, 'validation_failed', message, fields);
export const unauthorized = (message = 'Log in first.') => new ApiError(401, 'unauthorized', message);
export const forbidden = (code = 'forbidden', message = 'You may not do this here.') => new ApiError(403, code, message);
export const notFound = (message = 'Not found.') => new ApiError(404, 'not_found', message);
export const conflict = (code: string, message: string, fields?: FieldErrors) => new ApiError(409, code, message, fields);
export const unprocessable = (code: string, message: string, fields?: FieldErrors) => new ApiError(422, code, message, fields);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new ApiError(429, 'rate_limited', 'Too many requests. Try again later.', { retryAfterSeconds }, {
    'Retry-After': String(retryAfterSeconds),
  });
