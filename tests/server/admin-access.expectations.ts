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
  'POST /users': 'write',
  'GET /users': 'read',
  'GET /users/{userId}': 'read',
  'POST /users/{userId}/invitation': 'write',
  'GET /users/{userId}/grants': 'read',
  'GET /premises/{premiseRef}/grants': 'read',
  'PUT /premises/{premiseRef}/grants/{userId}': 'write',
  'DELETE /premises/{premiseRef}/grants/{userId}': 'write',
};
