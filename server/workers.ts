/**
 * @module
 * `DOORSTEP_WORKERS=N` (Node, Postgres only): the process forks N workers with node:cluster that
 * share the listening port, so a node with N cores runs N event loops. One Node process was the
 * ceiling of a 2-core node under the evening's load (issue #16: ~1.9 ms of CPU per request in Node
 * against 0.8 ms in Postgres).
 *
 * What makes it safe is what already makes two instances on one database safe
 * (tests/e2e/two-instances.test.ts): migrations take an advisory lock, sessions, lockouts and rate
 * limits live in the database, and the job runner and the outbox claim their rows with
 * `FOR UPDATE SKIP LOCKED`, so each job runs once whichever worker claims it. The rest is here:
 * - the first worker starts alone (migrations, the demo seed, the deployment secret files), the
 *   others once it listens;
 * - one access-token key for all: JWT_SECRET, or without it one random key made here and handed
 *   to every worker (valid, as with one process, until this process restarts);
 * - a worker that dies is replaced; SIGINT/SIGTERM stop every worker (each finishes its requests).
 * The embedded PGlite belongs to one process: without DATABASE_URL the setting is refused.
 */
import cluster from 'node:cluster';

/** The worker count asked for; 1 (no cluster) unless DOORSTEP_WORKERS says otherwise. */
export function workerCount(env: Record<string, string | undefined>): number {
  const raw = env.DOORSTEP_WORKERS?.trim();
  if (!raw) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error('DOORSTEP_WORKERS must be a whole number from 1 to 64');
  if (n > 1 && !env.DATABASE_URL) throw new Error('DOORSTEP_WORKERS above 1 needs DATABASE_URL: the embedded database belongs to one process');
  return n;
}

/** True in the primary of a cluster (which then only supervises); false in a worker or a single process. */
export function isPrimary(count: number): boolean {
  return count > 1 && cluster.isPrimary;
}

export function superviseWorkers(count: number, env: Record<string, string | undefined>): void {
  const jwtSecret = env.JWT_SECRET || Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
  const workerEnv = { JWT_SECRET: jwtSecret };
  let stopping = false;
  const fork = () => cluster.fork(workerEnv);

  let started = false;
  const first = fork();
  first.once('listening', () => {
    started = true;
    for (let i = 1; i < count; i++) fork();
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (!started) {
      console.error('the first worker did not start');
      process.exit(1);
    }
    console.error(`worker ${worker.process.pid} ended (${signal ?? code}); starting another`);
    // Not in a tight loop when every start fails (a database that is down, say).
    setTimeout(fork, 1000);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker?.process.kill(signal);
    setTimeout(() => process.exit(1), 12_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
