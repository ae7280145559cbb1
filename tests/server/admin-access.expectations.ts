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
  'GET /invoices': 'read',
  'GET /invoices/{number}': 'read',
  'GET /invoices/{number}/pdf': 'read',
  'PUT /invoices/{number}': 'write',
  'PATCH /invoices/{number}': 'write',
  'GET /notices': 'read',
  'GET /notices/{notice}': 'read',
  'POST /notices': 'write',
  'PUT /notices/{notice}': 'write',
  'POST /notices/{notice}/withdraw': 'write',
  'DELETE /notices/{notice}': 'write',
  'GET /notices/{notice}/attachments/{fileId}': 'read',
  'GET /documents': 'read',
  'GET /documents/{document}': 'read',
  'GET /documents/{document}/file': 'read',
  'POST /documents': 'write',
  'PUT /documents/{document}': 'write',
  'DELETE /documents/{document}': 'write',
  'GET /threads': 'read',
  'GET /threads/{threadId}': 'read',
  'GET /threads/{threadId}/messages/{messageId}/file': 'read',
  'POST /threads/{threadId}/replies': 'write',
  'POST /threads/{threadId}/close': 'write',
};
