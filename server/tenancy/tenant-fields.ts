/**
 * @module
 * The validated shapes of a tenant's own fields, shared by the operator (creating and changing
 * tenants) and the manager's settings: the slug in every URL, the origins that may embed the
 * widgets, the time zone, the reading window rule.
 *
 * Origins are compared character for character by CORS (cors.ts), so they are stored in the one
 * form a browser sends: scheme, host and port only, lower case, no path, no trailing slash, and
 * https — plain http only for localhost and 127.0.0.1, where a manager tries things out.
 */
import { z } from '@hono/zod-openapi';
import { isKnownTimeZone } from '../readings/civil-time.ts';
import { ReadingWindowRuleSchema } from '../readings/window.ts';

/** Path segments that are not tenants: the operator API and the pages the server itself serves. */
export const RESERVED_SLUGS: readonly string[] = ['operator', 'admin', 'docs', 'widgets', 'console'];

export const TenantSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens, starting with a letter or digit')
  .refine((slug) => !RESERVED_SLUGS.includes(slug), { message: 'this name is reserved', params: { code: 'reserved' } })
  .openapi({ example: 'ogre' });

/** The exact origin a browser sends for a page at `text`, or undefined when it is not one we accept. */
export function normalizeOrigin(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && local))) return undefined;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return undefined;
  // What the caller typed must already be the origin (no path, no trailing slash): no guessing.
  return url.origin === text.toLowerCase() ? url.origin : undefined;
}

export const AllowedOrigins = z
  .array(z.string().max(300))
  .max(50)
  .transform((origins, ctx) => {
    const normalized: string[] = [];
    origins.forEach((origin, index) => {
      const exact = normalizeOrigin(origin);
      if (!exact) ctx.addIssue({ code: 'custom', path: [index], message: 'an origin is https://host[:port] (http only for localhost)', params: { code: 'invalid_origin' } });
      else if (!normalized.includes(exact)) normalized.push(exact);
    });
    return normalized;
  })
  .openapi({ example: ['https://www.ogresnamsaimnieks.lv'] });

export const TimeZone = z.string().max(64).refine(isKnownTimeZone, { message: 'not a known IANA time zone', params: { code: 'unknown_time_zone' } }).openapi({ example: 'Europe/Riga' });

export const WindowRule = ReadingWindowRuleSchema.openapi('ReadingWindowRule', {
  example: { kind: 'month_end', lastDays: 2, nextMonthDays: 1 },
});

export const Language = z.enum(['lv', 'en', 'ru']);
