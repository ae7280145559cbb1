/**
 * @module
 * What the app is built from. Node, Deno and the tests each assemble these and call createApp.
 */
import type { Clock } from './clock.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { TokenKeys } from './auth/tokens.ts';
import type { PersonalCodeKey } from './personal-codes/personal-code-key.ts';
import type { SecretBox } from './secrets/secret-box.ts';
import type { Logger } from './http/logger.ts';
import type { LockoutPolicy } from './auth/lockout.ts';
import type { TenantDirectory } from './tenancy/tenants.ts';
import type { FileStores } from './files/file-store.ts';

export interface AppDeps {
  database: DatabaseHandle;
  clock: Clock;
  keys: TokenKeys;
  /** The HMAC key personal codes are stored under (DOORSTEP_PERSONAL_CODE_KEY). */
  personalCodeKey: PersonalCodeKey;
  /** Encrypts what must be read back, e.g. identity providers' client secrets (DOORSTEP_ENCRYPTION_KEY). */
  secretBox: SecretBox;
  logger: Logger;
  /** Where file bytes live (files/file-store.ts): the configured store for new files, each driver for reading. */
  files: FileStores;
  config: {
    /** NODE_ENV=production: HSTS is sent (never on a laptop's http://localhost). */
    production?: boolean;
    /** Enables X-Doorstep-Now and the demo pages. Never in production. */
    demoMode: boolean;
    /** Take the client's address from the first X-Forwarded-For hop (behind a trusted proxy). */
    trustProxy: boolean;
    /** Directory holding the demo site (demo mode), and the built widget bundle. */
    demoDir?: string;
    widgetBundle?: string;
    /** The built manager's console (console/dist), served at /console/{tenant}/. */
    consoleBundle?: string;
    /** The API's public origin (PUBLIC_URL), for links that must reach the API itself (one-click unsubscribe). */
    publicUrl?: string;
    /** Where the file mail transport writes (no SMTP_URL); shown at /demo/outbox in demo mode. */
    outboxDir?: string;
    /** DOORSTEP_OPERATOR_TOKEN: opens /v1/operator/…; without it the operator API answers 404. */
    operatorToken?: string;
    /** Demo mode: where `/demo-banka/…` is forwarded (the demo's identity provider, server/demo/demo-bank.ts). */
    demoBankTarget?: string;
    /** Webhook URLs may be http://localhost / http://127.0.0.1 (DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP, tests). */
    webhooksAllowLocalHttp?: boolean;
    /** DOORSTEP_PLANTED_FAULT (config.ts): a bug planted on purpose for a test to catch. Never in production. */
    plantedFault?: 'import_partial_commit';
  };
  lockoutPolicy?: LockoutPolicy;
  /** The app's cache of tenants by slug; createApp sets it, so a route that changes a tenant can forget it. */
  tenantDirectory?: TenantDirectory;
  /** The peer address, as the runtime knows it (Node's socket, Deno's remoteAddr). */
  remoteAddress?: (request: Request, env: unknown) => string | undefined;
}
