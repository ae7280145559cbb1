/**
 * @module
 * The session every widget on the page shares: one store per (api, tenant).
 *
 * Why it looks the way it does:
 *
 * - The widgets run on the manager's site, a different origin from the API, where third-party
 *   cookies are blocked. So tokens travel in the `Authorization` header and the store keeps them.
 * - The access token (≤ 5 minutes) lives in memory only: a script injected into the host page can
 *   still call the API while the page is open, but cannot carry a long-lived credential away from
 *   memory it never sees written down.
 * - The refresh token has to survive a reload, so it is written down: to `localStorage` when the
 *   resident ticked "remember me" (it then outlives the browser), otherwise to `sessionStorage`
 *   (it dies with the tab).
 * - Refresh tokens rotate on every use and the server revokes the whole session when an old one
 *   is used again. Two tabs sharing a remembered session must therefore never refresh with the
 *   same token: refreshing happens under a Web Lock, and inside the lock the token is re-read from
 *   storage, so a tab that waited uses the token the other tab just received instead of the
 *   one it remembered. Within a tab, refreshes are single-flight.
 * - Logging out in one tab logs out every tab of the same (api, tenant), through a `storage`
 *   event; on a shared computer that is what a resident expects from "Iziet".
 * - The registry lives on `globalThis` under a `Symbol.for` key, so two copies of the bundle on one
 *   page (the manager's own and a plug-in's) still share one session and one active address.
 */
import { ApiClient, type AccessTokenSource } from './api-client.ts';
import { ApiError } from './api-error.ts';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  language: string;
  mustChangePassword: boolean;
  authLevel: 'basic' | 'strong';
}

/** An apartment (or other premise) the user has a grant on, as `GET /me` lists it. */
export interface Premise {
  id: string;
  label: string;
  accountNumber: string;
  building: { id: string; address: string };
  role: 'owner' | 'proxy' | 'member';
  rights: string[];
}

/** The answer of login, refresh and password change. */
export interface TokenResponse {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  remember: boolean;
  user: SessionUser;
}

interface MeResponse {
  user: SessionUser;
  premises: Premise[];
}

interface StoredSession {
  refreshToken: string;
  refreshTokenExpiresAt: string;
  remember: boolean;
}

/** `restoring` until the stored session (if any) has been tried after a page load. */
export type SessionStatus = 'restoring' | 'anonymous' | 'authenticated';

/**
 * What changed: `restore` (page load settled), `login`, `logout` (here or in another tab),
 * `expired` (the server ended the session), `user` (profile or premises reloaded),
 * `password` (changed), `premise` (the active address).
 */
export type SessionChangeReason = 'restore' | 'login' | 'logout' | 'expired' | 'user' | 'password' | 'premise';

/** Fired by the store (not the DOM) as `change` whenever anything a widget shows may differ. */
export class SessionChangeEvent extends Event {
  static readonly eventName = 'change';
  readonly reason: SessionChangeReason;
  constructor(reason: SessionChangeReason) {
    super(SessionChangeEvent.eventName);
    this.reason = reason;
  }
}

/** Refresh this long before the access token expires. */
const REFRESH_AHEAD_MS = 30_000;
/** After a refresh failed for lack of network, try again this much later. */
const RETRY_AFTER_NETWORK_ERROR_MS = 15_000;

export class SessionStore extends EventTarget implements AccessTokenSource {
  readonly api: string;
  readonly tenant: string;
  /** Demo mode: the ISO time sent to the server as `X-Doorstep-Now` (set from `<doorstep-config now>`). */
  now: string | undefined;
  /** The client every widget of this (api, tenant) uses; it takes its token from this store. */
  readonly client: ApiClient;
  /** Settles once the session stored by an earlier page (if any) has been restored or dropped. */
  readonly ready: Promise<void>;

  #status: SessionStatus = 'restoring';
  #user: SessionUser | null = null;
  #premises: Premise[] = [];
  #activePremiseId: string | null = null;
  #access: { token: string; refreshAt: number; expiresAt: number } | null = null;
  #remember = false;
  #renewing: Promise<string | null> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #keys: { session: string; premise: string; logout: string; lock: string };
  readonly #onStorage = (event: StorageEvent) => this.#storageChanged(event);

