/**
 * @module
 * `<owner-login>`: how a resident gets in. The form is rendered into the element's light DOM so
 * that password managers see, fill and save it; everything else (messages, the logged-in state)
 * sits in the shadow root, where it can be themed through parts.
 */
import { html, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import type { ApiError } from '../core/api-error.ts';
import { DoorstepElement } from '../core/base-element.ts';
import { DoorstepLoginEvent } from '../core/events/doorstep-login.ts';
import { DoorstepLogoutEvent } from '../core/events/doorstep-logout.ts';
import { loadErrorTexts, registerMessages, type MessageKey } from '../core/i18n/messages.ts';
import { hasStoredSession } from '../core/session-key.ts';
import type { StrongLoginProvider } from './strong-login.ts';
import type { SessionChangeEvent, SessionStore } from '../core/session-store.ts';
import { adoptLightDomStyles, lightFormBaseStyles, shadowControlStyles } from '../core/styles/controls.ts';
import { hostStyles } from '../core/styles/tokens.ts';
import { lv } from './i18n/lv.ts';
import { loginFields, renderLoginForm, type FieldName, type LoginFormContext } from './login-forms.ts';
import { ownerLoginStyles } from './owner-login.styles.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

type View = 'unconfigured' | 'loading' | 'login' | 'change' | 'account';
type PasswordChangeModule = typeof import('./password-change.ts');
type ForcedPasswordChange = InstanceType<PasswordChangeModule['ForcedPasswordChange']>;
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
  #busy = false;
  #error: unknown = null;
  #notice: MessageKey | null = null;
  #fieldErrors: Partial<Record<FieldName, MessageKey>> = {};
  #showPassword = false;
  #focusAfterRender: FieldName | 'greeting' | 'message' | null = null;
  /**
   * The password just used to log in, kept in memory only until a forced password change takes
   * it over, so the resident does not have to type the temporary password twice.
   */
  #loginPassword: string | undefined;
  /** The forced password change's module, loaded once an account needs it, and the change on screen. */
  #changeModule: PasswordChangeModule | undefined;
  #changeLoading: Promise<void> | undefined;
  #change: ForcedPasswordChange | undefined;
  /** The tenant's strong-login providers, and the session store they were read for. */
  #providers: ReadonlyArray<StrongLoginProvider> = [];
  /** strong-login.ts, loaded with the providers when there are any: it renders their buttons. */
  #strong: StrongLoginModule | undefined;
  #providersOf: SessionStore | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    adoptLightDomStyles(this, lightFormBaseStyles);
  }

  protected override sessionChanged(event: SessionChangeEvent): void {
    if (!this.#busy) {
      // Another widget or tab acted: what this one said about an earlier attempt no longer applies.
      this.#error = event.reason === 'expired' ? { code: 'invalid_refresh_token' } : null;
      this.#fieldErrors = {};
      this.#notice = null;
    }
    if (event.reason === 'logout' || event.reason === 'expired') this.#resetChangeForm();
    super.sessionChanged(event);
  }

  get #view(): View {
    const session = this.session;
    if (!session) {
      // The session's module is on its way: a stored session will be restored, else it is a login.
      const config = this.sessionPending ? this.config : undefined;
      return config ? (hasStoredSession(config.api, config.tenant) ? 'loading' : 'login') : 'unconfigured';
    }
    if (session.status === 'restoring') return 'loading';
    if (session.status === 'anonymous' || !session.user) return 'login';
    return session.user.mustChangePassword ? 'change' : 'account';
  }

  protected override render(): TemplateResult {
    const view = this.#view;
    return html`
      <div part="base" class="base" aria-busy=${this.#busy || view === 'loading' ? 'true' : 'false'}>
        <div part="message" class="message" role="alert" tabindex="-1">${this.#errorMessage()}</div>
        <div part="notice" class="notice" role="status">${this.#notice ? this.t(this.#notice) : ''}</div>
        ${view === 'unconfigured' ? html`<p class="message">${this.t('common.configMissing')}</p>` : nothing}
        ${view === 'loading' ? html`<p>${this.t('common.loading')}</p>` : nothing}
        ${view === 'account' ? this.#renderAccount() : nothing}
        ${view === 'login' ? this.#renderStrongLogin() : nothing}
        <slot></slot>
      </div>
    `;
  }

  /** The light-DOM part, rendered after the shadow root on every update. */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const view = this.#view;
    const module = view === 'change' ? this.#loadChangeModule() : undefined;
    if (module && !this.#change) {
      adoptLightDomStyles(this, module.changeFormStyles);
      this.#change = new module.ForcedPasswordChange(this.#loginPassword);
      this.#loginPassword = undefined;
    }
    render(
      view === 'login'
        ? renderLoginForm(this.#formContext(), { submit: this.#submitLogin, forgotPassword: this.#forgotPassword })
        : module && this.#change
          ? module.renderPasswordChangeForm(this.#formContext(), loginFields, this.#change.state(this.session?.user?.email ?? ''), {
              submit: this.#submitChange,
              input: this.#readNewPasswords,
            })
          : nothing,
      this,
      { host: this },
    );
  }

  /** The change's module when here; else starts loading it and renders again once it is. */
  #loadChangeModule(): PasswordChangeModule | undefined {
    if (this.#changeModule) return this.#changeModule;
    this.#changeLoading ??= import('./password-change.ts').then(
      (module) => {
        this.#changeModule = module;
        this.requestUpdate();
      },
      (error: unknown) => {
        // Offline: say so; the next render tries again.
        this.#changeLoading = undefined;
        this.#error = error instanceof Error && !('code' in error) ? { code: 'network_error' } : error;
        this.requestUpdate();
      },
    );
    return undefined;
  }

  #formContext(): LoginFormContext {
    return {
      id: this.#id,
      busy: this.#busy,
      showPassword: this.#showPassword,
      fieldErrors: this.#fieldErrors,
      t: (key, params) => this.t(key, params),
      setShowPassword: (show) => {
        this.#showPassword = show;
        this.requestUpdate();
      },
      logout: () => void this.#logout(),
    };
  }


  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const target = this.#focusAfterRender;
    if (!target) return;
    const element =
      target === 'greeting' || target === 'message'
        ? this.shadowRoot?.querySelector<HTMLElement>(`[part="${target}"]`)
        : this.querySelector<HTMLElement>(`[name="${target}"]`);
    // The password change's form appears only once its module is here: focus it then.
    if (!element && this.#view === 'change' && !this.#change) return;
    this.#focusAfterRender = null;
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
      if (location.hash.startsWith('#doorstep-oidc')) void this.#strongLogin(null);
    }
    if (this.#providers.length === 0 || !this.#strong) return nothing;
    return this.#strong.renderStrongLoginButtons(this.#providers, {
      busy: this.#busy,
      label: (name) => this.t('owner-login.strongLogin', { name }),
      choose: (slug) => void this.#strongLogin(slug),
    });
  }

  /** Logs in with `provider` (a popup, or this window when the popup is blocked); `null`: finishes a login this page came back from. */
  readonly #strongLogin = async (provider: string | null): Promise<void> => {
    const session = this.session;
    if (this.#busy || !session) return;
    const remember = this.querySelector<HTMLInputElement>('input[name="remember"]')?.checked ?? false;
    this.#busy = true;
    this.#error = null;
    this.#notice = null;
    this.requestUpdate();
    try {
      // Loaded already when the buttons appeared, so the popup opens within the click's activation.
      const strong = await import('./strong-login.ts');
      const user =
        provider === null
          ? await strong.finishReturnedLogin(session)
          : await session.loginWithStrongCode(await strong.openStrongLogin({ api: session.api, tenant: session.tenant, provider, remember }));
      if (!user) return;
      this.#focusAfterRender = 'greeting';
      this.dispatchEvent(new DoorstepLoginEvent(user));
    } catch (error) {
      // A closed or blocked popup does not come through the API client, which fetches error texts.
      await loadErrorTexts([this.language]);
      this.#error = error;
      // Not about a field (a closed popup, the network): focus goes to the message itself.
      this.#focusAfterRender = 'message';
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  };

  #renderAccount(): TemplateResult {
    return html`
      <div class="account">
        <p part="greeting" class="greeting" tabindex="-1">
          ${this.t('owner-login.greeting', { name: this.session?.user?.name ?? '' })}
        </p>
        <button part="logout-button" class="button button--secondary" type="button" @click=${this.#logout}>
          ${this.t('owner-login.logout')}
        </button>
      </div>
    `;
  }

  #errorMessage(): string {
    const error = this.#error;
    if (!error) return '';
    const text = this.errorText(error);
    const { code, retryAt, retryAfter } = error as Partial<ApiError>;
    if (code === 'locked_out' && retryAt instanceof Date) return `${text} ${this.#tryAgainAt(retryAt)}`;
    if (code === 'rate_limited' && typeof retryAfter === 'number' && retryAfter > 0) {
      return `${text} ${this.t('common.tryAgainIn', { count: Math.ceil(retryAfter / 60) })}`;
    }
    return text;
  }

  /** "after 14:05" in the resident's own time zone; with the date when it is not today. */
  #tryAgainAt(at: Date): string {
    const time = this.formatTime(at);
    return at.toDateString() === new Date().toDateString()
      ? this.t('common.tryAgainAt', { time })
      : this.t('common.tryAgainOn', { date: this.formatDate(at), time });
  }

  readonly #submitLogin = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this.#busy || (!this.session && !this.sessionPending)) return;
    // Read the inputs themselves: password managers fill them without firing input events.
    const form = event.currentTarget as HTMLFormElement;
    const email = inputOf(form, 'email').value.trim();
    const password = inputOf(form, 'password').value;
    const remember = inputOf(form, 'remember').checked;
    this.#fieldErrors = {};
    if (!email) this.#fieldErrors.email = 'common.required';
    else if (!/^[^\s@]+@[^\s@]+$/.test(email)) this.#fieldErrors.email = 'common.invalidEmail';
    if (!password) this.#fieldErrors.password = 'common.required';
    if (this.#showFieldErrors()) return;

    this.#busy = true;
    this.#error = null;
    this.#notice = null;
    this.requestUpdate();
    try {
      // Usually here long before anyone submits; a submit that comes first waits for it.
      const session = this.session ?? (await this.whenSession().catch(() => Promise.reject({ code: 'network_error' })));
      if (!session) return;
      const user = await session.login(email, password, remember);
      if (user.mustChangePassword) {
        this.#loginPassword = password;
        this.#focusAfterRender = 'newPassword';
      } else {
        this.#focusAfterRender = 'greeting';
      }
      this.dispatchEvent(new DoorstepLoginEvent(user));
    } catch (error) {
      this.#error = error;
      const fields = (error as Partial<ApiError>).fields ?? {};
      if ('email' in fields) this.#fieldErrors.email = 'common.invalidEmail';
      if ('password' in fields) this.#fieldErrors.password = 'common.required';
      // A field's error takes focus to that field; anything else (wrong email or password, too
      // many attempts, the network) to the message, so it is read and the next try starts there.
      this.#focusAfterRender = 'email' in fields ? 'email' : 'password' in fields ? 'password' : 'message';
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  };

  readonly #submitChange = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const session = this.session;
    const change = this.#change;
    if (this.#busy || !session || !change) return;
    const form = event.currentTarget as HTMLFormElement;
    this.#error = null;
    this.#fieldErrors = change.check(form, session.user?.email ?? '');
    if (this.#showFieldErrors()) return;
    this.#busy = true;
    this.requestUpdate();
    const outcome = await change.send(session, form);
    if (outcome.changed) {
      this.#resetChangeForm();
      this.#notice = 'owner-login.passwordChanged';
    }
    this.#error = outcome.error;
    this.#fieldErrors = outcome.fieldErrors;
    this.#focusAfterRender = outcome.focus;
    this.#busy = false;
    this.requestUpdate();
  };

  readonly #readNewPasswords = (event: Event): void => {
    if (this.#change?.read(event.currentTarget as HTMLFormElement)) this.requestUpdate();
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

  readonly #logout = async (): Promise<void> => {
    const session = this.session;
    if (!session) return;
    this.#focusAfterRender = 'email';
    await session.logout();
    this.dispatchEvent(new DoorstepLogoutEvent());
  };

  /** Renders the field errors and focuses the first field with one; false when there are none. */
  #showFieldErrors(): boolean {
    const first = (['email', 'password', 'currentPassword', 'newPassword', 'repeatPassword'] as const).find(
      (name) => this.#fieldErrors[name],
    );
    if (!first) return false;
    this.#focusAfterRender = first;
    this.requestUpdate();
    return true;
  }

  #resetChangeForm(): void {
    this.#loginPassword = undefined;
    this.#change = undefined;
  }
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
