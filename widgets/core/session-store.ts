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
 * - The refresh token has to survive a reload, so it is written down (session-persistence.ts says
 *   where, and for how long).
 * - Refresh tokens rotate on every use and the server revokes the whole session when an old one
 *   is used again. Two tabs sharing a remembered session must therefore never refresh with the
 *   same token: refreshing happens under a Web Lock, and inside the lock the token is re-read from
 *   storage, so a tab that waited uses the token the other tab just received instead of the
 *   one it remembered. Within a tab, refreshes are single-flight.
 * - Logging out in one tab logs out every tab of the same (api, tenant), through a `storage`
 *   event; on a shared computer that is what a resident expects from "Iziet".
 * - The registry lives on `globalThis` under a `Symbol.for` key, so two copies of the bundle on one
 *   page (the manager's own and a plug-in's) still share one session and one active address.
 *   It stays in this file: a second copy of the bundle must reach the same registry through its
 *   own copy of `sessionStoreFor`.
 */
import { accessTokenTiming, type AccessTokenTiming } from './access-token-timing.ts';
import { ApiClient, type AccessTokenSource } from './api-client.ts';
import { ApiError } from './api-error.ts';
import { SessionChangeEvent, type SessionChangeReason } from './session-change-event.ts';
import type { MeResponse, Premise, SessionUser, TokenResponse } from './session-payloads.ts';
import { SessionPersistence } from './session-persistence.ts';
import { normalizeApi, sessionSlot, storeKey } from './session-key.ts';

// Everything a widget needs from the session, from this one module (as before the split).
export { SessionChangeEvent, type SessionChangeReason } from './session-change-event.ts';
export type { Premise, SessionUser, TokenResponse } from './session-payloads.ts';

/** `restoring` until the stored session (if any) has been tried after a page load. */
export type SessionStatus = 'restoring' | 'anonymous' | 'authenticated';

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
  #timeZone: string | undefined;
  #activePremiseId: string | null = null;
  #access: AccessTokenTiming | null = null;
  #remember = false;
  #renewing: Promise<string | null> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #stored: SessionPersistence;
  readonly #onStorage = (event: StorageEvent) => this.#storageChanged(event);

  constructor(api: string, tenant: string, now?: string) {
    super();
    this.api = normalizeApi(api);
    this.tenant = tenant;
    this.now = now;
    this.client = new ApiClient({ api: this.api, tenant, now: () => this.now }, this);
    this.#stored = new SessionPersistence(storeKey(this.api, tenant));
    globalThis.addEventListener?.('storage', this.#onStorage);
    this.ready = this.#restore();
  }

  get status(): SessionStatus {
    return this.#status;
  }

  get user(): SessionUser | null {
    return this.#user;
  }

  /**
   * The manager's time zone from `GET /me`, kept after logout (it is the tenant's, not the user's);
   * undefined until a first login, and then widgets fall back to the browser's.
   */
  get timeZone(): string | undefined {
    return this.#timeZone;
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
    return this.#loggedIn(await this.client.call('post', '/auth/login', { body: { email, password, remember }, auth: false }));
  }

  /**
   * Logs in with the one-time code a strong login's popup handed over (widgets/owner-login/strong-login.ts).
   * Rejects with `oidc_code_invalid` when it was used, expired or comes from another origin.
   */
  async loginWithStrongCode(code: string): Promise<SessionUser> {
    return this.#loggedIn(await this.client.call('post', '/auth/oidc/exchange', { body: { code }, auth: false }));
  }

  async #loggedIn(tokens: TokenResponse): Promise<SessionUser> {
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
    const { refreshToken, accessToken } = await this.#stored.withLock(async () => {
      const stored = this.#stored.read();
      const accessToken = this.#access?.token;
      this.#forget('logout');
      // Other tabs hear this through a storage event, even when this tab's session was only in
      // sessionStorage, which other tabs cannot see.
      this.#stored.announceLogout();
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
    const tokens = await this.client.call('post', '/auth/password/change', { body: { currentPassword, newPassword } });
    await this.#stored.withLock(async () => this.#accept(tokens, this.#remember));
    this.#emit('password');
    return tokens.user;
  }

  /** Makes `id` the active address of every widget on the page (and in later visits). */
  setActivePremise(id: string): boolean {
    if (!this.#premises.some((premise) => premise.id === id)) return false;
    if (this.#activePremiseId === id) return true;
    this.#activePremiseId = id;
    this.#stored.rememberPremise(id);
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
    if (!this.#stored.read()) {
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
    this.#renewing ??= this.#stored.withLock(() => this.#renewInLock()).finally(() => {
      this.#renewing = null;
    });
    return this.#renewing;
  }

  async #renewInLock(): Promise<string | null> {
    // Re-read inside the lock: another tab may have rotated the token while we waited, and only
    // the newest one is still good.
    const stored = this.#stored.read();
    if (!stored) {
      if (this.#status === 'authenticated') this.#forget('expired');
      return null;
    }
    try {
      const tokens = await this.client.call('post', '/auth/refresh', { body: { refreshToken: stored.refreshToken }, auth: false });
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
    this.#access = accessTokenTiming(tokens, this.now, Date.now());
    this.#remember = remember;
    this.#user = tokens.user;
    this.#stored.write({ refreshToken: tokens.refreshToken, refreshTokenExpiresAt: tokens.refreshTokenExpiresAt, remember });
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => void this.#renew().catch(() => undefined),
      Math.max(0, this.#access.refreshAt - Date.now()),
    );
  }

  async #loadProfile(): Promise<void> {
    const me = await this.client.call('get', '/me');
    this.#user = me.user;
    this.#premises = me.premises;
    this.#timeZone = me.tenant?.timeZone ?? this.#timeZone;
    const remembered = this.#stored.rememberedPremise();
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
    this.#stored.clear();
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
    const signal = this.#stored.signalOf(event);
    if (signal?.kind === 'logout') {
      // Another tab logged out. A session of our own kept in sessionStorage is revoked too.
      const own = this.#stored.read();
      const accessToken = this.#access?.token;
      this.#forget('logout');
      if (own) void this.#revoke(own.refreshToken, accessToken);
    } else if (signal?.kind === 'session') {
      if (!signal.written && this.#status === 'authenticated' && this.#remember) {
        this.#forget('logout');
      } else if (signal.written && this.#status === 'anonymous') {
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
    } else if (signal?.kind === 'premise' && this.#activePremiseId !== signal.premiseId) {
      if (this.#premises.some((premise) => premise.id === signal.premiseId)) {
        this.#activePremiseId = signal.premiseId;
        this.#emit('premise');
      }
    }
  }

  #emit(reason: SessionChangeReason): void {
    this.dispatchEvent(new SessionChangeEvent(reason));
  }
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

// Tells DoorstepElement that the store is here (session-key.ts): the module's one side effect.
sessionSlot.storeFor = sessionStoreFor;
