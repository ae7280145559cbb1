import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type RunningServer } from './support/server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer('deno', { DOORSTEP_DATA_DIR: 'memory://', DOORSTEP_SEED: 'demo' });
});
afterAll(() => server?.stop());

test('the Deno entry answers /healthz', async () => {
  const response = await fetch(`${server.url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', database: 'pglite' });
});

test('the Deno entry logs a demo resident in and refuses a wrong password', async () => {
  const post = (password: string) =>
    fetch(`${server.url}/v1/demo/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'anna@example.lv', password }),
    });
  const ok = await post('Parole-2026!');
  expect(ok.status).toBe(200);
  const tokens = await ok.json();
  const me = await fetch(`${server.url}/v1/demo/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
  expect((await me.json()).premises.map((p: { label: string }) => p.label)).toContain('Malkalnes prospekts 3-111');
  const wrong = await post('not-the-password');
  expect(wrong.status).toBe(401);
});
