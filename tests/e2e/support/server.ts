/**
 * @module
 * Starts the built server (Node bundle or the Deno entry) as a real process on a free port and
 * waits until /healthz answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface RunningServer {
  url: string;
  /** The process started (with DOORSTEP_WORKERS, the primary that supervises the workers). */
  pid: number;
  output: () => string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: no shutdown hook runs. Resolves once the process is gone. */
  crash(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startServer(runtime: 'node' | 'deno', env: Record<string, string>, options: { startSeconds?: number } = {}): Promise<RunningServer> {
  const port = await freePort();
  const command =
    runtime === 'node'
      ? [process.execPath, ['server/dist/main.js']]
      : ['node_modules/.bin/deno', ['run', '--allow-net', '--allow-env', '--allow-read', '--allow-write', '--allow-ffi', '--allow-sys', 'server/main.deno.ts']];
  const child: ChildProcess = spawn(command[0] as string, command[1] as string[], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startSeconds ?? 90) * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    pid: child.pid!,
    output: () => output,
    crash: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGINT');
      }),
  };
}
