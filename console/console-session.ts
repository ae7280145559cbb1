/**
 * @module
 * The staff session in the browser: the `dss_…` token and who it belongs to, kept in
 * sessionStorage (it ends with the tab, never outlives the browser on a shared office computer),
 * and the widgets' one API client carrying it. When the server refuses the token (idle too long,
 * logged out elsewhere, account disabled) the session is forgotten and the console shows the login.
 */
import { ApiClient, type AccessTokenSource } from '../widgets/core/api-client.ts';

export interface StaffAccount {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'staff';
  language: 'lv' | 'en' | 'ru';
  /** An admin reset the password: the console shows only the password change until it is done. */
  mustChangePassword?: boolean;
}

export interface StoredStaffSession {
  token: string;
  staff: StaffAccount;
}

export class ConsoleSession implements AccessTokenSource {
  readonly client: ApiClient;
  /** The public client for the login steps (no token). */
  readonly anonymous: ApiClient;
  #current: StoredStaffSession | null;
  readonly #key: string;
  readonly #onEnded: () => void;

  constructor(options: { api: string; tenant: string; onEnded: () => void; now?: string }) {
    this.#key = `doorstep-console:${options.tenant}`;
    this.#onEnded = options.onEnded;
    // The demo's frozen clock (demo-now.ts), sent as X-Doorstep-Now on every call.
    const now = options.now;
    const clock = now ? { now: () => now } : {};
    this.client = new ApiClient({ api: options.api, tenant: options.tenant, ...clock }, this);
    this.anonymous = new ApiClient({ api: options.api, tenant: options.tenant, ...clock });
    this.#current = readStored(this.#key);
  }

  get current(): StoredStaffSession | null {
    return this.#current;
  }

  start(session: StoredStaffSession): void {
    this.#current = session;
    sessionStorage.setItem(this.#key, JSON.stringify(session));
  }

  forget(): void {
    this.#current = null;
    sessionStorage.removeItem(this.#key);
  }

  async accessToken(): Promise<string | null> {
    return this.#current?.token ?? null;
  }

  /** A staff token cannot be renewed: the session is over, log in again. */
  async renewAfterRejection(): Promise<string | null> {
    this.forget();
    this.#onEnded();
    return null;
  }
}

function readStored(key: string): StoredStaffSession | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(key) ?? 'null') as StoredStaffSession | null;
    return value && typeof value.token === 'string' && value.staff ? value : null;
  } catch {
    return null;
  }
}
