/**
 * @module
 * Cursor pagination of admin lists (`?limit=&cursor=` → `{items, nextCursor}`), in id order. The
 * billing systems that page through a tenant's buildings, premises or meters only need every row
 * exactly once while rows are added meanwhile: keyset on the primary key gives that, and each
 * page is an index range scan however deep the client is. The cursor is opaque: the last id of
 * the page, base64url.
 */
import { z } from '@hono/zod-openapi';
import { validationFailed } from '../errors.ts';
import { isUuid } from '../http/ids.ts';

export const ADMIN_PAGE_DEFAULT = 100;
export const ADMIN_PAGE_MAX = 1000;

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(ADMIN_PAGE_MAX).default(ADMIN_PAGE_DEFAULT).openapi({ example: 100 }),
  cursor: z.string().max(100).optional().openapi({ description: 'nextCursor of the previous page' }),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const encode = (id: string) => btoa(id).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The id after which the page starts; 400 `validation_failed` {cursor: invalid_cursor} for a cursor we did not make. */
export function afterId(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  let id = '';
  try {
    id = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    // not base64 at all
  }
  if (!isUuid(id)) throw validationFailed({ cursor: 'invalid_cursor' });
  return id.toLowerCase();
}

/**
 * Fetch `limit + 1` rows ordered by id after `afterId(cursor)`; this cuts the extra row off and
 * says whether there is a next page.
 */
export function toPage<R extends { id: string }, V>(rows: readonly R[], limit: number, view: (row: R) => V): { items: V[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items: items.map(view), nextCursor: rows.length > limit ? encode(items[items.length - 1]!.id) : null };
}
