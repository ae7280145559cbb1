// Notices, documents and contact: how fast the resident's reads are with the demo data, what an
// upload and a download of a 1 MB file cost, and how large the three widgets are in the bundle.
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { fmt, measure, startBuiltServer } from './support.mjs';

const server = await startBuiltServer();
const api = `${server.url}/v1/demo`;
const json = (r) => r.json();
const { accessToken } = await fetch(`${api}/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'anna@example.lv', password: 'Parole-2026!' }),
}).then(json);
const auth = { authorization: `Bearer ${accessToken}` };
const me = await fetch(`${api}/me`, { headers: auth }).then(json);
const premise = me.premises.find((p) => p.accountNumber === '12345').id;
const get = (path) => () => fetch(`${api}${path}`, { headers: auth }).then((r) => r.arrayBuffer());

const documents = await fetch(`${api}/premises/${premise}/documents`, { headers: auth }).then(json);
const document = documents.documents.find((d) => !d.locked);

await measure(get(`/notices?premise=${premise}`), { count: 100, concurrency: 4 }); // warm-up: JIT and query plans
console.log(`GET notices?premise (5 notices):        ${fmt(await measure(get(`/notices?premise=${premise}`), { count: 400, concurrency: 8 }))}`);
console.log(`GET premises/:id/documents:             ${fmt(await measure(get(`/premises/${premise}/documents`), { count: 400, concurrency: 8 }))}`);
console.log(`GET premises/:id/threads:               ${fmt(await measure(get(`/premises/${premise}/threads`), { count: 400, concurrency: 8 }))}`);
console.log(`GET a document's file (${(document.file.sizeBytes / 1024).toFixed(1)} KiB PDF):      ${fmt(await measure(get(`/premises/${premise}/documents/${document.id}/file`), { count: 400, concurrency: 8 }))}`);

const megabyte = new Uint8Array(1024 * 1024);
megabyte.set(new TextEncoder().encode('%PDF-1.4\n'));
let n = 0;
const upload = () => {
  const form = new FormData();
  form.append('subject', `Bench ${n++}`);
  form.append('body', 'Pielikumā skenēts dokuments.');
  form.append('notifyByEmail', 'false');
  form.append('file', new Blob([megabyte], { type: 'application/pdf' }), 'scan.pdf');
  return fetch(`${api}/premises/${premise}/threads`, { method: 'POST', headers: auth, body: form }).then((r) => r.arrayBuffer());
};
console.log(`POST a thread with a 1 MiB attachment:  ${fmt(await measure(upload, { count: 40, concurrency: 2 }))}`);
const tooLarge = () => {
  const form = new FormData();
  form.append('subject', 'x');
  form.append('body', 'x');
  form.append('file', new Blob([new Uint8Array(30 * 1024 * 1024)]), 'big.pdf');
  return fetch(`${api}/premises/${premise}/threads`, { method: 'POST', headers: auth, body: form }).then((r) => r.arrayBuffer());
};
console.log(`POST a 30 MiB upload (refused, 413):    ${fmt(await measure(tooLarge, { count: 10, concurrency: 1 }))}`);
await server.stop();

// What the three widgets add to the bundle: each bundled alone minus the core they share.
const size = async (entry) => {
  const out = await build({ entryPoints: [entry], bundle: true, minify: true, write: false, format: 'esm', external: ['lit', 'lit/*', '@lit/*'] });
  const bytes = out.outputFiles[0].contents;
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
};
if (existsSync('widgets/notice-feed/define.ts')) {
  const core = await size('widgets/core/base-element.ts');
  for (const name of ['notice-feed', 'house-documents', 'manager-contact']) {
    const s = await size(`widgets/${name}/define.ts`);
    console.log(`<${name}> own code (minified, without lit and the core): ${((s.raw - core.raw) / 1024).toFixed(1)} KiB, gzip ~${((s.gzip - core.gzip) / 1024).toFixed(1)} KiB`);
  }
}
const bundle = 'widgets/dist/doorstep.js';
if (existsSync(bundle)) console.log(`whole widget bundle: ${(readFileSync(bundle).length / 1024).toFixed(1)} KiB, gzip ${(gzipSync(readFileSync(bundle)).length / 1024).toFixed(1)} KiB`);
