#!/usr/bin/env node
/**
 * How long the bulk import takes a manager's whole portfolio, through the real route of the built
 * server (POST /v1/{tenant}/admin/imports/{kind}, the file streamed as the request body):
 *
 *   premises  100 000 premises with 200 000 meters (one CSV row per meter: 200 000 rows)
 *   readings  two years of monthly history for every meter: 4 800 000 rows
 *
 * on Postgres (goal: both in ≤ 60 s), then each file again (everything unchanged), and on embedded
 * PGlite at a fiftieth of the size, labelled as such. Prints rows per second and seconds. Figures
 * only: nothing here passes or fails.
 *
 *   npm run bench -- import             (builds first, then runs this file)
 *   node bench/import.bench.mjs         (after `npm run build`)
 *
 * Environment: BENCH_IMPORT_PREMISES (default 100000; two meters each, 24 readings a meter),
 * BENCH_DATABASE_URL or TEST_DATABASE_URL (a Postgres server where databases may be created;
 * default postgres://postgres@127.0.0.1:5432/test). Without a reachable Postgres the Postgres rows
 * are skipped.
 */
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { startBuiltServer, createBenchDatabase, cpuSeconds, BENCH_ADMIN_URL } from './support.mjs';

const ADMIN_URL = BENCH_ADMIN_URL;
const PREMISES = Number(process.env.BENCH_IMPORT_PREMISES ?? 100_000);
const OPERATOR_TOKEN = 'bench-operator-token-0123456789abcdefghij';
const PERIODS = 24;

/** A file generated as it is sent, never whole in memory: `lines(i)` for i in [0, count). */
function streamedFile(header, count, line) {
  let i = 0;
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      if (i === 0 && header) controller.enqueue(encoder.encode(`${header}\n`));
      if (i >= count) return controller.close();
      const end = Math.min(count, i + 5000);
      let text = '';
      for (; i < end; i++) text += `${line(i)}\n`;
      controller.enqueue(encoder.encode(text));
    },
  });
}

function premisesFile(premises) {
  return streamedFile(
    'building_ref;building_address;building_city;premise_ref;premise_label;account_number;area_m2;customer_ref;customer_name;meter_ref;meter_kind;meter_serial;meter_location;meter_verification_due',
    premises * 2,
    (row) => {
      const p = row >> 1;
      const b = Math.floor(p / 50);
      const hot = row & 1;
      return `B${b};Bench iela ${b};Ogre;P${p};Bench iela ${b}-${p % 50};A${p};${40 + (p % 30)},5;C${p};Klients ${p};M${row};${hot ? 'hot_water' : 'cold_water'};S${row};Vannas istaba;2030-01-01`;
    },
  );
}

function readingsFile(meters) {
  const period = (n) => `${2024 + Math.floor((4 + n) / 12)}-${String(((4 + n) % 12) + 1).padStart(2, '0')}`;
  return streamedFile('meter_ref;period;value', meters * PERIODS, (row) => {
    const meter = Math.floor(row / PERIODS);
    const n = row % PERIODS;
    return `M${meter};${period(n)};${n * 3 + (meter % 7)},${String(meter % 1000).padStart(3, '0')}`;
  });
}

/** The goal of issue #11: premises and readings of 100 000 premises together in ≤ 60 s on Postgres. */
const GOAL = 'goal: premises + readings of 100k premises ≤ 60 s (Postgres)';

/** The server's connections, told apart from the bench's own in pg_stat_activity. */
const APPLICATION = 'doorstep-import-bench';
let benchDatabase;

/**
 * CPU seconds the server's Postgres backends used while `work` ran (when Postgres runs on this
 * machine; else NaN). Sampled every 200 ms by pid, so a backend that the pool closes on the way
 * still counts with its last sample.
 */
async function backendCpuDuring(work) {
  if (!benchDatabase) return { result: await work(), postgresCpu: Number.NaN };
  const first = new Map();
  const last = new Map();
  let local = true;
  let initial = true;
  const sample = async () => {
    const { rows } = await benchDatabase.query(`select pid from pg_stat_activity where application_name = $1`, [APPLICATION]);
    for (const { pid } of rows) {
      let cpu = Number.NaN;
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) cpu = cpuSeconds(pid);
      } catch {
        // gone already, or not on this machine
      }
      if (Number.isNaN(cpu)) {
        local &&= last.has(pid);
        continue;
      }
      // Backends present at the start count from their CPU then; ones opened later from zero.
      if (!first.has(pid)) first.set(pid, initial ? cpu : 0);
      last.set(pid, cpu);
    }
  };
  await sample();
  initial = false;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await sample().catch(() => {});
    }
  })();
  try {
    return { result: await work(), get postgresCpu() {
      let total = 0;
      for (const [pid, cpu] of last) total += cpu - (first.get(pid) ?? 0);
      return local && last.size > 0 ? total : Number.NaN;
    } };
  } finally {
    sampling = false;
    await sampler;
    await sample().catch(() => {});
  }
}

