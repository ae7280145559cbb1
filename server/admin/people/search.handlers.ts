/**
 * @module
 * The handler of the resident search (search.routes.ts): the words (search-terms.ts), the
 * premises (search.repository.ts), their people, and an opaque cursor of the last row's
 * (label, id), since the page is in address order rather than id order.
 */
import type { AppDeps } from '../../deps.ts';
import { validationFailed } from '../../errors.ts';
import { createRouter } from '../../http/context.ts';
import { isUuid } from '../../http/ids.ts';
import { withAdmin } from '../admin-caller.ts';
import { peopleOfPremises, searchPremises } from './search.repository.ts';
import { residentSearchRoute } from './search.routes.ts';
import { searchTerms } from './search-terms.ts';

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export function encodeSearchCursor(label: string, id: string): string {
  return base64url(new TextEncoder().encode(JSON.stringify([label, id])));
}

/** The (label, id) after which the page starts; 400 {cursor: invalid_cursor} for one we did not make. */
export function decodeSearchCursor(cursor: string): { label: string; id: string } {
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && isUuid(value[1])) {
      return { label: value[0], id: value[1].toLowerCase() };
    }
  } catch {
    // not ours
  }
  throw validationFailed({ cursor: 'invalid_cursor' });
}

export function residentSearchRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(residentSearchRoute, async (c) => {
    const { q, limit, cursor } = c.req.valid('query');
    const terms = searchTerms(q);
    if (!terms.ok) throw validationFailed({ q: terms.problem });
    const after = cursor === undefined ? undefined : decodeSearchCursor(cursor);
    const page = await withAdmin(deps, c, async ({ trx, tenantId }) => {
      const rows = await searchPremises(trx, { tenantId, tsquery: terms.tsquery, after, limit });
      const shown = rows.slice(0, limit);
      const people = await peopleOfPremises(trx, tenantId, shown.map((p) => p.id));
      const last = shown[shown.length - 1];
      return {
        items: shown.map((p) => ({
          id: p.id,
          externalRef: p.external_ref,
          label: p.label,
          accountNumber: p.account_number,
          building: { address: p.building_address, city: p.building_city },
          holder: p.holder,
          people: people
            .filter((person) => person.premise_id === p.id)
            .map((person) => ({
              userId: person.user_id,
              name: person.name,
              email: person.email,
              role: person.role,
              accountStatus: person.user_status,
              expiresAt: person.expires_at?.toISOString() ?? null,
            })),
        })),
        nextCursor: rows.length > limit && last ? encodeSearchCursor(last.label, last.id) : null,
      };
    });
    return c.json(page, 200);
  });

  return router;
}
