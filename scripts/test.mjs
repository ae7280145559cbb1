// `npm test`: every suite, in order, then one line `N passed, N failed` summing them all.
//   1. server (vitest) on embedded PGlite, and again on Postgres when TEST_DATABASE_URL is set;
//   2. widgets (@web/test-runner, real Chromium) against a real server with the demo data;
//   3. end to end (vitest + Playwright): the demo site in Chromium, and the Deno entry.
// Suites can be picked: `npm test -- server widgets e2e`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';

const RESULTS = '.test-results';
rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

const picked = new Set(process.argv.slice(2));
const wants = (suite) => picked.size === 0 || picked.has(suite);
const totals = [];

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function vitestCounts(file, label) {
  if (!existsSync(file)) return { label, passed: 0, failed: 1, note: 'no results (the runner crashed)' };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // A file that fails to load has no tests in it; count it as one failure so it cannot hide.
  const brokenFiles = report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
  // The names of what failed, printed again in the summary: a CI log keeps only its tail.
  const failures = report.testResults.flatMap((r) =>
    r.status === 'failed' && r.assertionResults.length === 0
      ? [`${r.name}: ${String(r.message ?? '').split('\n')[0]}`]
      : r.assertionResults.filter((a) => a.status === 'failed').map((a) => `${r.name} > ${a.fullName}: ${String(a.failureMessages?.[0] ?? '').split('\n')[0]}`),
  );
  return { label, passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles, failures };
}

function vitest(label, config, env) {
  const out = `${RESULTS}/${label}.json`;
  const status = run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], env);
  const counts = vitestCounts(out, label);
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  totals.push(counts);
}

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, child, seconds = 90) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      if ((await fetch(url)).ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

if (run(process.execPath, ['scripts/build.mjs']) !== 0) {
  console.log('build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (wants('server')) {
  vitest('server-pglite', 'vitest.config.ts', { DOORSTEP_TEST_DB: 'pglite' });
  if (process.env.TEST_DATABASE_URL) vitest('server-postgres', 'vitest.config.ts', { DOORSTEP_TEST_DB: 'postgres' });
  else console.log('TEST_DATABASE_URL is not set: the server suite ran on PGlite only.');
}

if (wants('widgets') && existsSync('web-test-runner.config.mjs')) {
  const apiPort = await freePort();
  const wtrPort = Number(process.env.WTR_PORT ?? 8790);
  const server = spawn(process.execPath, ['server/dist/main.js'], {
    env: {
      ...process.env,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      DATABASE_URL: '',
      DOORSTEP_DATA_DIR: 'memory://',
      DOORSTEP_SEED: 'demo',
      DEMO_EXTRA_ORIGINS: `http://localhost:${wtrPort}`,
      // The widget tests' demo has no strong-login buttons (owner-login-strong.test.ts brings its own provider).
      DOORSTEP_DEMO_BANK: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const api = `http://127.0.0.1:${apiPort}`;
  if (!(await waitFor(`${api}/healthz`, server))) {
    totals.push({ label: 'widgets', passed: 0, failed: 1, note: 'the API server did not start' });
  } else {
    const status = run(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'], {
      DOORSTEP_TEST_API: api,
      WTR_PORT: String(wtrPort),
    });
    const file = `${RESULTS}/widgets.json`;
    const counts = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { passed: 0, failed: 1 };
    if (status !== 0 && counts.failed === 0) counts.failed = 1;
    totals.push({ label: 'widgets', passed: counts.passed, failed: counts.failed });
  }
  server.kill('SIGINT');
}

if (wants('e2e')) vitest('e2e', 'vitest.e2e.config.ts', {});

console.log('\nSuites:');
for (const t of totals) {
  console.log(`  ${t.label}: ${t.passed} passed, ${t.failed} failed${t.note ? ` (${t.note})` : ''}`);
  for (const failure of t.failures ?? []) console.log(`    failed: ${failure.replace(process.cwd() + '/', '').slice(0, 300)}`);
}
const passed = totals.reduce((n, t) => n + t.passed, 0);
const failed = totals.reduce((n, t) => n + t.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
