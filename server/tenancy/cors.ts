/**
 * @module
 * CORS per tenant. Each tenant lists the exact origins that may embed it; an origin is allowed
 * only when it equals one of them character for character (no wildcard, no suffix match, so
 * `https://evil-ogre.lv` never passes for `https://ogre.lv`, and `null` never passes). Preflights
 * are cached by the browser for two hours.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/context.ts';
import type { TenantDirectory } from './tenants.ts';

export const ALLOWED_HEADERS = ['authorization', 'content-type', 'x-request-id', 'x-doorstep-now'];
const EXPOSED_HEADERS = ['retry-after', 'content-disposition', 'x-request-id'];
const METHODS = 'GET, POST, PUT, PATCH, DELETE';

export function isAllowedOrigin(origin: string | undefined, allowed: readonly string[]): origin is string {
  return !!origin && origin !== 'null' && allowed.includes(origin);
}

export function tenantCors(directory: TenantDirectory): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const tenant = origin ? await directory.find(c.req.param('tenant') ?? '') : undefined;
    const allowed = isAllowedOrigin(origin, tenant?.allowed_origins ?? []);

    if (c.req.method === 'OPTIONS') {
      c.header('Vary', 'Origin');
      if (!allowed) return c.body(null, 204);
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Methods', METHODS);
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS.join(', '));
      c.header('Access-Control-Max-Age', '7200');
      return c.body(null, 204);
    }

    c.header('Vary', 'Origin');
    if (allowed) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '));
    }
    await next();
  };
}
