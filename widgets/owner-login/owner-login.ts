/**
 * @module
 * `<owner-login>`: how a resident gets in. The form is rendered into the element's light DOM so
 * that password managers see, fill and save it; everything else (messages, the logged-in state)
 * sits in the shadow root, where it can be themed through parts.
 */
import { html, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import { DoorstepElement } from '../core/base-element.ts';
import { registerMessages } from '../core/i18n/messages.ts';
import { hasStoredSession } from '../core/session-key.ts';
import type { AfterLogin } from './after-login.ts';
import type { StrongLoginProvider } from './strong-login.ts';
import type { SessionChangeEvent, SessionStore } from '../core/session-store.ts';
import { adoptLightDomStyles, lightFormBaseStyles, shadowControlStyles } from '../core/styles/controls.ts';
import { hostStyles } from '../core/styles/tokens.ts';
import { lv } from './i18n/lv.ts';
import { loginFields, renderLoginForm, type LoginFormContext, type LoginHost, type LoginState } from './login-forms.ts';
import { ownerLoginStyles } from './owner-login.styles.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

type View = 'unconfigured' | 'loading' | 'login' | 'change' | 'account';
type StrongLoginModule = typeof import('./strong-login.ts');

let instanceCount = 0;

/**
 * @summary Email-and-password login for residents, with "remember me", the lockout time, the forced
 * first-login password change, and the logged-in state with "Iziet".
 *
 * @attr api - Base URL of the Doorstep API; else taken from `<doorstep-config>`.
 * @attr tenant - The property manager's slug; else taken from `<doorstep-config>`.
 * @attr now - Demo mode only: ISO time the server takes as now.
 * @attr lang - `lv` (default), `en` or `ru`; else the closest ancestor's `lang`, else the page's.
 *
 * @event {DoorstepLoginEvent} doorstep-login - The resident logged in through this element. `detail.user`.
 * @event {DoorstepLogoutEvent} doorstep-logout - The resident logged out through this element.
 * @event {DoorstepForgotPasswordEvent} doorstep-forgot-password - "Aizmirsi paroli?" was chosen;
 *   a `<password-reset>` on the page opens. `detail.email` is what was typed.
 *
 * @csspart base - The wrapper of everything shown.
 * @csspart message - The error message (an `aria-live` alert): wrong credentials, lockout, network.
 * @csspart notice - The success message (a `status` region), e.g. after a password change.
 * @csspart greeting - "Sveiki, Anna!" when logged in.
 * @csspart logout-button - The "Iziet" button.
 * @csspart strong-login - The row of strong-login buttons (the tenant's banks, eParaksts, Smart-ID), above the form.
 * @csspart strong-login-button - One provider's button: "Pieslēgties ar eParaksts".
 *
 * @cssproperty --doorstep-color-primary - Buttons, checkboxes and the default focus ring. Default `#0b57d0`.
 * @cssproperty --doorstep-color-on-primary - Text on primary buttons. Default `#ffffff`.
 * @cssproperty --doorstep-color-surface - Input background. Default `#ffffff`.
 * @cssproperty --doorstep-color-outline - Input borders. Default `#5b6470`.
 * @cssproperty --doorstep-color-error - Error messages and unmet password rules. Default `#b3261e`.
 * @cssproperty --doorstep-color-success - Met password rules and success messages. Default `#146c2e`.
 * @cssproperty --doorstep-color-focus - The focus ring. Default `#0b57d0`.
 * @cssproperty --doorstep-font-size - Base text size. Default `1.125rem`.
 * @cssproperty --doorstep-radius - Corner radius of controls. Default `0.375rem`.
 * @cssproperty --doorstep-spacing - Space between fields. Default `1rem`.
 * @cssproperty --doorstep-control-height - Height of inputs and buttons, never below 44px. Default `3rem`.
 * @cssproperty --doorstep-button-background - Primary button background; falls back to `--doorstep-color-primary`.
 * @cssproperty --doorstep-button-color - Primary button text; falls back to `--doorstep-color-on-primary`.
 * @cssproperty --doorstep-input-border-color - Input border; falls back to `--doorstep-color-outline`.
 * @cssproperty --doorstep-rule-unmet-color - Unmet password rule; falls back to `--doorstep-color-error`.
 * @cssproperty --doorstep-rule-met-color - Met password rule; falls back to `--doorstep-color-success`.
 * @cssproperty --doorstep-login-max-width - Width limit of the element's content. Default `28rem`.
 *
 * The form itself lives in the light DOM (for password managers) with stable class names:
 * `doorstep-form`, `doorstep-field`, `doorstep-input`, `doorstep-check`, `doorstep-button`,
 * `doorstep-field-error`, `doorstep-rules`, `doorstep-rule[data-state="met|unmet"]`.
 */
export class OwnerLogin extends DoorstepElement {
  static override styles = [hostStyles, shadowControlStyles, ownerLoginStyles];
  /**
   * The form shows before the session store's module (the API client, the refresh) has arrived:
   * a visitor without a stored session sees it at once, and it is here by the time they submit.
   */
  static override rendersBeforeSession = true;

  readonly #id = `doorstep-login-${++instanceCount}`;
  readonly #state: LoginState = { busy: false, error: null, notice: null, fieldErrors: {}, focus: null };
  /** What the parts loaded later (after-login.ts, strong-login.ts) read and do. */
  readonly #host: LoginHost = {
    element: this,
    state: this.#state,
    session: () => this.session,
    form: () => this.#formContext(),
    fields: loginFields,
    whenSession: () => this.whenSession(),
    prepareAfterLogin: () => void this.#loadAfterLogin(true),
  };
  #showPassword = false;
  /**
   * after-login.ts (the logged-in view, the forced password change, the logout, the lockout time):
   * imported once a session is on its way; until it is here, a logged-in element shows "loading".
   */
  #after: AfterLogin | undefined;
  #afterLoading: Promise<AfterLogin | undefined> | undefined;
  /** Its import failed (offline): tried again on the next session change or use of the form, not on every render. */
  #afterFailed = false;
  /** The tenant's strong-login providers, and the session store they were read for. */
  #providers: ReadonlyArray<StrongLoginProvider> = [];
  /** strong-login.ts, loaded with the providers when there are any: it renders their buttons and logs in through them. */
  #strong: StrongLoginModule | undefined;
  #providersOf: SessionStore | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    adoptLightDomStyles(this, lightFormBaseStyles);
    // Someone is about to log in: what comes after the login loads while they type.
    this.addEventListener('focusin', this.#prepareAfterLogin);
  }

  protected override sessionChanged(event: SessionChangeEvent): void {
    const state = this.#state;
    if (!state.busy) {
      // Another widget or tab acted: what this one said about an earlier attempt no longer applies.
      state.error = event.reason === 'expired' ? { code: 'invalid_refresh_token' } : null;
      state.fieldErrors = {};
      state.notice = null;
    }
    if (event.reason === 'logout' || event.reason === 'expired') this.#after?.reset();
    if (this.#afterFailed) this.#afterLoading = undefined;
    super.sessionChanged(event);
  }

  /** A session is stored for this api and tenant (it is being restored, or will be). */
  #remembered(): boolean {
    const config = this.config;
    return config !== undefined && hasStoredSession(config.api, config.tenant);
  }

  get #view(): View {
    const session = this.session;
    if (!session) {
      // The session's module is on its way: a stored session will be restored, else it is a login.
      if (!this.sessionPending || !this.config) return 'unconfigured';
      return this.#remembered() ? 'loading' : 'login';
    }
    if (session.status === 'restoring') return 'loading';
    if (session.status === 'anonymous' || !session.user) return 'login';
    if (!this.#after) return 'loading';
    return session.user.mustChangePassword ? 'change' : 'account';
  }

  protected override render(): TemplateResult {
    const view = this.#view;
    const state = this.#state;
    return html`
      <div part="base" class="base" aria-busy=${state.busy || view === 'loading' ? 'true' : 'false'}>
        <div part="message" class="message" role="alert" tabindex="-1">${this.#errorMessage()}</div>
        <div part="notice" class="notice" role="status">${state.notice ? this.t(state.notice) : ''}</div>
        ${view === 'unconfigured' ? html`<p class="message">${this.t('common.configMissing')}</p>` : nothing}
        ${view === 'loading' ? html`<p>${this.t('common.loading')}</p>` : nothing}
        ${view === 'account' ? this.#after!.renderAccount() : nothing}
        ${view === 'login' ? this.#renderStrongLogin() : nothing}
        <slot></slot>
      </div>
    `;
  }

  /** The light-DOM part, rendered after the shadow root on every update. */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const view = this.#view;
    // A session on its way (a remembered one, or one just logged in): what it shows, too. Not
    // for a visitor without one, whose store is "restoring" for a moment after it arrives.
    if (view === 'loading' && (this.session?.user || this.#remembered())) void this.#loadAfterLogin();
    render(
      view === 'login'
        ? renderLoginForm(this.#formContext(), { submit: this.#submitLogin, forgotPassword: this.#forgotPassword })
        : view === 'change'
          ? this.#after!.renderChange()
          : nothing,
      this,
      { host: this },
    );
  }

  /** after-login.ts, imported once (`again`: once more if that failed). */
  #loadAfterLogin(again = false): Promise<AfterLogin | undefined> {
    if (again && this.#afterFailed) this.#afterLoading = undefined;
    if (this.#afterLoading) return this.#afterLoading;
    this.#afterFailed = false;
    this.#afterLoading = import('./after-login.ts').then(
      ({ AfterLogin }) => {
        this.#after = new AfterLogin(this.#host);
        this.requestUpdate();
        return this.#after;
      },
      (error: unknown) => {
        // Offline: say so (a logged-in element shows "loading" meanwhile).
        this.#afterFailed = true;
        this.#state.error = error instanceof Error && !('code' in error) ? { code: 'network_error' } : error;
        this.requestUpdate();
        return undefined;
      },
    );
    return this.#afterLoading;
  }

  /** The form is in use: a login may come soon. */
  readonly #prepareAfterLogin = (): void => this.#host.prepareAfterLogin();

  #formContext(): LoginFormContext {
    return {
      id: this.#id,
      busy: this.#state.busy,
      showPassword: this.#showPassword,
      fieldErrors: this.#state.fieldErrors,
      t: (key, params) => this.t(key, params),
      setShowPassword: (show) => {
        this.#showPassword = show;
        this.requestUpdate();
      },
    };
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const target = this.#state.focus;
    if (!target) return;
    const element =
      target === 'greeting' || target === 'message'
        ? this.shadowRoot?.querySelector<HTMLElement>(`[part="${target}"]`)
        : this.querySelector<HTMLElement>(`[name="${target}"]`);
    // The logged-in view and the password change's form appear only once their modules are here: focus them then.
    const view = this.#view;
    if (!element && (view === 'loading' || (view === 'change' && !this.#after?.changeShown))) return;
    this.#state.focus = null;
    element?.focus();
  }

  #renderStrongLogin(): TemplateResult | typeof nothing {
    const session = this.session;
    if (session && this.#providersOf !== session) {
      this.#providersOf = session;
      void loadStrongLoginProviders(session).then(({ providers, strong }) => {
        this.#providers = providers;
        this.#strong = strong;
        this.requestUpdate();
      });
      // Back from a same-window strong login (the popup was blocked): finish it here.
      if (location.hash.startsWith('#doorstep-oidc')) void import('./strong-login.ts').then((strong) => strong.strongLogin(this.#host, null));
    }
    return this.#providers.length > 0 && this.#strong ? this.#strong.loginButtons(this.#host, this.#providers) : nothing;
  }

  #errorMessage(): string {
    const error = this.#state.error;
    if (!error) return '';
    const text = this.errorText(error);
    // After a lockout, when to try again (after-login.ts: a login was sent, so it is here).
    return this.#after?.withRetryTime(text, error) ?? text;
  }

  /** after-login.ts checks the form and logs in (usually here already: the form was in use). */
  readonly #submitLogin = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    void this.#loadAfterLogin(true).then((after) => {
      if (after) return after.submitLogin(form);
      // Offline: focus goes to the message that says so.
      this.#state.focus = 'message';
    });
  };

  /** The reset itself is `<password-reset>`'s; this only asks for it, with the email typed so far. */
  readonly #forgotPassword = (event: Event): void => {
    const form = (event.currentTarget as HTMLElement).closest('form');
    const email = form ? inputOf(form, 'email').value.trim() : '';
    // The event's class comes with `<password-reset>` (usually on the page already); offline, an
    // event of the same name and detail still reaches a `<password-reset>` that is there.
    void import('../password-reset/doorstep-forgot-password.ts').then(
      ({ DoorstepForgotPasswordEvent }) => this.dispatchEvent(new DoorstepForgotPasswordEvent(email)),
      () => this.dispatchEvent(new CustomEvent('doorstep-forgot-password', { bubbles: true, composed: true, cancelable: true, detail: { email } })),
    );
  };
}

function inputOf(form: HTMLFormElement, name: string): HTMLInputElement {
  return form.elements.namedItem(name) as HTMLInputElement;
}

/**
 * The tenant's providers, with strong-login.ts (which renders their buttons and runs the login);
 * none when the API has none or cannot say (the password form still works).
 */
async function loadStrongLoginProviders(session: SessionStore): Promise<{ providers: StrongLoginProvider[]; strong?: StrongLoginModule }> {
  try {
    const { providers } = await session.client.call('get', '/auth/oidc/providers', { auth: false });
    if (providers.length === 0) return { providers: [] };
    return { providers, strong: await import('./strong-login.ts') };
  } catch {
    return { providers: [] };
  }
}
