// Login figures: a known and an unknown email must take the same time (the dummy hash), and the
// size of the widget loader (what each element costs: widgets.bench.mjs).
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { fmt, measure, startBuiltServer } from './support.mjs';

const server = await startBuiltServer();
const login = (email, password, i) =>
  fetch(`${server.url}/v1/demo/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.${i % 250}.${(i >> 8) % 250}` },
    body: JSON.stringify({ email, password }),
  }).then((r) => r.arrayBuffer());

let i = 0;
const known = await measure(() => login('peteris@example.lv', 'wrong-password-' + i, i++), { count: 60, concurrency: 2 });
const unknown = await measure(() => login('nobody-' + i + '@example.lv', 'wrong-password', i++), { count: 60, concurrency: 2 });
const success = await measure(() => login('anna@example.lv', 'Parole-2026!', i++), { count: 40, concurrency: 2 });
console.log(`login, wrong password (known email):   ${fmt(known)}`);
console.log(`login, unknown email:                  ${fmt(unknown)}`);
console.log(`login, success:                        ${fmt(success)}`);
console.log(`median difference known vs unknown: ${(known.p50 - unknown.p50).toFixed(1)} ms`);
await server.stop();

const bundle = 'widgets/dist/doorstep.js';
if (existsSync(bundle)) {
  const bytes = readFileSync(bundle);
  console.log(`widget loader ${bundle}: ${(bytes.length / 1024).toFixed(1)} KiB, gzip ${(gzipSync(bytes).length / 1024).toFixed(1)} KiB`);
}
