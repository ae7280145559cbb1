/**
 * @module
 * The tenant's buildings as the console's sections offer them to choose from (documents, notices,
 * readings): those the manager has a code for, in the admin API's order, from one call.
 */
import type { ApiClient } from '../widgets/core/api-client.ts';
import type { Answer } from '../widgets/core/api-routes.ts';

export type Building = Answer<'/admin/buildings', 'get'>['items'][number];

/** As many as one page of the admin API gives: a picklist longer than this is no use to staff anyway. */
const BUILDINGS_LIMIT = 1000;

export async function tenantBuildings(client: ApiClient): Promise<Building[]> {
  const page = await client.call('get', '/admin/buildings', { query: { limit: BUILDINGS_LIMIT } });
  return page.items.filter((b) => b.externalRef !== null);
}
