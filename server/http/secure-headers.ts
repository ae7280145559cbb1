/**
 * @module
 * The security headers of every answer, as ASVS 5.0 (V3.4) and RFC 6749 §5.1 ask.
 *
 * - Hono's `secureHeaders` sets the usual set: `X-Content-Type-Options: nosniff` (a JSON answer
 *   that a browser sniffs as HTML is an XSS), `Referrer-Policy: no-referrer` (confirmation and
 *   invitation links carry single-use tokens in their fragment or query; no page may pass them on
 *   in a Referer), `X-Frame-Options`, and HSTS, but only in production: on a laptop's
 *   http://localhost it would pin the name to HTTPS for every other project on that machine.
 * - `Cache-Control: no-store` on every answer that does not choose its own caching. Tokens (login,
 *   refresh) and personal data (`/me`, invoices) must never sit in a shared or disk cache; the
 *   few public assets (the widget bundle, the demo site) say `no-cache` themselves.
 * - A Content-Security-Policy on everything: for data (JSON, files) `default-src 'none'`, so an
 *   answer opened as a page can run nothing; for our own HTML pages (the demo site) a strict
 *   policy with the SHA-256 hash of each inline script, computed from the page as served, so the
 *   demo page keeps its small inline scripts without `'unsafe-inline'` and an edit to one can never
 *   leave a stale hash behind. No `'unsafe-eval'`: neither Lit nor the widgets need it.
 * - A header a handler set itself wins (`overwrite: false`): a file download keeps its
 *   `sandbox` policy, and a future page that must keep `window.opener` (the OpenID Connect popup)
 *   can set its own `Cross-Origin-Opener-Policy`.
 * - An answer that any origin may read (`Access-Control-Allow-Origin: *`, the widget bundle) is
 *   meant to be loaded by the managers' pages, so it says `Cross-Origin-Resource-Policy:
 *   cross-origin`; everything else stays `same-origin` (CORS fetches with a token are unaffected).
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { encodeBase64 } from 'hono/utils/encode';

/** The policy of answers that are data, never a page. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script\s*>/gi;
const INLINE_STYLE = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;

async function sha256Source(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `'sha256-${encodeBase64(digest)}'`;
}

/**
 * The policy of one of our HTML pages: its own scripts, styles and API only, inline scripts and
 * style blocks by hash. Exported for the tests and for docs/embedding.md's example.
 */
export async function pagePolicy(html: string): Promise<string> {
  const scripts = await Promise.all([...html.matchAll(INLINE_SCRIPT)].map((m) => sha256Source(m[1]!)));
  const styles = await Promise.all([...html.matchAll(INLINE_STYLE)].map((m) => sha256Source(m[1]!)));
  return [
    "default-src 'self'",
    ["script-src 'self'", ...new Set(scripts)].join(' '),
    ["style-src 'self'", ...new Set(styles)].join(' '),
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

export function securityHeaders(options: { production: boolean }): MiddlewareHandler {
  const standard = secureHeaders({
    strictTransportSecurity: options.production ? 'max-age=31536000; includeSubDomains' : false,
    overwrite: false,
  });
  return async (c, next) => {
    await standard(c, async () => {
      await next();
      const headers = c.res.headers;
      if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
      if (headers.get('Access-Control-Allow-Origin') === '*' && !headers.has('Cross-Origin-Resource-Policy')) {
        headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
      }
      if (headers.has('Content-Security-Policy')) return;
      const isPage = (headers.get('Content-Type') ?? '').startsWith('text/html');
      const policy = isPage ? await pagePolicy(await c.res.clone().text()) : DATA_CSP;
      // Asked again: on Node, cloning turns @hono/node-server's light response into a full one,
      // with a headers object of its own.
      c.res.headers.set('Content-Security-Policy', policy);
    });
  };
}
