// Shared bench plumbing: start the built server on a free port, and measure a request loop.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts server/dist/main.js with the demo data; resolves to { url, stop }. */
export async function startBuiltServer(env = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, ['server/dist/main.js'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DOORSTEP_DATA_DIR: 'memory://', DOORSTEP_SEED: 'demo', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGINT'))) };
}

/** Runs `count` calls of `fn` with `concurrency` in flight; returns throughput and latency percentiles. */
export async function measure(fn, { count = 500, concurrency = 10 } = {}) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const t = performance.now();
        await fn();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { rps: count / seconds, p50: pct(50), p99: pct(99) };
}

export const fmt = (m) => `${m.rps.toFixed(0).padStart(6)} req/s   p50 ${m.p50.toFixed(1).padStart(6)} ms   p99 ${m.p99.toFixed(1).padStart(6)} ms`;
