/**
 * A stand-in API for the states the demo data does not have (an account without invoices, a member
 * without the invoices right). It answers only for its own made-up origin and passes every other
 * request to the real `fetch`, so the real server serves everything else in the same test run.
 */
export const FAKE_API = 'https://fake-api.doorstep.invalid';

export interface FakeApi {
  /** Paths (with query) the widget requested, in order. */
  requests: string[];
  restore(): void;
}

export function installFakeApi(options: { rights: string[]; role: 'owner' | 'member'; invoices: unknown[] }): FakeApi {
  const realFetch = globalThis.fetch;
  const requests: string[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (url.origin !== FAKE_API) return realFetch(input, init);
    const path = url.pathname.replace(/^\/v1\/[^/]+/, '') + url.search;
    requests.push(path);
    const user = { id: 'u1', email: 'new@example.lv', name: 'Jauns', language: 'lv', mustChangePassword: false, authLevel: 'basic' };
    if (path === '/auth/login' || path === '/auth/refresh') {
      const expires = new Date(Date.now() + 5 * 60_000).toISOString();
      return json({ accessToken: 'fake.token.x', accessTokenExpiresAt: expires, refreshToken: 'r', refreshTokenExpiresAt: expires, remember: false, user });
    }
    if (path === '/auth/logout') return new Response(null, { status: 204 });
    if (path === '/me') {
      const premise = { id: '11111111-1111-4111-8111-111111111111', label: 'Jaunā iela 1-1', accountNumber: '1', building: { id: 'b', address: 'Jaunā iela 1', city: 'Ogre' } };
      // As the rights module decides: a member sees invoices only with the invoices right.
      const actions = ['premise.view', 'notices.view', ...(options.rights.includes('invoices') ? ['invoices.view'] : []), ...(options.rights.includes('readings') ? ['readings.view', 'readings.submit'] : [])];
      return json({ user, premises: [{ ...premise, role: options.role, rights: options.rights, actions }] });
    }
    if (path.startsWith('/premises/11111111-1111-4111-8111-111111111111/invoices')) return json({ invoices: options.invoices, nextCursor: null });
    return json({ error: { code: 'not_found', message: 'Not found.' } }, 404);
  };
  return { requests, restore: () => void (globalThis.fetch = realFetch) };
}