  constructor(api: string, tenant: string, now?: string) {
    super();
    this.api = normalizeApi(api);
    this.tenant = tenant;
    this.now = now;
    this.client = new ApiClient({ api: this.api, tenant, now: () => this.now }, this);
    const scope = `${this.api}|${tenant}`;
    this.#keys = {
      session: `doorstep.session:${scope}`,
      premise: `doorstep.premise:${scope}`,
      logout: `doorstep.logout:${scope}`,
      lock: `doorstep.refresh:${scope}`,
    };
    globalThis.addEventListener?.('storage', this.#onStorage);
    this.ready = this.#restore();
  }

  get status(): SessionStatus {
    return this.#status;
  }

  get user(): SessionUser | null {
    return this.#user;
  }

  /** The premises the user reaches, from `GET /me`; empty when logged out. */
  get premises(): readonly Premise[] {
    return this.#premises;
  }

  get activePremiseId(): string | null {
    return this.#activePremiseId;
  }

  get activePremise(): Premise | null {
    return this.#premises.find((premise) => premise.id === this.#activePremiseId) ?? null;
  }

  /** True when the refresh token is kept across browser restarts. */
  get remember(): boolean {
    return this.#remember;
  }

  /**
   * Logs in with email and password. Resolves to the user (check `mustChangePassword`); rejects
   * with an {@link ApiError} (`invalid_credentials`, `locked_out`, `validation_failed`, …).
   */
  async login(email: string, password: string, remember: boolean): Promise<SessionUser> {
    const tokens = await this.client.post<TokenResponse>('/auth/login', { email, password, remember }, { auth: false });
    this.#accept(tokens);
    try {
      await this.#loadProfile();
    } catch {
      // Logged in all the same; the premises come with the next reload().
      this.#premises = [];
    }
    this.#status = 'authenticated';
    this.#emit('login');
    return tokens.user;
  }

