/**
 * @module
 * The handlers of the meter-reading routes (contracts in readings.routes.ts): each reads the
 * request, has access decided before anything is read (withPremiseAccess: 404/403), and calls
 * readings.service.ts, which owns listing and submitting.
 */
import type { AppDeps } from '../deps.ts';
import { withPremiseAccess } from '../auth/resident.ts';
import { createRouter } from '../http/context.ts';
import { listMeters, readingHistory, submitReading } from './readings.service.ts';
import { listMetersRoute, readingHistoryRoute, submitReadingRoute } from './readings.routes.ts';
import { readingPolicy } from './tenant-policy.ts';

export function readingsRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listMetersRoute, async (c) => {
    const { premiseId } = c.req.valid('param');
    const policy = readingPolicy(c.get('tenant'), c.get('log'));
    const body = await withPremiseAccess(deps, c, { premiseId, action: 'readings.view' }, (scope) => listMeters(scope, policy, premiseId));
    return c.json(body, 200);
  });

  router.openapi(submitReadingRoute, async (c) => {
    const { premiseId, meterId } = c.req.valid('param');
    const { value, confirm } = c.req.valid('json');
    const policy = readingPolicy(c.get('tenant'), c.get('log'));
    const input = { premiseId, meterId, value, confirm };
    const result = await withPremiseAccess(deps, c, { premiseId, action: 'readings.submit' }, (scope) => submitReading(scope, policy, input));
    return c.json(result.body, result.status);
  });

  router.openapi(readingHistoryRoute, async (c) => {
    const { premiseId, meterId } = c.req.valid('param');
    const query = c.req.valid('query');
    const policy = readingPolicy(c.get('tenant'), c.get('log'));
    const body = await withPremiseAccess(deps, c, { premiseId, action: 'readings.view' }, (scope) => readingHistory(scope, policy, premiseId, meterId, query));
    return c.json(body, 200);
  });

  return router;
}
