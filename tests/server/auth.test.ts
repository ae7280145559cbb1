import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTenant, createTestApp, createUser, login, PASSWORD, type TestContext } from './support/test-app.ts';

let ctx: TestContext;
let ogreId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  ogreId = (await createTenant(ctx.database, 'ogre', { origins: ['https://ogre.lv'] })).id;
  const other = await createTenant(ctx.database, 'ludza');
  await createUser(ctx.database, ogreId, 'anna@example.lv', { name: 'Anna Bērziņa' });
  await createUser(ctx.database, ogreId, 'janis@example.lv', { mustChangePassword: true });
  await createUser(ctx.database, ogreId, 'rotate@example.lv');
  await createUser(ctx.database, ogreId, 'change@example.lv');
  await createUser(ctx.database, ogreId, 'locked@example.lv');
  await createUser(ctx.database, ogreId, 'spread@example.lv');
  await createUser(ctx.database, ogreId, 'temporary@example.lv', { mustChangePassword: true });
  await createUser(ctx.database, other.id, 'anna@example.lv');
});
afterAll(() => ctx.close());

const loginBody = (email: string, password = PASSWORD) => ({ body: { email, password } });

describe('login', () => {
  test('succeeds with the right password and returns a session', async () => {
    const response = await call(ctx, 'POST', '/v1/ogre/auth/login', { body: { email: 'Anna@Example.lv', password: PASSWORD, remember: true } });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.user).toMatchObject({ email: 'anna@example.lv', name: 'Anna Bērziņa', mustChangePassword: false, authLevel: 'basic' });
    expect(body.remember).toBe(true);
    expect(body.accessToken.split('.')).toHaveLength(3);
    expect(new Date(body.accessTokenExpiresAt).getTime() - ctx.clock.now().getTime()).toBeLessThanOrEqual(5 * 60 * 1000);
    const me = await call(ctx, 'GET', '/v1/ogre/me', { token: body.accessToken });
    expect(me.status).toBe(200);
    expect((await me.json()).user.email).toBe('anna@example.lv');
  });

  test('a wrong password and an unknown email get identical answers', async () => {
    const wrong = await call(ctx, 'POST', '/v1/ogre/auth/login', { ...loginBody('anna@example.lv', 'not-the-password-at-all'), client: '198.51.100.7' });
    const unknown = await call(ctx, 'POST', '/v1/ogre/auth/login', { ...loginBody('nobody@example.lv', 'not-the-password-at-all'), client: '198.51.100.7' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(wrong.status);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a.error.code).toBe('invalid_credentials');
    expect(b).toEqual(a);
  });

  test('the same email in another tenant is another account', async () => {
    const here = await login(ctx, 'ogre', 'anna@example.lv');
    const there = await login(ctx, 'ludza', 'anna@example.lv');
    expect(here.user.id).not.toBe(there.user.id);
  });

  test('repeated failures lock the (email, client) pair with Retry-After, not other clients', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await call(ctx, 'POST', '/v1/ogre/auth/login', { ...loginBody('locked@example.lv', 'wrong-password-123'), client: '192.0.2.50' });
    }
    expect(last!.status).toBe(423);
    const retryAfter = Number(last!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    const body = await last!.json();
    expect(body.error.code).toBe('locked_out');
    expect(new Date(body.error.fields.retryAt).getTime()).toBe(ctx.clock.now().getTime() + retryAfter * 1000);

    // Even the right password is refused from that client while locked…
    const right = await call(ctx, 'POST', '/v1/ogre/auth/login', { ...loginBody('locked@example.lv'), client: '192.0.2.50' });
    expect(right.status).toBe(423);
    // …but the owner on another device gets in.
    const elsewhere = await call(ctx, 'POST', '/v1/ogre/auth/login', { ...loginBody('locked@example.lv'), client: '192.0.2.99' });
    expect(elsewhere.status).toBe(200);

    // The lock expires; failing again locks for longer.
    ctx.clock.advance(retryAfter * 1000 + 1000);
    for (let i = 0; i < 5; i++) {
      last = await call(ctx, 'POST', '/v1/ogre/auth/login', { ...loginBody('locked@example.lv', 'wrong-password-123'), client: '192.0.2.50' });
    }
    expect(last!.status).toBe(423);
    const second = Number(last!.headers.get('retry-after'));
    expect(second).toBeGreaterThan(retryAfter);

    // After that lock, the right password lets the owner in and clears the counter.
    ctx.clock.advance(second * 1000 + 1000);
    expect((await call(ctx, 'POST', '/v1/ogre/auth/login', { ...loginBody('locked@example.lv'), client: '192.0.2.50' })).status).toBe(200);
    const afterSuccess = await call(ctx, 'POST', '/v1/ogre/auth/login', { ...loginBody('locked@example.lv', 'wrong-password-123'), client: '192.0.2.50' });
    expect(afterSuccess.status).toBe(401);
  });

  test('unknown emails lock exactly like known ones', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await call(ctx, 'POST', '/v1/ogre/auth/login', { ...loginBody('ghost@example.lv', 'wrong-password-123'), client: '192.0.2.51' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
  });

  test('an attacker spread over many clients is capped per account', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 20; i++) {
      last = await call(ctx, 'POST', '/v1/ogre/auth/login', { ...loginBody('spread@example.lv', 'guess-' + i + '-password'), client: `10.9.${i}.1` });
    }
    expect(last!.status).toBe(423);
    const fresh = await call(ctx, 'POST', '/v1/ogre/auth/login', { ...loginBody('spread@example.lv'), client: '10.9.200.1' });
    expect(fresh.status).toBe(423);
    expect((await fresh.json()).error.code).toBe('locked_out');
  });
});

