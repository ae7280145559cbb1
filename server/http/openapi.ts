/**
 * @module
 * Shared pieces of route contracts: the error body and JSON request bodies.
 */
import { z } from '@hono/zod-openapi';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'reading_window_closed' }),
      message: z.string(),
      fields: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (validation_failed and business rules)',
  401: 'No token, or a token that is expired, tampered or of another tenant',
  403: 'The address is yours, but your rights do not include this',
  404: 'Not yours, or not there',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported media type',
  416: 'The requested range is outside the file',
  422: 'A business rule refused it',
  423: 'Locked out for a while (Retry-After)',
  429: 'Rate limited (Retry-After)',
  503: 'A service Doorstep depends on (the file store) is not answering; try again later',
};

export function errorResponses<const S extends number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: DESCRIPTIONS[status] ?? 'Error', content: { 'application/json': { schema: ErrorBody } } }]),
  ) as { [K in S]: { description: string; content: { 'application/json': { schema: typeof ErrorBody } } } };
}

export function jsonBody<T extends z.ZodType>(schema: T, required = true) {
  return { body: { required, content: { 'application/json': { schema } } } };
}

export const PremiseIdParam = z.string().openapi({ param: { name: 'premiseId', in: 'path' }, example: 'uuid' });

/** Admin routes take a tenant API key (`dsk_…`) as a Bearer token. */
export const adminSecurity: Array<Record<string, string[]>> = [{ apiKey: [] }, { staffSession: [] }];
/** Operator routes take DOORSTEP_OPERATOR_TOKEN as a Bearer token. */
export const operatorSecurity = [{ operatorToken: [] }];
