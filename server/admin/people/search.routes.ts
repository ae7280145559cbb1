/**
 * @module
 * `GET /admin/resident-search?q=` — the console's Residents section: premises found by a fragment
 * of the address, the account number (or externalRef), or the name or email of the customer or of
 * anyone with a grant on it; each with its building, contract holder and people (owner, proxy,
 * member, with the account's state and the grant's expiry). Every word must match the start of a
 * word ("malk 111", "bērz", "anna@example.lv"). In address order, a page at a time.
 *
 * A path of its own rather than `/premises/search`: `/premises/{externalRef}` would read "search"
 * as a premise's externalRef.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { adminSecurity, errorResponses } from '../../http/openapi.ts';
import { adminAction } from '../admin-caller.ts';
import { MAX_SEARCH_WORDS } from './search-terms.ts';

export const SEARCH_PAGE_MAX = 100;

export const ResidentSearchQuery = z.object({
  q: z.string().trim().min(2).max(200).openapi({
    example: 'malkalnes 111',
    description: `2–200 characters, at most ${MAX_SEARCH_WORDS} words. 400 \`validation_failed\` with fields.q = \`required\`, \`too_short\`, \`too_long\`, \`no_search_words\` (no letter or digit) or \`too_many_words\``,
  }),
  limit: z.coerce.number().int().min(1).max(SEARCH_PAGE_MAX).default(25).openapi({ example: 25 }),
  cursor: z.string().max(1000).optional().openapi({ description: 'nextCursor of the previous page (the same q)' }),
});

export const ResidentSearchPerson = z
  .object({
    userId: z.string().uuid(),
    name: z.string(),
    email: z.string(),
    role: z.enum(['owner', 'proxy', 'member']),
    accountStatus: z.enum(['pending', 'active', 'disabled']).openapi({ description: '`pending`: invited, no password chosen yet' }),
    expiresAt: z.string().nullable(),
  })
  .openapi('ResidentSearchPerson');

export const ResidentSearchItem = z
  .object({
    id: z.string().uuid(),
    externalRef: z.string().nullable(),
    label: z.string(),
    accountNumber: z.string(),
    building: z.object({ address: z.string(), city: z.string().nullable() }),
    holder: z.string().nullable().openapi({ description: "The contract holder's name in the billing system" }),
    people: z.array(ResidentSearchPerson),
  })
  .openapi('ResidentSearchItem');

export const residentSearchRoute = createRoute({
  method: 'get',
  path: '/resident-search',
  tags: ['admin: people'],
  summary: 'Find premises by address, account number, name or email, with their people',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: { query: ResidentSearchQuery },
  responses: {
    200: {
      description: 'A page of premises in address order; nextCursor null on the last',
      content: { 'application/json': { schema: z.object({ items: z.array(ResidentSearchItem), nextCursor: z.string().nullable() }).openapi('ResidentSearchPage') } },
    },
    ...errorResponses(400, 401, 403),
  },
});
