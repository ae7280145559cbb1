/**
 * @module
 * What every request carries (Hono variables) and the router factory that all features use, so
 * validation failures everywhere answer the same `validation_failed` shape.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Clock } from '../clock.ts';
import type { Tenant } from '../db/types.ts';
import type { FileStores } from '../files/file-store.ts';
import type { AccessClaims } from '../auth/tokens.ts';
import type { AdminAction, AdminCaller } from '../rights/admin-rights.ts';
import { validationFailed } from '../errors.ts';
import type { Logger } from './logger.ts';

export interface AppVariables {
  requestId: string;
  log: Logger;
  /** The request's clock: the server's, or in demo mode the X-Doorstep-Now header's moment. */
  clock: Clock;
  /** Set on /v1/{tenant}/… routes. */
  tenant: Tenant;
  /** Set when a valid access token came with the request. */
  claims: AccessClaims | undefined;
  /** The deployment's file stores (deps.files), for the upload middleware (files/upload.ts). */
  files: FileStores;
  /** The address the request came from (for lockout and rate limits). */
  clientKey: string;
  /** Set on /v1/{tenant}/admin/… routes once the caller's key (or staff session) is verified. */
  admin: AdminCaller | undefined;
  /** What the admin route does, as its contract declares (admin/admin-caller.ts adminAction). */
  adminAction?: AdminAction;
}

export type AppEnv = { Variables: AppVariables };

type ZodIssueLike = { path: PropertyKey[]; code: string; message: string; params?: { code?: unknown } };

/** Turns zod issues into `{field: code}` pairs, e.g. `{email: "required"}`. */
export function fieldsFromIssues(issues: readonly ZodIssueLike[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    if (fields[key]) continue;
    fields[key] = issueCode(issue);
  }
  return fields;
}

function issueCode(issue: ZodIssueLike & { input?: unknown; expected?: string }): string {
  if (issue.code === 'invalid_type') {
    // zod 4 leaves the input out of issues; its message still says what was received.
    const missing = 'input' in issue ? issue.input === undefined : /received undefined/.test(issue.message);
    return missing ? 'required' : `expected_${issue.expected ?? 'other'}`;
  }
  if (issue.code === 'too_big') return 'too_long';
  if (issue.code === 'too_small') return 'too_short';
  if (issue.code === 'invalid_format' || issue.code === 'invalid_string') return 'invalid_format';
  if (issue.code === 'unrecognized_keys') return 'unknown_field';
  // A custom check names its own code (`invalid_origin`, `reserved`, …) in its params.
  if (issue.code === 'custom' && typeof issue.params?.code === 'string') return issue.params.code;
  return issue.code;
}

/** A router for one feature; mount it on the app with `app.route('/v1/:tenant', router)`. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationFailed(fieldsFromIssues(result.error.issues as ZodIssueLike[]));
    },
  });
}
