/**
 * @module
 * The operator is whoever runs this Doorstep deployment: it creates tenants and hands each
 * manager its first API key. Its requests carry `Authorization: Bearer <DOORSTEP_OPERATOR_TOKEN>`.
 * Without a configured token the operator API does not exist (404), so a deployment that never
 * set one has no such door at all. The token is compared by its SHA-256 in constant time, so
 * neither a wrong length nor a wrong first character answers faster.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError, notFound } from '../errors.ts';
import type { AppEnv } from '../http/context.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

export function requireOperator(token: string | undefined): MiddlewareHandler<AppEnv> {
  const expected = token ? digest(token) : undefined;
  return async (c, next) => {
    if (!expected) throw notFound();
    const presented = /^Bearer (\S{1,4096})$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(presented), expected)) throw new ApiError(401, 'invalid_operator_token', 'The operator token is missing or wrong.');
    await next();
  };
}
