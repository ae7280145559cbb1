/**
 * @module
 * One POST of a webhook, guarded against server-side request forgery at the moment it connects.
 *
 * The URL was checked when it was registered (endpoint-url.ts), but a host name is only a promise:
 * `billing.example` may resolve to 10.0.0.5 today, or to a public address when registered and to
 * 169.254.169.254 a second later (DNS rebinding). So the request resolves the name itself, through
 * the `lookup` hook of node:http, and refuses to connect when any address it got is private —
 * the check is made on exactly the addresses the socket is handed, with no second resolution
 * in between for an attacker to answer differently. A literal address in the URL never reaches
 * `lookup`, so it is checked directly.
 *
 * Loopback stays open only where DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP opened it: for a URL whose
 * host is literally `localhost` or `127.0.0.1` (tests, a laptop). A name of one's own that
 * resolves to 127.0.0.1 is refused even then.
 *
 * node:http rather than fetch: fetch (undici) takes a `lookup` only through undici's own Agent,
 * a dependency of its own; node:http has the hook built in and never follows redirects.
 *
 * Connections are kept alive and reused (`WebhookAgents`): the guarded `lookup` belongs to the
 * agent, so it runs whenever the agent opens a NEW connection, and a kept-alive socket stays
 * connected to the address that was checked when it opened — DNS answering differently later
 * changes nothing for that socket, and the next new connection is checked again. Sockets live
 * at most a few seconds idle and are pooled per origin (and, on https, per TLS name). The agent
 * that lets loopback through is a separate one, used only for localhost / 127.0.0.1 URLs when
 * local http is allowed, so a socket opened under the looser rule is never handed to a request
 * that falls under the strict one.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isLocalHost, isLoopbackAddress, isPrivateAddress } from './endpoint-url.ts';

/** Resolves a host name to every address it has (tests inject their own DNS). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

export type WebhookPostResult = { statusCode: number; error: null | `http_${number}` } | { statusCode: null; error: 'timeout' | 'connection_failed' | 'private_address' };

const PRIVATE = 'WEBHOOK_PRIVATE_ADDRESS';

const refused = (address: string, allowLoopback: boolean) => isPrivateAddress(address) && !(allowLoopback && isLoopbackAddress(address));

/**
 * A `lookup` for node:net that resolves with `resolve` and fails with code WEBHOOK_PRIVATE_ADDRESS
 * when any of the addresses is not public (all of them: the socket may try each in turn).
 */
export function guardedLookup(resolve: Resolver, allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        const bad = wanted.find((a) => refused(a.address, allowLoopback));
        if (bad || wanted.length === 0) {
          const error = Object.assign(new Error(bad ? `${hostname} resolves to a private address (${bad.address})` : `${hostname} has no address`), { code: bad ? PRIVATE : 'ENOTFOUND' });
          callback(error as NodeJS.ErrnoException, '', 0);
          return;
        }
        if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/** An idle kept-alive socket is closed after this long (below the 5 s Node servers keep theirs). */
export const WEBHOOK_IDLE_MS = 4000;
/** At most this many connections to one origin at a time (a batch's concurrency is 8). */
export const WEBHOOK_SOCKETS_PER_ORIGIN = 8;

/** The pooled agents of one delivery handler: strict, and loopback-allowed (only ever used for localhost URLs). */
export interface WebhookAgents {
  agentFor(protocol: string, allowLoopback: boolean): HttpAgent;
  /** Closes every pooled socket (the runner stops, a test ends). */
  destroy(): void;
}

export function createWebhookAgents(resolve: Resolver = systemResolver): WebhookAgents {
  const made = new Map<string, HttpAgent>();
  return {
    agentFor(protocol, allowLoopback) {
      const key = `${protocol}${allowLoopback}`;
      let agent = made.get(key);
      if (!agent) {
        const options = {
          keepAlive: true,
          timeout: WEBHOOK_IDLE_MS,
          maxSockets: WEBHOOK_SOCKETS_PER_ORIGIN,
          maxFreeSockets: WEBHOOK_SOCKETS_PER_ORIGIN,
          scheduling: 'lifo' as const,
          // Agent options win over a request's: every new connection of this agent goes through the guard.
          lookup: guardedLookup(resolve, allowLoopback),
        };
        agent = protocol === 'http:' ? new HttpAgent(options) : new HttpsAgent(options);
        made.set(key, agent);
      }
      return agent;
    },
    destroy() {
      for (const agent of made.values()) agent.destroy();
      made.clear();
    },
  };
}

export interface WebhookPostOptions {
  timeoutMs: number;
  /** DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP: loopback allowed for a URL whose host is localhost / 127.0.0.1. */
  allowLocalHttp: boolean;
  resolve?: Resolver;
  /** Pooled keep-alive agents (their lookup is the guard, with their own resolver); without: one connection per request. */
  agents?: WebhookAgents;
}

export function postWebhook(url: string, headers: Record<string, string>, body: string, options: WebhookPostOptions): Promise<WebhookPostResult> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const allowLoopback = options.allowLocalHttp && isLocalHost(target.hostname);
  if (isIP(host) && refused(host, allowLoopback)) return Promise.resolve({ statusCode: null, error: 'private_address' });
  const send = target.protocol === 'http:' ? httpRequest : httpsRequest;
  const payload = Buffer.from(body, 'utf8');
  return new Promise((settle) => {
    let done = false;
    const finish = (result: WebhookPostResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      settle(result);
    };
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(payload.length) },
        lookup: guardedLookup(options.resolve ?? systemResolver, allowLoopback),
        agent: options.agents ? options.agents.agentFor(target.protocol, allowLoopback) : false,
      },
      (response: IncomingMessage) => {
        const statusCode = response.statusCode ?? 0;
        response.resume();
        response.on('end', () => finish({ statusCode, error: statusCode >= 200 && statusCode <= 299 ? null : `http_${statusCode}` }));
        response.on('error', () => finish({ statusCode, error: statusCode >= 200 && statusCode <= 299 ? null : `http_${statusCode}` }));
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: 'timeout' });
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => finish({ statusCode: null, error: error.code === PRIVATE ? 'private_address' : 'connection_failed' }));
    request.end(payload);
  });
}
