/**
 * @module
 * Which URLs a webhook may go to: https only, to a host name or a public address. Doorstep POSTs
 * to whatever a manager registers, from inside the deployment, so an address on the deployment's
 * own network (loopback, private ranges, link-local cloud metadata) would let an API key probe it
 * (SSRF). http is allowed only to localhost and 127.0.0.1, and only when the deployment says so
 * (DOORSTEP_WEBHOOKS_ALLOW_LOCAL_HTTP, never in production), for tests and a laptop.
 *
 * Only literal addresses are checked: a host name that resolves to a private address is not
 * caught here.
 */
import { isIP } from 'node:net';

const PRIVATE_V4 = [/^0\./, /^10\./, /^127\./, /^169\.254\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./];

function isPrivateAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  const version = isIP(bare);
  if (version === 4) return PRIVATE_V4.some((range) => range.test(bare));
  if (version === 6) return bare === '::' || bare === '::1' || /^f[cd]/.test(bare) || /^fe[89ab]/.test(bare) || bare.startsWith('::ffff:');
  return bare === 'localhost' || bare.endsWith('.localhost');
}

/** Why the URL cannot be a webhook endpoint, or undefined when it can. */
export function webhookUrlProblem(text: string, allowLocalHttp: boolean): string | undefined {
  if (text.length > 2000 || !URL.canParse(text)) return 'invalid_url';
  const url = new URL(text);
  if (url.username || url.password || url.hash) return 'invalid_url';
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol === 'http:' && local && allowLocalHttp) return undefined;
  if (url.protocol !== 'https:') return 'https_required';
  if (isPrivateAddress(url.hostname) && !(local && allowLocalHttp)) return 'private_address';
  return undefined;
}
