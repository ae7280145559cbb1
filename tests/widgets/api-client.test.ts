import { ApiClient, type AccessTokenSource } from '../../widgets/core/api-client.ts';
import { ApiError } from '../../widgets/core/api-error.ts';
import { assert, assertEqual } from './support/assert.ts';
import { ANNA, api, tenant } from './support/fixture.ts';

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert(error instanceof ApiError, `an ApiError, got ${String(error)}`);
    return error;
  }
  throw new Error('expected the call to fail');
}

async function loginToken(): Promise<string> {
  const client = new ApiClient({ api, tenant });
  const tokens = await client.post<{ accessToken: string }>('/auth/login', { email: ANNA.email, password: ANNA.password });
  return tokens.accessToken;
}

describe('ApiClient', () => {
  it('parses the server’s error shape', async () => {
    const client = new ApiClient({ api, tenant });
    const error = await failure(client.post('/auth/login', { email: 'not an email', password: '' }));
    assertEqual(error.status, 400, 'status');
    assertEqual(error.code, 'validation_failed', 'code');
    assert(Object.keys(error.fields).length > 0, 'fields name what is wrong');
    assert(error.message.length > 0, 'message');
  });

  it('answers 401 unauthorized without a token, and 404 not_found for an unknown route', async () => {
    const client = new ApiClient({ api, tenant });
    const unauthorized = await failure(client.get('/me'));
    assertEqual(unauthorized.code, 'unauthorized', '/me without token');
    assertEqual(unauthorized.status, 401, '/me status');
    const missing = await failure(client.get(`/no-such-route-${crypto.randomUUID().slice(0, 8)}`));
    assertEqual(missing.code, 'not_found', 'unknown route');
    assertEqual(missing.status, 404, 'unknown route status');
    // An unknown tenant lists no allowed origins, so a browser cannot even read its answer.
    const other = new ApiClient({ api, tenant: `no-such-${crypto.randomUUID().slice(0, 8)}` });
    assertEqual((await failure(other.get('/me'))).code, 'network_error', 'unknown tenant, seen from a browser');
  });

  it('turns an unreachable server into network_error', async () => {
    const error = await failure(new ApiClient({ api: 'http://127.0.0.1:9', tenant }).get('/me'));
    assertEqual(error.code, 'network_error', 'code');
    assertEqual(error.status, 0, 'status');
  });

  it('sends the bearer token, and after a 401 renews it once and retries', async () => {
    const good = await loginToken();
    const asked: string[] = [];
    const tokens: AccessTokenSource = {
      accessToken: async () => 'not-a-valid-token',
      renewAfterRejection: async (rejected) => {
        asked.push(rejected);
        return good;
      },
    };
    const me = await new ApiClient({ api, tenant }, tokens).get<{ user: { email: string } }>('/me');
    assertEqual(me.user.email, ANNA.email, 'the retried call succeeded');
    assertEqual(asked.join(), 'not-a-valid-token', 'renewed exactly once, for the rejected token');
  });

  it('sends the demo clock as X-Doorstep-Now', async () => {
    const now = '2026-05-30T10:00:00.000Z';
    const client = new ApiClient({ api, tenant, now: () => now });
    const tokens = await client.post<{ accessTokenExpiresAt: string }>('/auth/login', {
      email: ANNA.email,
      password: ANNA.password,
    });
    const expires = Date.parse(tokens.accessTokenExpiresAt);
    // The server issued the token at the demo time, so it expires minutes after it, not after today.
    assert(expires > Date.parse(now) && expires <= Date.parse(now) + 5 * 60_000, `expiry ${tokens.accessTokenExpiresAt} follows the demo clock`);
  });

  it('gives up after one renewal', async () => {
    let renewals = 0;
    const tokens: AccessTokenSource = {
      accessToken: async () => 'bad-1',
      renewAfterRejection: async () => {
        renewals += 1;
        return 'bad-2';
      },
    };
    const error = await failure(new ApiClient({ api, tenant }, tokens).get('/me'));
    assertEqual(error.status, 401, 'still 401');
    assertEqual(renewals, 1, 'one renewal only');
  });

  it('call: a route of the API document, its parameters encoded into the path and its query appended', async () => {
    const token = await loginToken();
    const client = new ApiClient({ api, tenant }, { accessToken: async () => token, renewAfterRejection: async () => null });
    const me = await client.call('get', '/me');
    const premiseId = me.premises[0]!.id;
    const meters = await client.call('get', '/premises/{premiseId}/meters', { params: { premiseId } });
    assertEqual(meters.premiseId, premiseId, 'the path parameter reached the server');
    const meterId = meters.meters[0]!.id;
    const history = await client.call('get', '/premises/{premiseId}/meters/{meterId}/readings', { params: { premiseId, meterId }, query: { from: '2025-01', to: '2025-03' } });
    assertEqual(`${history.from} ${history.to}`, '2025-01 2025-03', 'the query reached the server');

    const sent: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input) => {
      sent.push(String(input));
      return new Response(JSON.stringify({}), { headers: { 'Content-Type': 'application/json' } });
    };
    try {
      await client.call('get', '/premises/{premiseId}/meters/{meterId}/readings', { params: { premiseId: 'a/b?c', meterId: '#1' }, query: { from: '2025-01', to: undefined } });
    } finally {
      globalThis.fetch = realFetch;
    }
    assertEqual(sent[0], `${api}/v1/${tenant}/premises/a%2Fb%3Fc/meters/%231/readings?from=2025-01`, 'parameters encoded, an unset query left out');
  });
});
