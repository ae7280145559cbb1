/**
 * @module
 * The Deno entry: the same app on Deno.serve.
 *   npx deno run --allow-net --allow-env --allow-read --allow-write --allow-ffi --allow-sys server/main.deno.ts
 */
import { startDoorstep } from './bootstrap.ts';
import { ConfigError } from './config.ts';

declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(
    options: { port: number; hostname: string; signal?: AbortSignal; onListen?: (addr: { port: number }) => void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>,
  ): { finished: Promise<void> };
  addSignalListener(signal: string, handler: () => void): void;
  exit(code: number): never;
};

try {
  const doorstep = await startDoorstep(Deno.env.toObject(), {
    remoteAddress: (_request, env) => (env as { remoteAddr?: { hostname?: string } })?.remoteAddr?.hostname,
  });
  const controller = new AbortController();
  const server = Deno.serve(
    {
      port: doorstep.config.port,
      hostname: doorstep.config.host,
      signal: controller.signal,
      onListen: ({ port }) => console.log(`Doorstep (Deno) listening on http://localhost:${port}`),
    },
    (request, info) => doorstep.app.fetch(request, info),
  );
  const stop = () => controller.abort();
  Deno.addSignalListener('SIGINT', stop);
  Deno.addSignalListener('SIGTERM', stop);
  await server.finished;
  await doorstep.close();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  Deno.exit(1);
}