describe('refresh tokens', () => {
  test('refresh rotates the token, and reusing an old one revokes the whole session', async () => {
    const first = await login(ctx, 'ogre', 'rotate@example.lv');
    const rotated = await call(ctx, 'POST', '/v1/ogre/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(rotated.status).toBe(200);
    const second = await rotated.json();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: second.accessToken })).status).toBe(200);

    // A thief replays the old token: refused, and the session is gone for everyone.
    const replay = await call(ctx, 'POST', '/v1/ogre/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.code).toBe('invalid_refresh_token');
    expect((await call(ctx, 'POST', '/v1/ogre/auth/refresh', { body: { refreshToken: second.refreshToken } })).status).toBe(401);
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: second.accessToken })).status).toBe(401);
  });

  test('a refresh token of another tenant is refused', async () => {
    const there = await login(ctx, 'ludza', 'anna@example.lv');
    const response = await call(ctx, 'POST', '/v1/ogre/auth/refresh', { body: { refreshToken: there.refreshToken } });
    expect(response.status).toBe(401);
  });

  test('a session that is not remembered ends after its sliding lifetime', async () => {
    const tokens = await login(ctx, 'ogre', 'anna@example.lv');
    ctx.clock.advance(13 * 3600 * 1000);
    expect((await call(ctx, 'POST', '/v1/ogre/auth/refresh', { body: { refreshToken: tokens.refreshToken } })).status).toBe(401);
  });
});

describe('logout', () => {
  test('revokes the session: its access and refresh tokens stop working', async () => {
    const tokens = await login(ctx, 'ogre', 'anna@example.lv');
    const response = await call(ctx, 'POST', '/v1/ogre/auth/logout', { token: tokens.accessToken, body: { refreshToken: tokens.refreshToken } });
    expect(response.status).toBe(204);
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: tokens.accessToken })).status).toBe(401);
    expect((await call(ctx, 'POST', '/v1/ogre/auth/refresh', { body: { refreshToken: tokens.refreshToken } })).status).toBe(401);
  });

  test('works with only the refresh token (the access token has expired)', async () => {
    const tokens = await login(ctx, 'ogre', 'anna@example.lv');
    expect((await call(ctx, 'POST', '/v1/ogre/auth/logout', { body: { refreshToken: tokens.refreshToken } })).status).toBe(204);
    expect((await call(ctx, 'POST', '/v1/ogre/auth/refresh', { body: { refreshToken: tokens.refreshToken } })).status).toBe(401);
  });
});

describe('access tokens', () => {
  test('an expired access token answers 401', async () => {
    const tokens = await login(ctx, 'ogre', 'anna@example.lv', PASSWORD, true);
    ctx.clock.advance(5 * 60 * 1000 + 10_000);
    const response = await call(ctx, 'GET', '/v1/ogre/me', { token: tokens.accessToken });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('unauthorized');
  });

  test('a token that was accepted is refused once it expires, and on another tenant', async () => {
    const tokens = await login(ctx, 'ogre', 'anna@example.lv', PASSWORD, true);
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: tokens.accessToken })).status).toBe(200);
    expect((await call(ctx, 'GET', '/v1/ludza/me', { token: tokens.accessToken })).status).toBe(401);
    ctx.clock.advance(5 * 60 * 1000 - 10_000);
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: tokens.accessToken })).status).toBe(200);
    ctx.clock.advance(20_000);
    const response = await call(ctx, 'GET', '/v1/ogre/me', { token: tokens.accessToken });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('unauthorized');
  });

  test('a tampered access token answers 401', async () => {
    const tokens = await login(ctx, 'ogre', 'anna@example.lv');
    const [header, payload, signature] = tokens.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    claims.sub = '00000000-0000-0000-0000-000000000000';
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: forged })).status).toBe(401);
    const otherKey = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(40)));
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: otherKey })).status).toBe(401);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: none })).status).toBe(401);
  });

  test("another tenant's token answers 401", async () => {
    const there = await login(ctx, 'ludza', 'anna@example.lv');
    const response = await call(ctx, 'GET', '/v1/ogre/me', { token: there.accessToken });
    expect(response.status).toBe(401);
  });

  test('garbage in the Authorization header answers 401, never 500', async () => {
    for (const value of ['Bearer', 'Bearer ', 'Basic abc', 'Bearer a.b.c', `Bearer ${'x'.repeat(10_000)}`]) {
      const response = await ctx.app.request('/v1/ogre/me', { headers: { authorization: value } });
      expect(response.status, value.slice(0, 20)).toBe(401);
    }
  });
});

