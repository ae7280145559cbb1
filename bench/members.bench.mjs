// Members figures: GET /me (what every page load asks first), a premise's household users, an
// invitation lookup (a public route), and the size of the three member widgets.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fmt, measure, startBuiltServer } from './support.mjs';

const server = await startBuiltServer();
const api = `${server.url}/v1/demo`;
const json = { 'content-type': 'application/json' };
const { accessToken } = await (
  await fetch(`${api}/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'anna@example.lv', password: 'Parole-2026!' }) })
).json();
const auth = { authorization: `Bearer ${accessToken}` };
const me = await (await fetch(`${api}/me`, { headers: auth })).json();
const premiseId = me.premises[0].id;

const meFigures = await measure(() => fetch(`${api}/me`, { headers: auth }).then((r) => r.arrayBuffer()), { count: 500, concurrency: 10 });
const members = await measure(() => fetch(`${api}/premises/${premiseId}/members`, { headers: auth }).then((r) => r.arrayBuffer()), { count: 500, concurrency: 10 });
const lookup = await measure(
  () => fetch(`${api}/invitations/lookup`, { method: 'POST', headers: json, body: JSON.stringify({ token: 'no-such-token' }) }).then((r) => r.arrayBuffer()),
  { count: 500, concurrency: 10 },
);
console.log(`GET /me (2 addresses):                 ${fmt(meFigures)}`);
console.log(`GET /premises/{id}/members:            ${fmt(members)}`);
console.log(`POST /invitations/lookup (unknown):    ${fmt(lookup)}`);
await server.stop();

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith('.js') ? [full] : [];
  });
}
for (const widget of ['address-switcher', 'household-users', 'invitation-accept']) {
  const files = filesUnder(`widgets/dist/${widget}`);
  if (files.length === 0) continue;
  const source = Buffer.concat(files.map((f) => readFileSync(f)));
  console.log(`<${widget}> module files: ${(source.length / 1024).toFixed(1)} KiB, gzip ${(gzipSync(source).length / 1024).toFixed(1)} KiB (unminified, without lit and the core)`);
}
