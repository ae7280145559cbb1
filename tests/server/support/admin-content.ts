/**
 * @module
 * Fixtures of the manager's content tests (invoices, notices, documents, threads): multipart
 * requests with an API key, a building and premises with external refs, a resident with a grant
 * who logs in, and the bytes of real-looking files.
 */
import { adminRequest, type AdminTenant } from './admin.ts';
import { call, createPremise, createUser, grant, login, type TestContext } from './test-app.ts';

export const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);

export function pdfOfSize(bytes: number): Uint8Array {
  const content = new Uint8Array(bytes).fill(0x20);
  content.set(PDF.subarray(0, 9));
  return content;
}

export type FormValue = string | { name: string; bytes: Uint8Array; type?: string } | Array<{ name: string; bytes: Uint8Array; type?: string }>;

/** A multipart/form-data request with the key; objects become files, other values text fields (JSON for objects under `json`). */
export function adminForm(ctx: TestContext, tenant: Pick<AdminTenant, 'slug'>, key: string, method: string, path: string, fields: Record<string, FormValue | object>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(name, value);
    else if (Array.isArray(value)) for (const file of value) form.append(name, new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type ?? 'application/octet-stream' }));
    else if ('bytes' in value && value.bytes instanceof Uint8Array) {
      const file = value as { name: string; bytes: Uint8Array; type?: string };
      form.append(name, new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type ?? 'application/octet-stream' }));
    } else form.append(name, JSON.stringify(value));
  }
  return ctx.app.request(`/v1/${tenant.slug}/admin${path}`, { method, headers: { authorization: `Bearer ${key}` }, body: form });
}

export { adminRequest };

/** A building with premises, each with its externalRef, in `tenant`. */
export async function premisesWithRefs(ctx: TestContext, tenantId: string, buildingRef: string, premiseRefs: string[]) {
  const building = await ctx.database.db
    .insertInto('buildings')
    .values({ tenant_id: tenantId, address: `Street ${buildingRef}`, city: 'Ogre', external_ref: buildingRef })
    .returning('id')
    .executeTakeFirstOrThrow();
  const premises: Record<string, string> = {};
  for (const ref of premiseRefs) {
    const premise = await createPremise(ctx.database, tenantId, `Street ${buildingRef}-${ref}`, `${tenantId.slice(0, 8)}-${ref}`, building.id);
    await ctx.database.db.updateTable('premises').set({ external_ref: ref }).where('id', '=', premise.id).execute();
    premises[ref] = premise.id;
  }
  return { buildingId: building.id, premises };
}

/** A resident owning `premiseId`, logged in; returns the access token. */
export async function residentOf(ctx: TestContext, tenant: AdminTenant, email: string, premiseId: string, extra: { name?: string } = {}) {
  const user = await createUser(ctx.database, tenant.id, email, extra);
  await grant(ctx.database, tenant.id, user.id, premiseId, 'owner');
  const { accessToken } = await login(ctx, tenant.slug, email);
  return { userId: user.id, token: accessToken };
}

export async function residentGet(ctx: TestContext, tenant: Pick<AdminTenant, 'slug'>, token: string, path: string) {
  return call(ctx, 'GET', `/v1/${tenant.slug}${path}`, { token });
}

export async function auditActions(ctx: TestContext, tenantId: string) {
  const rows = await ctx.database.db.selectFrom('audit_log').select(['action', 'target_id', 'api_key_id']).where('tenant_id', '=', tenantId).orderBy('created_at').execute();
  return rows;
}