describe('forced password change', () => {
  test('a manager-created account must change its password; old sessions die', async () => {
    const first = await login(ctx, 'ogre', 'janis@example.lv');
    expect(first.user.mustChangePassword).toBe(true);
    const other = await login(ctx, 'ogre', 'janis@example.lv');

    const weak = await call(ctx, 'POST', '/v1/ogre/auth/password/change', {
      token: first.accessToken,
      body: { currentPassword: PASSWORD, newPassword: 'janis' },
    });
    expect(weak.status).toBe(422);
    const weakBody = await weak.json();
    expect(weakBody.error.code).toBe('password_rejected');
    expect(weakBody.error.fields.newPassword).toEqual(expect.arrayContaining(['too_short', 'contains_email']));

    const common = await call(ctx, 'POST', '/v1/ogre/auth/password/change', {
      token: first.accessToken,
      body: { currentPassword: PASSWORD, newPassword: 'qwerty123456' },
    });
    expect((await common.json()).error.fields.newPassword).toEqual(['common']);

    const wrongCurrent = await call(ctx, 'POST', '/v1/ogre/auth/password/change', {
      token: first.accessToken,
      body: { currentPassword: 'not-my-password', newPassword: 'Zaļā-Pļava-Ogrē-7' },
    });
    expect(wrongCurrent.status).toBe(400);
    expect((await wrongCurrent.json()).error.code).toBe('current_password_incorrect');

    const changed = await call(ctx, 'POST', '/v1/ogre/auth/password/change', {
      token: first.accessToken,
      body: { currentPassword: PASSWORD, newPassword: 'Zaļā-Pļava-Ogrē-7' },
    });
    expect(changed.status).toBe(200);
    const fresh = await changed.json();
    expect(fresh.user.mustChangePassword).toBe(false);

    // Every earlier session is gone; the new one works.
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: first.accessToken })).status).toBe(401);
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: other.accessToken })).status).toBe(401);
    expect((await call(ctx, 'POST', '/v1/ogre/auth/refresh', { body: { refreshToken: other.refreshToken } })).status).toBe(401);
    expect((await call(ctx, 'GET', '/v1/ogre/me', { token: fresh.accessToken })).status).toBe(200);

    expect((await call(ctx, 'POST', '/v1/ogre/auth/login', loginBody('janis@example.lv'))).status).toBe(401);
    const again = await login(ctx, 'ogre', 'janis@example.lv', 'Zaļā-Pļava-Ogrē-7');
    expect(again.user.mustChangePassword).toBe(false);
  });

  test('until the temporary password is changed, resident routes answer 403 password_change_required', async () => {
    const tokens = await login(ctx, 'ogre', 'temporary@example.lv');
    expect(tokens.user.mustChangePassword).toBe(true);
    const meters = await call(ctx, 'GET', `/v1/ogre/premises/${crypto.randomUUID()}/meters`, { token: tokens.accessToken });
    expect(meters.status).toBe(403);
    expect((await meters.json()).error.code).toBe('password_change_required');
    // /me still answers, so the widget can show the change form.
    const me = await call(ctx, 'GET', '/v1/ogre/me', { token: tokens.accessToken });
    expect((await me.json()).user.mustChangePassword).toBe(true);
  });

  test('an ordinary password change keeps the rules too', async () => {
    const tokens = await login(ctx, 'ogre', 'change@example.lv');
    const same = await call(ctx, 'POST', '/v1/ogre/auth/password/change', {
      token: tokens.accessToken,
      body: { currentPassword: PASSWORD, newPassword: PASSWORD },
    });
    expect((await same.json()).error.fields.newPassword).toContain('same_as_current');
    const tooLong = await call(ctx, 'POST', '/v1/ogre/auth/password/change', {
      token: tokens.accessToken,
      body: { currentPassword: PASSWORD, newPassword: 'a1-'.repeat(43) },
    });
    expect((await tooLong.json()).error.fields.newPassword).toEqual(['too_long']);
  });
});

