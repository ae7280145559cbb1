// Scripted check (issue #22): the Deno entry (server/main.deno.ts, run by the `deno` devDependency)
// with DOORSTEP_FILES=s3 against an s3rver bucket: stores a PDF through the admin API and reads it
// back byte for byte. Prints OK or why not; exit code 1 on failure.
//   node scripts/deno-s3-check.mjs
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

const OPERATOR = 'deno-check-operator-token-0123456789abcdef';
const directory = await mkdtemp(join(tmpdir(), 'doorstep-deno-s3-'));
const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: 'doorstep-deno', configs: [] }] });
const { port: s3Port } = await s3.run();
const port = 18000 + Math.floor(Math.random() * 1000);
const env = {
  ...process.env, PORT: String(port), HOST: '127.0.0.1', DOORSTEP_DATA_DIR: 'memory://', DOORSTEP_SEED: 'demo', LOG_LEVEL: 'warn',
  DOORSTEP_OPERATOR_TOKEN: OPERATOR, DOORSTEP_FILES: 's3', S3_ENDPOINT: `http://127.0.0.1:${s3Port}`, S3_BUCKET: 'doorstep-deno',
  S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true',
};
const deno = spawn('npx', ['deno', 'run', '--allow-net', '--allow-env', '--allow-read', '--allow-write', '--allow-ffi', '--allow-sys', 'server/main.deno.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
deno.stdout.on('data', (d) => (output += d));
deno.stderr.on('data', (d) => (output += d));
let failed = false;
try {
  const started = Date.now();
  while (!/listening/.test(output)) {
    if (deno.exitCode !== null) throw new Error(`the Deno entry exited (${deno.exitCode}):\n${output}`);
    if (Date.now() - started > 300_000) throw new Error(`the Deno entry did not listen within 300 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const url = `http://127.0.0.1:${port}`;
  const op = { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' };
  const key = await (await fetch(`${url}/v1/operator/tenants/demo/keys`, { method: 'POST', headers: op, body: JSON.stringify({ name: 'deno', scopes: ['read', 'write'] }) })).json();
  const auth = { authorization: `Bearer ${key.secret}` };
  const buildings = await (await fetch(`${url}/v1/demo/admin/buildings?limit=1`, { headers: auth })).json();
  const pdf = new Uint8Array(6 * 1024 * 1024 + 123).fill(0x20);
  pdf.set(new TextEncoder().encode('%PDF-1.4\n'));
  const form = new FormData();
  form.set('document', JSON.stringify({ buildingRef: buildings.items[0].externalRef, category: 'report', title: 'Deno', date: '2026-03-31' }));
  form.set('file', new Blob([pdf], { type: 'application/pdf' }), 'deno.pdf');
  const created = await fetch(`${url}/v1/demo/admin/documents`, { method: 'POST', headers: auth, body: form });
  if (created.status !== 201) throw new Error(`upload answered ${created.status}: ${await created.text()}`);
  const id = (await created.json()).item.id;
  const back = new Uint8Array(await (await fetch(`${url}/v1/demo/admin/documents/${id}/file`, { headers: auth })).arrayBuffer());
  if (Buffer.compare(Buffer.from(back), Buffer.from(pdf)) !== 0) throw new Error(`read back ${back.byteLength} bytes, not the ${pdf.byteLength} stored`);
  console.log(`OK: the Deno entry stored a ${pdf.byteLength}-byte PDF in the s3rver bucket (multipart) and read it back intact`);
} catch (error) {
  failed = true;
  console.log(`FAILED: ${error.message}`);
} finally {
  deno.kill('SIGTERM');
  await s3.close();
  await rm(directory, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
