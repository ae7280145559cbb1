/**
 * What each admin route does, by hand: the admin access matrix (admin-access.test.ts) reads the
 * routes from the app and fails on any route missing here. One line per route, so routes added
 * side by side merge cleanly (git merges this file as a union).
 */
import type { AdminAction } from '../../server/rights/admin-rights.ts';

export const ADMIN_ROUTE_ACTIONS: Record<string, AdminAction> = {
  'GET /keys': 'keys.manage',
  'POST /keys': 'keys.manage',
  'DELETE /keys/{keyId}': 'keys.manage',
  'GET /settings': 'read',
  'PATCH /settings': 'settings.write',
  'GET /buildings': 'read',
  'GET /buildings/{externalRef}': 'read',
  'PUT /buildings/{externalRef}': 'write',
  'GET /customers': 'read',
  'GET /customers/{externalRef}': 'read',
  'PUT /customers/{externalRef}': 'write',
  'GET /premises': 'read',
  'GET /premises/{externalRef}': 'read',
  'PUT /premises/{externalRef}': 'write',
  'GET /meters': 'read',
  'GET /meters/{externalRef}': 'read',
  'PUT /meters/{externalRef}': 'write',
  'PUT /meters/{externalRef}/verification': 'write',
  'POST /meters/{externalRef}/remove': 'write',
  'POST /meters/{externalRef}/replace': 'write',
  'PUT /reading-windows/{period}': 'write',
  'GET /reading-windows': 'read',
  'DELETE /reading-windows/{period}': 'write',
  'GET /readings/missing': 'read',
  'GET /readings/export': 'read',
  'POST /users': 'write',
  'GET /users': 'read',
  'GET /users/{userId}': 'read',
  'POST /users/{userId}/invitation': 'write',
  'GET /users/{userId}/grants': 'read',
  'GET /premises/{premiseRef}/grants': 'read',
  'PUT /premises/{premiseRef}/grants/{userId}': 'write',
  'DELETE /premises/{premiseRef}/grants/{userId}': 'write',
};
