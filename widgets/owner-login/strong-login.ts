/**
 * @module
 * The browser's half of a strong login (bank, eParaksts, Smart-ID), loaded only when a resident
 * presses a provider's button: it opens the API's start page in a popup and waits for the page's
 * message. The message is accepted only from the API's origin and only from that popup; the API,
 * for its part, posts it to this page's origin only. The one-time code in it is then exchanged by
 * the session store (`loginWithStrongCode`).
 *
 * When the browser blocks the popup, the login goes on in the same window instead: the page moves
 * to the API's start page with `return=<this page>`, and after the provider the callback moves
 * back to this page with `#doorstep-oidc=<one-time code>` (or `#doorstep-oidc-error=<code>`) in
 * the fragment, which no server sees. State, nonce and PKCE verifier stay on the server as for a
 * popup. A widget on the page it returns to finishes the login with {@link finishReturnedLogin}
 * (it reads and removes the fragment first, so a reload or a second widget does not use it again).
 *
 * Rejects with an error-like `{code}`: `oidc_cancelled` (the popup was closed), or what the API
 * posted (`personal_code_not_found`, `oidc_login_failed`, …).
 *
 * `<owner-login>` loads it with the tenant's providers, when there are any, and leaves their
 * buttons and the login through them to it ({@link loginButtons}, {@link strongLogin}).
 */
import { html, type TemplateResult } from 'lit';
import { DoorstepLoginEvent } from '../core/events/doorstep-login.ts';
import { loadErrorTexts } from '../core/i18n/messages.ts';
import type { SessionStore, SessionUser } from '../core/session-store.ts';
import type { LoginHost } from './login-forms.ts';

/** A provider of the tenant, as `GET /auth/oidc/providers` lists it. */
export interface StrongLoginProvider {
  slug: string;
  displayName: string;
  icon: string;
}

/** The row of buttons above the form, one per provider: "Pieslēgties ar eParaksts". */
export function renderStrongLoginButtons(
  providers: ReadonlyArray<StrongLoginProvider>,
  on: { busy: boolean; label(name: string): string; choose(slug: string): void },
): TemplateResult {
  return html`
    <div part="strong-login" class="strong-login">
      ${providers.map(
        (provider) => html`
          <button part="strong-login-button" class="button" type="button" ?disabled=${on.busy} @click=${() => on.choose(provider.slug)}>
            ${on.label(provider.displayName)}
          </button>
        `,
      )}
    </div>
  `;
}

/** `<owner-login>`'s buttons, one per provider, above its form. */
export function loginButtons(host: LoginHost, providers: ReadonlyArray<StrongLoginProvider>): TemplateResult {
  return renderStrongLoginButtons(providers, {
    busy: host.state.busy,
    label: (name) => host.element.t('owner-login.strongLogin', { name }),
    choose: (slug) => void strongLogin(host, slug),
  });
}

/**
 * `<owner-login>`'s login with `provider` (a popup, or this window when the popup is blocked);
 * `null`: finishes a login this page came back from.
 */
export async function strongLogin(host: LoginHost, provider: string | null): Promise<void> {
  const { element, state } = host;
  const session = host.session();
  if (state.busy || !session) return;
  const remember = element.querySelector<HTMLInputElement>('input[name="remember"]')?.checked ?? false;
  state.busy = true;
  state.error = null;
  state.notice = null;
  element.requestUpdate();
  host.prepareAfterLogin();
  try {
    // Nothing awaited before the popup opens: it opens within the click's activation.
    const user =
      provider === null
        ? await finishReturnedLogin(session)
        : await session.loginWithStrongCode(await openStrongLogin({ api: session.api, tenant: session.tenant, provider, remember }));
    if (!user) return;
    state.focus = 'greeting';
    element.dispatchEvent(new DoorstepLoginEvent(user));
  } catch (error) {
    // A closed or blocked popup does not come through the API client, which fetches error texts.
    await loadErrorTexts([element.language]);
    state.error = error;
    // Not about a field (a closed popup, the network): focus goes to the message itself.
    state.focus = 'message';
  } finally {
    state.busy = false;
    element.requestUpdate();
  }
}

export interface StrongLoginRequest {
  api: string;
  tenant: string;
  provider: string;
  remember: boolean;
}

const POPUP_FEATURES = 'popup=yes,width=520,height=720';

const RETURN_CODE = 'doorstep-oidc';
const RETURN_ERROR = 'doorstep-oidc-error';

function startUrl(request: StrongLoginRequest, view: Window): URL {
  const start = new URL(`${request.api.replace(/\/$/, '')}/v1/${encodeURIComponent(request.tenant)}/auth/oidc/${encodeURIComponent(request.provider)}/start`, view.location.href);
  start.searchParams.set('origin', view.location.origin);
  start.searchParams.set('remember', String(request.remember));
  return start;
}

/**
 * Logs in through the provider in a popup; resolves to the one-time code. A blocked popup moves
 * this page to the provider instead (the promise then never settles: the page is leaving).
 */
export function openStrongLogin(request: StrongLoginRequest, view: Window = window): Promise<string> {
  const apiOrigin = new URL(request.api, view.location.href).origin;
  const start = startUrl(request, view);
  const popup = view.open(start.href, `doorstep-strong-login-${request.tenant}`, POPUP_FEATURES);
  if (!popup) {
    const page = new URL(view.location.href);
    page.hash = '';
    start.searchParams.set('return', page.href);
    view.location.assign(start.href);
    return new Promise<string>(() => undefined);
  }

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

/** True when this page came back from a same-window strong login (cheap: no import needed to ask). */
export function hasReturnedLogin(view: Window = window): boolean {
  return view.location.hash.startsWith(`#${RETURN_CODE}`);
}

/**
 * Finishes a same-window strong login on the page it returned to: takes the one-time code (or the
 * error) out of the fragment and exchanges it. Resolves to the user, or to `undefined` when the
 * page did not come back from a login (or another widget took it first); rejects with `{code}`.
 */
export async function finishReturnedLogin(session: SessionStore, view: Window = window): Promise<SessionUser | undefined> {
  if (!hasReturnedLogin(view)) return undefined;
  const fragment = new URLSearchParams(view.location.hash.slice(1));
  const page = new URL(view.location.href);
  page.hash = '';
  view.history.replaceState(view.history.state, '', page.href);
  const code = fragment.get(RETURN_CODE);
  // The stored (basic) session of a step-up is restored first, so the strong one replaces it.
  await session.ready;
  if (code) return session.loginWithStrongCode(code);
  throw { code: fragment.get(RETURN_ERROR) || 'oidc_login_failed' };
}
