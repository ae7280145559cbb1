/**
 * @module
 * Which URLs a webhook may go to: https only, to a host name or a public address. Doorstep POSTs
 * to whatever a manager registers, from inside the deployment, so an address on the deployment's
 * own network (loopback, private ranges, link-local cloud metadata) would let an API key probe it
 * (SSRF). http is allowed only to localhost and 127.0.0.1, and only when the deployment says so
 * (DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP, never in production), for tests and a laptop.
 *
 * Here the URL as written is checked, when it is registered or changed. A host *name* can point
 * anywhere and change its mind at any time (DNS rebinding), so the address a delivery actually
 * connects to is checked again at that moment (webhook-request.ts), with the same `isPrivateAddress`.
 */
import { isIP } from 'node:net';

const PRIVATE_V4 = [
  /^0\./,
  /^10\./,
  /^127\./,
  /^169\.254\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^192\.168\./,
  /^192\.0\.0\./,
  /^198\.1[89]\./,
  /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
  /^(22[4-9]|2[3-5]\d)\./,
];

/** Loopback, private, link-local, carrier-grade NAT, benchmark, multicast or reserved: not the public internet. */
export function isPrivateAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  const version = isIP(bare);
  if (version === 4) return PRIVATE_V4.some((range) => range.test(bare));
  if (version === 6) return bare === '::' || bare === '::1' || /^f[cd]/.test(bare) || /^fe[89ab]/.test(bare) || /^ff/.test(bare) || bare.startsWith('::ffff:') || bare.startsWith('64:ff9b:');
  return bare === 'localhost' || bare.endsWith('.localhost');
}

export function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  return /^127\./.test(bare) || bare === '::1';
}

/** The host names that DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP opens (over http, and to loopback only). */
export const isLocalHost = (hostname: string) => hostname === 'localhost' || hostname === '127.0.0.1';

/** Why the URL cannot be a webhook endpoint, or undefined when it can. */
export function webhookUrlProblem(text: string, allowLocalHttp: boolean): string | undefined {
  if (text.length > 2000 || !URL.canParse(text)) return 'invalid_url';
  const url = new URL(text);
  if (url.username || url.password || url.hash) return 'invalid_url';
  const local = isLocalHost(url.hostname);
  if (url.protocol === 'http:' && local && allowLocalHttp) return undefined;
  if (url.protocol !== 'https:') return 'https_required';
  if (isPrivateAddress(url.hostname) && !(local && allowLocalHttp)) return 'private_address';
  return undefined;
}
