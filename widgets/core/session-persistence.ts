/**
 * @module
 * What a session writes down in the browser, and how the tabs of one (api, tenant) hear of each
 * other through it. The store decides what to do; this file only knows the keys, where each entry
 * lives and why:
 *
 * - The refresh token goes to `localStorage` when the resident ticked "remember me" (it then
 *   outlives the browser), otherwise to `sessionStorage` (it dies with the tab). The access token
 *   is never written down.
 * - The active address is remembered in `localStorage`, so the next visit opens on it.
 * - A logout is announced through a `localStorage` entry of its own, because other tabs cannot see
 *   a session that lived in this tab's `sessionStorage`, but they do get `storage` events for
 *   `localStorage`.
 * - Refreshing runs under a Web Lock named after the (api, tenant), so two tabs never spend the
 *   same rotating refresh token.
 */

/** The refresh token as written down; `remember` says which storage it was found in. */
import { storedSessionKey } from './session-key.ts';

export interface StoredSession {
  refreshToken: string;
  refreshTokenExpiresAt: string;
  remember: boolean;
}

/** What a `storage` event from another tab means for this (api, tenant). */
export type StorageSignal =
  /** Another tab logged out (or the page's storage was cleared). */
  | { kind: 'logout' }
  /** Another tab wrote a remembered session (`written`) or removed it. */
  | { kind: 'session'; written: boolean }
  /** Another tab chose another active address. */
  | { kind: 'premise'; premiseId: string }
  | null;

export class SessionPersistence {
  readonly #keys: { session: string; premise: string; logout: string; lock: string };

  /** `scope` names the (api, tenant): every key and the lock carry it. */
  constructor(scope: string) {
    this.#keys = {
      session: storedSessionKey(scope),
      premise: `doorstep.premise:${scope}`,
      logout: `doorstep.logout:${scope}`,
      lock: `doorstep.refresh:${scope}`,
    };
  }

  /** The session written down by this tab or, when remembered, by any tab; null when none. */
  read(): StoredSession | null {
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

  /** Writes the session where `stored.remember` says, and removes it from the other storage. */
  write(stored: StoredSession): void {
    safeStorage(stored.remember ? 'local' : 'session')?.setItem(this.#keys.session, JSON.stringify(stored));
    safeStorage(stored.remember ? 'session' : 'local')?.removeItem(this.#keys.session);
  }

  /** Removes this tab's session from both storages. */
  clear(): void {
    safeStorage('local')?.removeItem(this.#keys.session);
    safeStorage('session')?.removeItem(this.#keys.session);
  }

  rememberedPremise(): string | null {
    return safeStorage('local')?.getItem(this.#keys.premise) ?? null;
  }

  rememberPremise(id: string): void {
    safeStorage('local')?.setItem(this.#keys.premise, id);
  }

  /** Tells every other tab of this (api, tenant) that the resident logged out. */
  announceLogout(): void {
    // A new value every time: writing the same value again fires no storage event.
    safeStorage('local')?.setItem(this.#keys.logout, `${Date.now()}:${Math.random()}`);
  }

  /** Reads another tab's `storage` event; null when it is not about this (api, tenant). */
  signalOf(event: StorageEvent): StorageSignal {
    if (event.storageArea !== safeStorage('local')) return null;
    if (event.key === this.#keys.logout || event.key === null) return { kind: 'logout' };
    if (event.key === this.#keys.session) return { kind: 'session', written: event.newValue !== null };
    if (event.key === this.#keys.premise && event.newValue) return { kind: 'premise', premiseId: event.newValue };
    return null;
  }

  /** Runs `task` under this (api, tenant)'s cross-tab lock where the browser has Web Locks. */
  withLock<T>(task: () => Promise<T>): Promise<T> {
    const locks = globalThis.navigator?.locks;
    if (!locks) return task();
    return locks.request(this.#keys.lock, { mode: 'exclusive' }, task) as Promise<T>;
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
