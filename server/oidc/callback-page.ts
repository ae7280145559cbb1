/**
 * @module
 * The page the callback answers in the popup. It posts its message to `window.opener` with the
 * opener's origin as the target (a page at any other origin receives nothing) and closes. Without
 * an opener (the popup was turned into a tab) it says so in the three languages. The message is
 * JSON in a data block, read by a constant script, so the page's policy allows that script by
 * its hash and no value can become code. The page loads nothing else: `default-src 'none'`.
 *
 * It answers 200 whatever the outcome: it is a page for a popup, and the outcome is its message.
 */
import { createHash } from 'node:crypto';
export type CallbackMessage = { code: string } | { error: string };

const SCRIPT = `const data = JSON.parse(document.getElementById('doorstep-oidc').textContent);
if (window.opener && data.origin) {
  window.opener.postMessage(data.message, data.origin);
  window.close();
}`;

/** The page's own Content-Security-Policy: its one script, by hash, and nothing else. */
export const CALLBACK_PAGE_POLICY = [
  "default-src 'none'",
  `script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const TEXT = {
  done: 'Pieslēgšanās pabeigta, šo logu var aizvērt. · Login finished, you may close this window. · Вход завершён, это окно можно закрыть.',
  failed: 'Pieslēgties neizdevās, aizveriet šo logu un mēģiniet vēlreiz. · The login failed: close this window and try again. · Войти не удалось: закройте это окно и попробуйте снова.',
};

export function callbackPage(message: CallbackMessage, origin: string | undefined): string {
  const data = JSON.stringify({ message: { type: 'doorstep-oidc', ...message }, origin: origin ?? null }).replace(/</g, '\\u003c');
  const text = 'code' in message ? TEXT.done : TEXT.failed;
  return `<!doctype html>
<html lang="lv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Doorstep</title></head>
<body><p>${text}</p>
<script type="application/json" id="doorstep-oidc">${data}</script>
<script>${SCRIPT}</script>
</body></html>`;
}

const attribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The start page: it moves the popup on to the provider at once, without a script (a meta
 * refresh, which `default-src 'none'` allows), and offers the link in case the browser does not.
 */
export function redirectPage(url: string): string {
  const href = attribute(url);
  return `<!doctype html>
<html lang="lv"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Doorstep</title></head>
<body><p><a href="${href}">Turpināt · Continue · Продолжить</a></p></body></html>`;
}
