/**
 * @module
 * The demo's mailbox: GET /demo/outbox lists what the file transport wrote (newest first), with
 * the links clickable, so registration, reset and email-change links can be followed on a laptop
 * with no mail server; GET /demo/outbox.json gives the same to scripts and browser tests. Mounted
 * only in demo mode (embedded database, not production); it shows every tenant's mail to anyone
 * who asks, which is exactly what a demo needs and what production must never do.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import type { OutboxFileSummary } from './transport.ts';

const LIMIT = 100;

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** Escapes the text and turns http(s) URLs into links. */
const linkify = (text: string) =>
  escapeHtml(text).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);

export async function readOutbox(dir: string, limit = LIMIT): Promise<OutboxFileSummary[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const newest = names.filter((n) => n.endsWith('.json')).sort().reverse().slice(0, limit);
  const messages: OutboxFileSummary[] = [];
  for (const name of newest) {
    try {
      messages.push(JSON.parse(await readFile(join(dir, name), 'utf8')) as OutboxFileSummary);
    } catch {
      // A file being replaced right now; it shows on the next load.
    }
  }
  return messages;
}

function page(messages: OutboxFileSummary[]): string {
  const items = messages
    .map(
      (m) => `<article>
<h2>${escapeHtml(m.subject)}</h2>
<p class="meta">To <strong>${escapeHtml(m.to)}</strong> · ${escapeHtml(new Date(m.date).toLocaleString('lv-LV', { timeZone: 'Europe/Riga' }))} · ${escapeHtml(m.template ?? '')}
 · <a href="/demo/outbox/${encodeURIComponent(m.file)}" download>.eml</a></p>
<pre>${linkify(m.text)}</pre>
${Object.keys(m.headers).length ? `<p class="meta">${Object.entries(m.headers).map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(v)}`).join('<br>')}</p>` : ''}
${m.html ? `<details><summary>HTML</summary><iframe sandbox title="${escapeHtml(m.subject)}" srcdoc="${escapeHtml(m.html)}"></iframe></details>` : ''}
</article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Demo outbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:860px;margin:0 auto;padding:16px;color:#1a1a1a}
article{border:1px solid #ccc;border-radius:8px;padding:12px 16px;margin:16px 0}h2{font-size:18px;margin:0 0 4px}
.meta{color:#555;font-size:14px}pre{white-space:pre-wrap;font-size:15px}iframe{width:100%;height:520px;border:1px solid #ddd}</style>
</head><body><h1>Demo outbox</h1>
<p>Mail the demo would have sent (no SMTP_URL is set). Newest first; reload to see new messages.</p>
${items || '<p>No mail yet.</p>'}
</body></html>`;
}

export function demoOutboxRouter(dir: string) {
  const router = new Hono<AppEnv>();
  router.get('/demo/outbox', async (c) => {
    c.header('Cache-Control', 'no-store');
    // No script at all; inline styles, because the mails' own HTML (shown in sandboxed srcdoc
    // frames, which inherit this policy) is styled inline as mail clients require.
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'");
    return c.html(page(await readOutbox(dir)));
  });
  router.get('/demo/outbox.json', async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Access-Control-Allow-Origin', '*');
    return c.json({ messages: await readOutbox(dir) });
  });
  router.get('/demo/outbox/:file{[A-Za-z0-9_-]+\\.eml}', async (c) => {
    try {
      const body = await readFile(join(dir, c.req.param('file')));
      return c.body(body, 200, { 'Content-Type': 'message/rfc822', 'Cache-Control': 'no-store' });
    } catch {
      return c.notFound();
    }
  });
  return router;
}