  /** Logs out here, in every other tab of this (api, tenant), and on the server. Never rejects. */
  async logout(): Promise<void> {
    const { refreshToken, accessToken } = await this.#withLock(async () => {
      const stored = this.#readStored();
      const accessToken = this.#access?.token;
      this.#forget('logout');
      // Other tabs hear this through a storage event, even when this tab's session was only in
      // sessionStorage, which other tabs cannot see.
      safeStorage('local')?.setItem(this.#keys.logout, `${Date.now()}:${Math.random()}`);
      return { refreshToken: stored?.refreshToken, accessToken };
    });
    await this.#revoke(refreshToken, accessToken);
  }

  /**
   * Changes the password. The server answers with a new session and revokes all others, so the
   * store switches to it. Rejects with `current_password_incorrect` or `password_rejected`
   * (`fields.newPassword` lists the broken rules).
   */
  async changePassword(currentPassword: string, newPassword: string): Promise<SessionUser> {
    const tokens = await this.client.post<TokenResponse>('/auth/password/change', { currentPassword, newPassword });
    await this.#withLock(async () => this.#accept(tokens, this.#remember));
    this.#emit('password');
    return tokens.user;
  }

  /** Makes `id` the active address of every widget on the page (and in later visits). */
  setActivePremise(id: string): boolean {
    if (!this.#premises.some((premise) => premise.id === id)) return false;
    if (this.#activePremiseId === id) return true;
    this.#activePremiseId = id;
    safeStorage('local')?.setItem(this.#keys.premise, id);
    this.#emit('premise');
    return true;
  }

  /** Reloads the user and premises from `GET /me`. */
  async reload(): Promise<void> {
    await this.#loadProfile();
    this.#emit('user');
  }

  /** {@link AccessTokenSource}: a token valid for a while yet, or null when logged out. */
  async accessToken(): Promise<string | null> {
    if (!this.#access && this.#status === 'restoring') await this.ready;
    const access = this.#access;
    if (!access) return null;
    if (Date.now() < access.refreshAt) return access.token;
    try {
      return await this.#renew();
    } catch {
      // Offline: the old token may still be valid; the request will tell.
      return Date.now() < access.expiresAt ? access.token : null;
    }
  }

  /** {@link AccessTokenSource}: the server rejected `rejected`. */
  async renewAfterRejection(rejected: string): Promise<string | null> {
    if (this.#access && this.#access.token !== rejected) return this.#access.token;
    try {
      return await this.#renew();
    } catch {
      return null;
    }
  }

  /** Stops timers and listeners and leaves the registry. The stored session is kept. */
  dispose(): void {
    clearTimeout(this.#timer);
    globalThis.removeEventListener?.('storage', this.#onStorage);
    const registry = storeRegistry();
    if (registry.get(storeKey(this.api, this.tenant)) === this) registry.delete(storeKey(this.api, this.tenant));
  }

  async #restore(): Promise<void> {
    if (!this.#readStored()) {
      this.#status = 'anonymous';
      this.#emit('restore');
      return;
    }
    try {
      const token = await this.#renew();
      if (token) {
        await this.#loadProfile();
        this.#status = 'authenticated';
      } else {
        this.#status = 'anonymous';
      }
    } catch {
      // Offline at load: show the login form, keep the stored token for the next page load.
      this.#access = null;
      this.#user = null;
      this.#status = 'anonymous';
    }
    this.#emit('restore');
  }

  /** Single-flight refresh; null when the session is over. Rejects only on network errors. */
  #renew(): Promise<string | null> {
    this.#renewing ??= this.#withLock(() => this.#renewInLock()).finally(() => {
      this.#renewing = null;
    });
    return this.#renewing;
  }

  async #renewInLock(): Promise<string | null> {
    // Re-read inside the lock: another tab may have rotated the token while we waited, and only
    // the newest one is still good.
    const stored = this.#readStored();
    if (!stored) {
      if (this.#status === 'authenticated') this.#forget('expired');
      return null;
    }
    try {
      const tokens = await this.client.post<TokenResponse>(
        '/auth/refresh',
        { refreshToken: stored.refreshToken },
        { auth: false },
      );
      this.#accept(tokens, stored.remember);
      return tokens.accessToken;
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
        this.#forget('expired');
        return null;
      }
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.#renew().catch(() => undefined), RETRY_AFTER_NETWORK_ERROR_MS);
      throw error;
    }
  }

  #accept(tokens: TokenResponse, remember = tokens.remember): void {
    const received = Date.now();
    const lifetime = tokenLifetimeMs(tokens, this.now, received);
    this.#access = {
      token: tokens.accessToken,
      expiresAt: received + lifetime,
      refreshAt: received + Math.max(lifetime / 2, lifetime - REFRESH_AHEAD_MS),
    };
    this.#remember = remember;
    this.#user = tokens.user;
    const stored: StoredSession = {
      refreshToken: tokens.refreshToken,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
      remember,
    };
    safeStorage(remember ? 'local' : 'session')?.setItem(this.#keys.session, JSON.stringify(stored));
    safeStorage(remember ? 'session' : 'local')?.removeItem(this.#keys.session);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => void this.#renew().catch(() => undefined),
      Math.max(0, this.#access.refreshAt - Date.now()),
    );
  }

  async #loadProfile(): Promise<void> {
    const me = await this.client.get<MeResponse>('/me');
    this.#user = me.user;
    this.#premises = me.premises;
    const remembered = safeStorage('local')?.getItem(this.#keys.premise);
    const active = [this.#activePremiseId, remembered].find((id) => me.premises.some((premise) => premise.id === id));
    this.#activePremiseId = active ?? me.premises[0]?.id ?? null;
  }

  /** Drops the session locally: memory and this tab's stored refresh token. */
  #forget(reason: 'logout' | 'expired'): void {
    const wasAuthenticated = this.#status === 'authenticated';
    clearTimeout(this.#timer);
    this.#access = null;
    this.#user = null;
    this.#premises = [];
    this.#remember = false;
    safeStorage('local')?.removeItem(this.#keys.session);
    safeStorage('session')?.removeItem(this.#keys.session);
    if (this.#status !== 'restoring') this.#status = 'anonymous';
    if (wasAuthenticated) this.#emit(reason);
  }

  async #revoke(refreshToken: string | undefined, accessToken: string | undefined): Promise<void> {
    if (!refreshToken && !accessToken) return;
    try {
      await this.client.post('/auth/logout', refreshToken ? { refreshToken } : {}, {
        auth: false,
        headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {},
      });
    } catch {
      // Already forgotten here; the server ends the session by itself when the tokens expire.
    }
  }

  #storageChanged(event: StorageEvent): void {
    if (event.storageArea !== safeStorage('local')) return;
    if (event.key === this.#keys.logout || event.key === null) {
      // Another tab logged out. A session of our own kept in sessionStorage is revoked too.
      const own = this.#readStored();
      const accessToken = this.#access?.token;
      this.#forget('logout');
      if (own) void this.#revoke(own.refreshToken, accessToken);
    } else if (event.key === this.#keys.session) {
      if (event.newValue === null && this.#status === 'authenticated' && this.#remember) {
        this.#forget('logout');
      } else if (event.newValue !== null && this.#status === 'anonymous') {
        // Another tab logged in with "remember me": join its session.
        void this.#renew()
          .then(async (token) => {
            if (!token) return;
            await this.#loadProfile();
            this.#status = 'authenticated';
            this.#emit('login');
          })
          .catch(() => undefined);
      }
    } else if (event.key === this.#keys.premise && event.newValue && this.#activePremiseId !== event.newValue) {
      if (this.#premises.some((premise) => premise.id === event.newValue)) {
        this.#activePremiseId = event.newValue;
        this.#emit('premise');
      }
    }
  }

  #readStored(): StoredSession | null {
    for (const kind of ['local', 'session'] as const) {
      const raw = safeStorage(kind)?.getItem(this.#keys.session);
      if (!raw) continue;
      try {
        const stored = JSON.parse(raw) as Partial<StoredSession>;
        if (typeof stored.refreshToken === 'string') {
          return {
            refreshToken: stored.refreshToken,
            refreshTokenExpiresAt: String(stored.refreshTokenExpiresAt ?? ''),
            remember: kind === 'local',
          };
        }
      } catch {
        // Damaged entry: ignore it, it is overwritten at the next login.
      }
    }
    return null;
  }

  /** Runs `task` under this (api, tenant)'s cross-tab lock where the browser has Web Locks. */
  #withLock<T>(task: () => Promise<T>): Promise<T> {
    const locks = globalThis.navigator?.locks;
    if (!locks) return task();
    return locks.request(this.#keys.lock, { mode: 'exclusive' }, task) as Promise<T>;
  }

  #emit(reason: SessionChangeReason): void {
    this.dispatchEvent(new SessionChangeEvent(reason));
  }
}

/** How long the access token lives, measured so that a skewed (or demo-frozen) clock does not matter. */
function tokenLifetimeMs(tokens: TokenResponse, now: string | undefined, received: number): number {
  const claims = decodeJwtPayload(tokens.accessToken);
  if (typeof claims?.['exp'] === 'number' && typeof claims['iat'] === 'number' && claims['exp'] > claims['iat']) {
    return (claims['exp'] - claims['iat']) * 1000;
  }
  const serverNow = now ? Date.parse(now) : received;
  const lifetime = Date.parse(tokens.accessTokenExpiresAt) - (Number.isNaN(serverNow) ? received : serverNow);
  return Number.isFinite(lifetime) && lifetime > 0 ? lifetime : 60_000;
}

function decodeJwtPayload(jwt: string): Record<string, unknown> | null {
  const payload = jwt.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Storage can be missing or throw (Safari private mode, sandboxed iframes); then we go without. */
function safeStorage(kind: 'local' | 'session'): Storage | null {
  try {
    return kind === 'local' ? globalThis.localStorage : globalThis.sessionStorage;
  } catch {
    return null;
  }
}

function normalizeApi(api: string): string {
  return api.trim().replace(/\/+$/, '');
}

function storeKey(api: string, tenant: string): string {
  return `${normalizeApi(api)}|${tenant}`;
}

const REGISTRY = Symbol.for('doorstep.session-stores.v1');

function storeRegistry(): Map<string, SessionStore> {
  const holder = globalThis as typeof globalThis & { [REGISTRY]?: Map<string, SessionStore> };
  return (holder[REGISTRY] ??= new Map());
}

/**
 * The page's one store for (api, tenant), created on first use. `now` (demo mode) updates the
 * store's clock when given.
 */
export function sessionStoreFor(api: string, tenant: string, now?: string): SessionStore {
  const registry = storeRegistry();
  const key = storeKey(api, tenant);
  let store = registry.get(key);
  if (!store) {
    store = new SessionStore(api, tenant, now);
    registry.set(key, store);
  } else if (now) {
    store.now = now;
  }
  return store;
}

/** Every store on the page (for tests and for a host page that tears the widgets down). */
export function allSessionStores(): SessionStore[] {
  return [...storeRegistry().values()];
}
