/**
 * @module
 * The Node entry: `npm start` (after the build) runs this bundle.
 */
import { serve } from '@hono/node-server';
import { ConfigError } from './config.ts';
import { startDoorstep } from './bootstrap.ts';
import { isPrimary, superviseWorkers, workerCount } from './workers.ts';

async function main() {
  // DOORSTEP_WORKERS=N: this process only supervises N workers, each of which runs the rest (server/workers.ts).
  const workers = workerCount(process.env);
  if (isPrimary(workers)) return superviseWorkers(workers, process.env);
  const doorstep = await startDoorstep(process.env, {
    remoteAddress: (_request, env) => (env as { incoming?: { socket?: { remoteAddress?: string } } })?.incoming?.socket?.remoteAddress,
  });
  const { config } = doorstep;
  const server = serve({ fetch: doorstep.app.fetch, port: config.port, hostname: config.host }, (info) => {
    const where = config.databaseUrl ? 'Postgres' : `embedded PGlite in ${config.dataDir}`;
    console.log(`Doorstep listening on http://localhost:${info.port} (${where}${config.demoMode ? ', demo mode' : ''})`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests and closing the database…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await doorstep.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError || /^DOORSTEP_WORKERS/.test(String((error as Error)?.message)) ? (error as Error).message : error);
  process.exit(1);
});
