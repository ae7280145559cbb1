/**
 * @module
 * Where a session of (api, tenant) is stored, without the store: `<owner-login>` asks
 * {@link hasStoredSession} before the session store's module (the API client, the refresh) has
 * arrived, to show its form at once to a visitor who has no session, and "loading" to one who has.
 */

export function normalizeApi(api: string): string {
  return api.trim().replace(/\/+$/, '');
}

/** The session store's key: one store per (api, tenant) on the page, and the scope of its storage keys. */
export function storeKey(api: string, tenant: string): string {
  return `${normalizeApi(api)}|${tenant}`;
}

/** The storage key of a stored refresh token (session-persistence.ts writes it). */
export function storedSessionKey(scope: string): string {
  return `doorstep.session:${scope}`;
}

/** True when a refresh token of (api, tenant) is stored in this browser (the store would restore it). */
export function hasStoredSession(api: string, tenant: string): boolean {
  const key = storedSessionKey(storeKey(api, tenant));
  for (const kind of ['localStorage', 'sessionStorage'] as const) {
    try {
      if (globalThis[kind]?.getItem(key)) return true;
    } catch {
      // Storage blocked: nothing can have been stored there.
    }
  }
  return false;
}

/**
 * The session store's `sessionStoreFor`, once its module has run (it puts it here). Elements that
 * need the session at their first render import that module statically, so it is here before
 * they update; `DoorstepElement` imports it dynamically otherwise.
 */
export const sessionSlot: { storeFor?: (api: string, tenant: string, now?: string) => import('./session-store.ts').SessionStore } = {};
