/**
 * @module
 * A one-line JSON logger. It is given only what we choose to log: never a header, a body or a
 * URL's query, so no token or password can reach a log.
 *
 * By default lines are written to stdout in batches: a write to stdout is a system call, and one
 * per request (the access log line) cost a third of the throughput of GET …/meters (measured with
 * bench/readings.bench.mjs at LOG_LEVEL=info). Lines wait at most FLUSH_MS; an error line is
 * written at once, with everything before it, so nothing is lost before a crash that follows one.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

const FLUSH_MS = 20;
const MAX_PENDING = 256;

/** The default output: console.log, a batch of lines at a time. */
function batchedConsole(): (line: string, urgent: boolean) => void {
  let pending: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    console.log(lines.join('\n'));
  };
  // A process that ends normally writes what is left (Node; Deno writes on its own unload).
  (globalThis as { process?: { once?(event: string, fn: () => void): void } }).process?.once?.('exit', flush);
  return (line, urgent) => {
    pending.push(line);
    if (urgent || pending.length >= MAX_PENDING) flush();
    else timer ??= setTimeout(flush, FLUSH_MS);
  };
}

let defaultOutput: ((line: string, urgent: boolean) => void) | undefined;

export function createLogger(level: LogLevel = 'info', base: Record<string, unknown> = {}, write?: (line: string) => void): Logger {
  const threshold = ORDER[level];
  const output: (line: string, urgent: boolean) => void = write ? (line) => write(line) : (defaultOutput ??= batchedConsole());
  return makeLogger(threshold, base, output);
}

function makeLogger(threshold: number, base: Record<string, unknown>, output: (line: string, urgent: boolean) => void): Logger {
  const emit = (at: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < threshold) return;
    output(JSON.stringify({ time: new Date().toISOString(), level: at, msg: message, ...base, ...fields }), at === 'error');
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => makeLogger(threshold, { ...base, ...fields }, output),
  };
}