describe('bad input never produces a 500', () => {
  const cases: Array<[string, Parameters<typeof call>[3], number, string]> = [
    ['missing fields', { body: {} }, 400, 'validation_failed'],
    ['wrong types', { body: { email: 42, password: ['x'], remember: 'yes' } }, 400, 'validation_failed'],
    ['not an email', { body: { email: 'anna', password: 'x' } }, 400, 'validation_failed'],
    ['a 1 MB password', { body: { email: 'anna@example.lv', password: 'x'.repeat(1024 * 1024) } }, 413, 'payload_too_large'],
    ['a 2 KB password', { body: { email: 'anna@example.lv', password: 'x'.repeat(2048) } }, 400, 'validation_failed'],
    ['non-JSON body', { rawBody: 'email=anna&password=x' }, 400, 'invalid_json'],
    ['JSON null', { rawBody: 'null' }, 400, 'validation_failed'],
    ['an array', { rawBody: '[1,2]' }, 400, 'validation_failed'],
    ['form content type', { rawBody: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
  ];
  for (const [name, options, status, code] of cases) {
    test(name, async () => {
      const response = await call(ctx, 'POST', '/v1/ogre/auth/login', { client: '198.51.100.200', ...options });
      expect(response.status).toBe(status);
      expect((await response.json()).error.code).toBe(code);
    });
  }

  test('missing fields are named, and wrong types say what was expected', async () => {
    const response = await call(ctx, 'POST', '/v1/ogre/auth/login', { body: { email: 'anna@example.lv' } });
    expect((await response.json()).error.fields).toEqual({ password: 'required' });
    const typed = await call(ctx, 'POST', '/v1/ogre/auth/login', { body: { email: 'anna@example.lv', password: 42 } });
    expect((await typed.json()).error.fields).toEqual({ password: 'expected_string' });
  });

  test('an internationalised domain logs in as its punycode form, in any case', async () => {
    await createUser(ctx.database, ogreId, 'ilze@xn--piemrs-s3a.lv');
    const response = await call(ctx, 'POST', '/v1/ogre/auth/login', { ...loginBody('Ilze@Piemērs.lv'), client: '198.51.100.202' });
    expect(response.status).toBe(200);
    expect((await response.json()).user.email).toBe('ilze@xn--piemrs-s3a.lv');
  });

  test('an unknown tenant answers 404 tenant_not_found', async () => {
    for (const slug of ['nope', 'UPPER', 'a'.repeat(300), '%00', '..']) {
      const response = await call(ctx, 'POST', `/v1/${slug}/auth/login`, loginBody('anna@example.lv'));
      expect(response.status, slug).toBe(404);
    }
    const response = await call(ctx, 'POST', '/v1/nope/auth/login', loginBody('anna@example.lv'));
    expect((await response.json()).error.code).toBe('tenant_not_found');
  });

  test('an unknown route answers a JSON 404', async () => {
    const response = await call(ctx, 'GET', '/v1/ogre/nothing-here');
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    ctx.app.request('/v1/ogre/auth/login', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });

  test('a listed origin is allowed, with a cached preflight', async () => {
    const response = await preflight('https://ogre.lv');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://ogre.lv');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
  });

  test('unlisted, null and look-alike origins get no Access-Control-Allow-Origin', async () => {
    for (const origin of ['https://evil-ogre.lv', 'null', 'https://ogre.lv.evil.com', 'http://ogre.lv', 'https://OGRE.lv', 'https://ogre.lv:8443']) {
      const response = await preflight(origin);
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
      const actual = await ctx.app.request('/v1/ogre/auth/login', {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(actual.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  test("another tenant's origin is not this tenant's", async () => {
    const response = await ctx.app.request('/v1/ludza/auth/login', {
      method: 'OPTIONS',
      headers: { origin: 'https://ogre.lv', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('error answers carry the CORS headers, so the widget can read the code', async () => {
    const response = await ctx.app.request('/v1/ogre/auth/login', {
      method: 'POST',
      headers: { origin: 'https://ogre.lv', 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.201' },
      body: JSON.stringify({ email: 'anna@example.lv', password: 'wrong-password-1' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://ogre.lv');
    expect(response.headers.get('access-control-expose-headers')).toContain('retry-after');
  });
});

describe('row-level security', () => {
  test('a query that forgets its tenant filter still sees only its tenant', async () => {
    const emails = await ctx.database.withTenant(ogreId, async (trx) => trx.selectFrom('users').select(['email', 'tenant_id']).execute());
    expect(emails.length).toBeGreaterThan(0);
    expect(new Set(emails.map((e) => e.tenant_id))).toEqual(new Set([ogreId]));
    // The owner connection sees both tenants' Annas, so the filter above was RLS, not the data.
    const all = await ctx.database.db.selectFrom('users').select('tenant_id').where('email', '=', 'anna@example.lv').execute();
    expect(all).toHaveLength(2);
  });
});
