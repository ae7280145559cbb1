// File store figures (issue #22): upload and download throughput of a 10 MB PDF and the server's
// peak RSS while doing it, on each driver — `postgres` (bytes in the row, embedded PGlite) and `s3`
// (an s3rver bucket on this machine, through the AWS SDK) — and invoice-sized PDFs (26 KB).
// The server is the built one (server/dist/main.js) with the demo data; the peak is the process's
// VmHWM, reset (clear_refs) before each phase, so it is that phase's peak. Figures only.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import S3rver from 's3rver';
import { startBuiltServer } from './support.mjs';

const MB = 1024 * 1024;
// Invoice-sized PDFs per driver: 1,000 is the figure (BENCH_FILES_SMALL to change it).
const SMALL = Number(process.env.BENCH_FILES_SMALL ?? 1000);
const OPERATOR = 'bench-operator-token-0123456789abcdef0123';
const pdfOfSize = (size) => {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set(new TextEncoder().encode('%PDF-1.4\n'), 0);
  bytes.set(new TextEncoder().encode('\n%%EOF\n'), size - 7);
  return bytes;
};
const status = (pid, field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
const resetPeak = async (pid) => writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => undefined);

async function run(driver, bucket) {
  const env = { DOORSTEP_OPERATOR_TOKEN: OPERATOR, LOG_LEVEL: 'error' };
  if (driver === 's3') Object.assign(env, { DOORSTEP_FILES: 's3', ...bucket });
  const server = await startBuiltServer(env);
  try {
    const op = { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' };
    const key = await (await fetch(`${server.url}/v1/operator/tenants/demo/keys`, { method: 'POST', headers: op, body: JSON.stringify({ name: 'bench', scopes: ['read', 'write'] }) })).json();
    const auth = { authorization: `Bearer ${key.secret}` };
    const buildings = await (await fetch(`${server.url}/v1/demo/admin/buildings?limit=1`, { headers: auth })).json();
    const buildingRef = buildings.items[0].externalRef;
    const upload = async (bytes, title) => {
      const form = new FormData();
      form.set('document', JSON.stringify({ buildingRef, category: 'report', title, date: '2026-03-31' }));
      form.set('file', new Blob([bytes], { type: 'application/pdf' }), `${title}.pdf`);
      const response = await fetch(`${server.url}/v1/demo/admin/documents`, { method: 'POST', headers: auth, body: form });
      if (response.status !== 201) throw new Error(`upload ${response.status} ${await response.text()}`);
      return (await response.json()).item.id;
    };
    const download = async (id) => {
      const response = await fetch(`${server.url}/v1/demo/admin/documents/${id}/file`, { headers: auth });
      let n = 0;
      for await (const chunk of response.body) n += chunk.byteLength;
      return n;
    };

    const big = pdfOfSize(10 * MB);
    const idleRss = status(server.pid, 'VmRSS');
    await resetPeak(server.pid);
    let t = performance.now();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await upload(big, `big-${i}`));
    const upMs = performance.now() - t;
    const upPeak = status(server.pid, 'VmHWM');
    const mbps = (b, ms) => ((b / MB) / (ms / 1000)).toFixed(1).padStart(6);
    console.log(`${driver.padEnd(8)} 10 MB upload   ×5   ${mbps(5 * big.byteLength, upMs)} MB/s   peak RSS ${upPeak.toFixed(0)} MB (idle ${idleRss.toFixed(0)} MB)`);

    await resetPeak(server.pid);
    t = performance.now();
    let bytes = 0;
    for (let round = 0; round < 2; round++) for (const id of ids) bytes += await download(id);
    const downMs = performance.now() - t;
    const downPeak = status(server.pid, 'VmHWM');
    console.log(`${driver.padEnd(8)} 10 MB download ×10  ${mbps(bytes, downMs)} MB/s   peak RSS ${downPeak.toFixed(0)} MB`);

    await resetPeak(server.pid);
    t = performance.now();
    const concurrent = await Promise.all(Array.from({ length: 10 }, (_, i) => download(ids[i % ids.length])));
    const concMs = performance.now() - t;
    const concPeak = status(server.pid, 'VmHWM');
    console.log(`${driver.padEnd(8)} 10 MB download 10 at once ${mbps(concurrent.reduce((a, b) => a + b, 0), concMs)} MB/s   peak RSS ${concPeak.toFixed(0)} MB`);

    const small = pdfOfSize(26 * 1024);
    await resetPeak(server.pid);
    t = performance.now();
    const smallIds = [];
    for (let i = 0; i < SMALL; i++) smallIds.push(await upload(small, `inv-${i}`));
    const smallUpMs = performance.now() - t;
    const smallUpPeak = status(server.pid, 'VmHWM');
    await resetPeak(server.pid);
    t = performance.now();
    for (const id of smallIds) await download(id);
    const smallDownMs = performance.now() - t;
    const smallDownPeak = status(server.pid, 'VmHWM');

    console.log(
      `${driver.padEnd(8)} ${SMALL} × 26 KB upload ${(SMALL / (smallUpMs / 1000)).toFixed(0).padStart(5)} files/s ${mbps(SMALL * small.byteLength, smallUpMs)} MB/s peak RSS ${smallUpPeak.toFixed(0)} MB` +
        ` | download ${(SMALL / (smallDownMs / 1000)).toFixed(0).padStart(5)} files/s ${mbps(SMALL * small.byteLength, smallDownMs)} MB/s peak RSS ${smallDownPeak.toFixed(0)} MB`,
    );
  } finally {
    await server.stop();
  }
}

const load = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
console.log('Goal (issue #22): upload and download MB/s and peak RSS for a 10 MB file and for 1,000 invoice PDFs on each driver,');
console.log('with memory per upload and per download bounded whatever the file size (peak RSS should not grow with the file).');
console.log(`load before: ${load()}`);
const directory = await mkdtemp(join(tmpdir(), 'doorstep-bench-s3-'));
const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: 'doorstep-bench', configs: [] }] });
const { port } = await s3.run();
try {
  await run('postgres');
  await run('s3', { S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_BUCKET: 'doorstep-bench', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true' });
} finally {
  await s3.close();
  await rm(directory, { recursive: true, force: true });
}
console.log(`load after:  ${load()}`);
console.log('(s3rver stores objects on the local disk in this process: the s3 figures measure the driver and the streaming, not a real bucket\'s network)');
