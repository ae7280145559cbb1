/**
 * @module
 * The browser's half of a strong login (bank, eParaksts, Smart-ID), loaded only when a resident
 * presses a provider's button: it opens the API's start page in a popup and waits for the page's
 * message. The message is accepted only from the API's origin and only from that popup; the API,
 * for its part, posts it to this page's origin only. The one-time code in it is then exchanged by
 * the session store (`loginWithStrongCode`).
 *
 * Rejects with an error-like `{code}`: `popup_blocked` (the browser refused the popup: ask again,
 * from a click), `oidc_cancelled` (the popup was closed), or what the API posted
 * (`personal_code_not_found`, `oidc_login_failed`, …).
 */

export interface StrongLoginRequest {
  api: string;
  tenant: string;
  provider: string;
  remember: boolean;
}

const POPUP_FEATURES = 'popup=yes,width=520,height=720';

export function openStrongLogin(request: StrongLoginRequest, view: Window = window): Promise<string> {
  const apiOrigin = new URL(request.api, view.location.href).origin;
  const start = new URL(`${request.api.replace(/\/$/, '')}/v1/${encodeURIComponent(request.tenant)}/auth/oidc/${encodeURIComponent(request.provider)}/start`, view.location.href);
  start.searchParams.set('origin', view.location.origin);
  start.searchParams.set('remember', String(request.remember));
  const popup = view.open(start.href, `doorstep-strong-login-${request.tenant}`, POPUP_FEATURES);
  if (!popup) return Promise.reject({ code: 'popup_blocked' });

  return new Promise((resolve, reject) => {
    const finish = () => {
      view.removeEventListener('message', onMessage);
      clearInterval(closedCheck);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== apiOrigin || event.source !== popup) return;
      const data = event.data as { type?: unknown; code?: unknown; error?: unknown } | null;
      if (!data || data.type !== 'doorstep-oidc') return;
      finish();
      if (typeof data.code === 'string') resolve(data.code);
      else reject({ code: typeof data.error === 'string' ? data.error : 'oidc_login_failed' });
    };
    // A closed popup sends nothing; look for it now and then (the message, when it comes, comes first).
    const closedCheck = setInterval(() => {
      if (!popup.closed) return;
      // The message of a page that closes itself is queued before the close is seen: give it a turn.
      setTimeout(() => {
        finish();
        reject({ code: 'oidc_cancelled' });
      }, 200);
      clearInterval(closedCheck);
    }, 500);
    view.addEventListener('message', onMessage);
  });
}