async function timedImport(server, tenant, key, kind, body, rows) {
  const url = server.url;
  const cpuBefore = cpuSeconds(server.pid);
  const started = performance.now();
  const measured = await backendCpuDuring(async () => {
    const response = await fetch(`${url}/v1/${tenant}/admin/imports/${kind}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
    });
    return { response, report: await response.json() };
  });
  const { response, report } = measured.result;
  const seconds = (performance.now() - started) / 1000;
  const serverCpu = cpuSeconds(server.pid) - cpuBefore;
  const postgresCpu = measured.postgresCpu;
  if (response.status !== 200) throw new Error(`${kind}: ${response.status} ${JSON.stringify(report).slice(0, 500)}`);
  return { seconds, rows, report, serverCpu, postgresCpu, load: os.loadavg()[0] };
}

/**
 * One figure: wall time and rows/s, the server process's own CPU per row (which a busy machine
 * moves much less than the wall time; the Postgres side is the rest), the load average at the end
 * (`uptime`'s first number) and the goal beside it.
 */
function line(label, { seconds, rows, report, serverCpu, postgresCpu, load }) {
  const what = `created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}`;
  const cpu =
    (Number.isNaN(serverCpu) ? '' : `  server CPU ${((serverCpu * 1e6) / rows).toFixed(1)} µs/row`) +
    (Number.isNaN(postgresCpu) ? '' : `  Postgres CPU ${((postgresCpu * 1e6) / rows).toFixed(1)} µs/row`);
  console.log(`  ${label.padEnd(34)} ${String(rows).padStart(9)} rows  ${seconds.toFixed(1).padStart(7)} s  ${Math.round(rows / seconds).toString().padStart(8)} rows/s${cpu}  load ${load.toFixed(1)}   ${what}   (${GOAL})`);
}

async function run(label, env, premises) {
  const server = await startBuiltServer({ DOORSTEP_SEED: 'none', DOORSTEP_OPERATOR_TOKEN: OPERATOR_TOKEN, NODE_ENV: 'production', JWT_SECRET: 'bench-secret-0123456789abcdefghijklmnop', DOORSTEP_PERSONAL_CODE_KEY: 'bench-personal-code-key-0123456789abcdef', DOORSTEP_ENCRYPTION_KEY: 'bench-encryption-key-0123456789abcdefgh', ...env });
  try {
    const created = await fetch(`${server.url}/v1/operator/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'bench', name: 'Bench Namsaimnieks', allowedOrigins: [] }),
    });
    if (created.status !== 201) throw new Error(`tenant: ${created.status} ${await created.text()}`);
    const { apiKey } = await created.json();
    const meters = premises * 2;
    console.log(`${label}: ${premises} premises, ${meters} meters, ${meters * PERIODS} readings (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the start, ${os.cpus().length} CPUs)`);
    const first = await timedImport(server, 'bench', apiKey.secret, 'premises', premisesFile(premises), meters);
    line('premises (one row per meter)', first);
    const history = await timedImport(server, 'bench', apiKey.secret, 'readings', readingsFile(meters), meters * PERIODS);
    line('readings (history)', history);
    console.log(`  ${'both'.padEnd(34)} ${''.padStart(14)} ${(first.seconds + history.seconds).toFixed(1).padStart(7)} s  load ${os.loadavg()[0].toFixed(1)}   (${GOAL}${premises === 100_000 ? '' : `; this run is ${premises} premises`})`);
    if (premises !== 100_000) {
      // Linear in the rows: the sorts grow a little faster, the fixed costs do not grow at all.
      const scale = 100_000 / premises;
      const wall = (first.seconds + history.seconds) * scale;
      const cpu = (run) => (run.serverCpu + run.postgresCpu) * scale;
      const both = cpu(first) + cpu(history);
      console.log(
        `  ${'100k premises, EXTRAPOLATED'.padEnd(34)} ${''.padStart(14)} ${wall.toFixed(1).padStart(7)} s at this load` +
          (Number.isNaN(both) ? '' : `; CPU server + Postgres ${both.toFixed(1)} s → on an idle 2-core machine ≈ ${(both / 2).toFixed(1)}–${both.toFixed(1)} s`) +
          `   (goal ≤ 60 s; linear from ${premises} premises, not measured)`,
      );
    }
    if (process.env.BENCH_IMPORT_KEEP) return;
    line('premises again (all unchanged)', await timedImport(server, 'bench', apiKey.secret, 'premises', premisesFile(premises), meters));
    line('readings again (all unchanged)', await timedImport(server, 'bench', apiKey.secret, 'readings', readingsFile(meters), meters * PERIODS));
  } finally {
    await server.stop();
  }
}


/**
 * BENCH_IMPORT_DATABASE_URL: an empty database made by the caller (kept), instead of one created
 * and dropped here; the PGlite run is then skipped (one figure at a time, e.g. before/after).
 */
const given = process.env.BENCH_IMPORT_DATABASE_URL;
async function givenDatabase(url) {
  const pgModule = await import('pg');
  const pg = pgModule.default ?? pgModule;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { url, query: (text, values) => client.query(text, values), drop: () => client.end() };
}

const database = given ? await givenDatabase(given) : await createBenchDatabase('import');
if (database) {
  try {
    benchDatabase = database;
    const url = new URL(database.url);
    url.searchParams.set('application_name', APPLICATION);
    await run('Postgres', { DATABASE_URL: url.toString() }, PREMISES);
    benchDatabase = undefined;
  } finally {
    if (process.env.BENCH_IMPORT_KEEP) console.log(`kept the database: ${database.url}`);
    else await database.drop();
  }
} else {
  console.log(`Postgres: not reachable at ${ADMIN_URL}, skipped`);
}
if (!process.env.BENCH_IMPORT_KEEP && !given) await run('PGlite (embedded), at 1/50 of the size', { DATABASE_URL: '', DOORSTEP_DATA_DIR: 'memory://' }, Math.max(1, Math.round(PREMISES / 50)));
