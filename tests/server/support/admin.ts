/**
 * @module
 * The manager's side in tests: a tenant made through the operator API (as a real deployment makes
 * one), its first API key, more keys with chosen scopes, and requests that carry a key.
 */
import { expect } from 'vitest';
import { OPERATOR_TOKEN, type TestContext } from './test-app.ts';

export interface AdminTenant {
  id: string;
  slug: string;
  /** The first key, read + write. */
  key: string;
}

export async function operatorRequest(ctx: TestContext, method: string, path: string, body?: unknown, token = OPERATOR_TOKEN) {
  return ctx.app.request(`/v1/operator${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

export async function createAdminTenant(ctx: TestContext, slug: string, extra: Record<string, unknown> = {}): Promise<AdminTenant> {
  const response = await operatorRequest(ctx, 'POST', '/tenants', { slug, name: `Manager ${slug}`, allowedOrigins: [`https://${slug}.example`], ...extra });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { tenant: { id: string; slug: string }; apiKey: { secret: string } };
  return { id: body.tenant.id, slug: body.tenant.slug, key: body.apiKey.secret };
}

export function adminRequest(ctx: TestContext, tenant: Pick<AdminTenant, 'slug'>, key: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const isJson = body !== undefined && typeof body !== 'string';
  return ctx.app.request(`/v1/${tenant.slug}/admin${path}`, {
    method,
    headers: {
      ...(key !== undefined ? { authorization: `Bearer ${key}` } : {}),
      ...(isJson ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: isJson ? JSON.stringify(body) : (body as string) } : {}),
  });
}

export async function createKey(ctx: TestContext, tenant: AdminTenant, scopes: string[], extra: Record<string, unknown> = {}) {
  const response = await adminRequest(ctx, tenant, tenant.key, 'POST', '/keys', { name: `key ${scopes.join('+')}`, scopes, ...extra });
  expect(response.status).toBe(201);
  return (await response.json()) as { key: { id: string; prefix: string; scopes: string[] }; secret: string };
}
