/**
 * @module
 * `<owner-login>` once a resident is in, or about to be: the logged-in view with "Iziet", the
 * forced first-login password change (its form comes from password-change.ts, loaded only when an
 * account must change its password), and the time a locked-out login may try again.
 *
 * A visitor who only sees the login form needs none of it, so it is no part of the element's first
 * load: the element imports it when a session is on its way (a remembered one being restored, the
 * form in use or sent, a login in another widget) and shows "loading" until it is here. The
 * strong-login buttons stay with the element: a logged-out page shows them at once.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ApiError } from '../core/api-error.ts';
import { DoorstepLoginEvent } from '../core/events/doorstep-login.ts';
import { DoorstepLogoutEvent } from '../core/events/doorstep-logout.ts';
import { adoptLightDomStyles } from '../core/styles/controls.ts';
// Types only: the field helpers come from the element (`LoginFields`), so that login-forms.ts
// stays in the element's own chunk instead of one shared with this module.
import type { LoginHost } from './login-forms.ts';

type PasswordChangeModule = typeof import('./password-change.ts');
type ForcedPasswordChange = InstanceType<PasswordChangeModule['ForcedPasswordChange']>;

export class AfterLogin {
  readonly #host: LoginHost;
  /**
   * The password just used to log in, kept in memory only until a forced password change takes
   * it over, so the resident does not have to type the temporary password twice.
   */
  #loginPassword: string | undefined;
  /** The forced password change's module, loaded once an account needs it, and the change on screen. */
  #changeModule: PasswordChangeModule | undefined;
  #changeLoading: Promise<void> | undefined;
  #change: ForcedPasswordChange | undefined;

  constructor(host: LoginHost) {
    this.#host = host;
  }

  /** The password change's form is on screen (its fields can take focus). */
  get changeShown(): boolean {
    return this.#change !== undefined;
  }

  /** The login form was sent: checks it, logs in, and says what went wrong. */
  async submitLogin(form: HTMLFormElement): Promise<void> {
    const host = this.#host;
    const { element, state } = host;
    if (state.busy) return;
    // Read the inputs themselves: password managers fill them without firing input events.
    const email = inputOf(form, 'email').value.trim();
    const password = inputOf(form, 'password').value;
    const remember = inputOf(form, 'remember').checked;
    state.fieldErrors = {};
    if (!email) state.fieldErrors.email = 'common.required';
    else if (!/^[^\s@]+@[^\s@]+$/.test(email)) state.fieldErrors.email = 'common.invalidEmail';
    if (!password) state.fieldErrors.password = 'common.required';
    if (this.#showFieldErrors()) return;

    state.busy = true;
    state.error = null;
    state.notice = null;
    element.requestUpdate();
    try {
      // Usually here long before anyone submits; a submit that comes first waits for it.
      const session = host.session() ?? (await host.whenSession().catch(() => Promise.reject({ code: 'network_error' })));
      if (!session) return;
      const user = await session.login(email, password, remember);
      if (user.mustChangePassword) {
        this.#loginPassword = password;
        state.focus = 'newPassword';
      } else {
        state.focus = 'greeting';
      }
      element.dispatchEvent(new DoorstepLoginEvent(user));
    } catch (error) {
      state.error = error;
      const fields = (error as Partial<ApiError>).fields ?? {};
      if ('email' in fields) state.fieldErrors.email = 'common.invalidEmail';
      if ('password' in fields) state.fieldErrors.password = 'common.required';
      // A field's error takes focus to that field; anything else (wrong email or password, too
      // many attempts, the network) to the message, so it is read and the next try starts there.
      state.focus = 'email' in fields ? 'email' : 'password' in fields ? 'password' : 'message';
    } finally {
      state.busy = false;
      element.requestUpdate();
    }
  }

  /** Logged out or expired: a change on screen (and the password it kept) goes. */
  reset(): void {
    this.#loginPassword = undefined;
    this.#change = undefined;
  }

  /** The logged-in view, in the shadow root: "Sveiki, Anna!" and "Iziet". */
  renderAccount(): TemplateResult {
    const { element, session } = this.#host;
    return html`
      <div class="account">
        <p part="greeting" class="greeting" tabindex="-1">
          ${element.t('owner-login.greeting', { name: session()?.user?.name ?? '' })}
        </p>
        <button part="logout-button" class="button button--secondary" type="button" @click=${this.#logout}>
          ${element.t('owner-login.logout')}
        </button>
      </div>
    `;
  }

  /** The forced change's light-DOM form; nothing while its module is on its way (it renders again then). */
  renderChange(): TemplateResult | typeof nothing {
    const module = this.#loadChangeModule();
    if (!module) return nothing;
    const { element, session } = this.#host;
    if (!this.#change) {
      adoptLightDomStyles(element, module.changeFormStyles);
      this.#change = new module.ForcedPasswordChange(this.#loginPassword);
      this.#loginPassword = undefined;
    }
    return module.renderPasswordChangeForm(
      { ...this.#host.form(), logout: () => void this.#logout() },
      this.#host.fields,
      this.#change.state(session()?.user?.email ?? ''),
      { submit: this.#submitChange, input: this.#readNewPasswords },
    );
  }

  /** `text` (the error's own), with when to try again after a lockout or too many requests. */
  withRetryTime(text: string, error: unknown): string {
    const { element } = this.#host;
    const { code, retryAt, retryAfter } = error as Partial<ApiError>;
    // The retry texts come with the error texts (core/i18n/errors): none while those are on their way.
    if (!text) return text;
    if (code === 'locked_out' && retryAt instanceof Date) {
      // "after 14:05" in the resident's own time zone; with the date when it is not today.
      const time = element.formatTime(retryAt);
      const again =
        retryAt.toDateString() === new Date().toDateString()
          ? element.t('retry.at', { time })
          : element.t('retry.on', { date: element.formatDate(retryAt), time });
      return `${text} ${again}`;
    }
    if (code === 'rate_limited' && typeof retryAfter === 'number' && retryAfter > 0) {
      return `${text} ${element.t('retry.in', { count: Math.ceil(retryAfter / 60) })}`;
    }
    return text;
  }

  /** The change's module when here; else starts loading it and renders again once it is. */
  #loadChangeModule(): PasswordChangeModule | undefined {
    if (this.#changeModule) return this.#changeModule;
    const { element, state } = this.#host;
    this.#changeLoading ??= import('./password-change.ts').then(
      (module) => {
        this.#changeModule = module;
        element.requestUpdate();
      },
      (error: unknown) => {
        // Offline: say so; the next render tries again.
        this.#changeLoading = undefined;
        state.error = error instanceof Error && !('code' in error) ? { code: 'network_error' } : error;
        element.requestUpdate();
      },
    );
    return undefined;
  }

  readonly #submitChange = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const { element, state } = this.#host;
    const session = this.#host.session();
    const change = this.#change;
    if (state.busy || !session || !change) return;
    const form = event.currentTarget as HTMLFormElement;
    state.error = null;
    state.fieldErrors = change.check(form, session.user?.email ?? '');
    if (this.#showFieldErrors()) return;
    state.busy = true;
    element.requestUpdate();
    const outcome = await change.send(session, form);
    if (outcome.changed) {
      this.reset();
      state.notice = 'owner-login.passwordChanged';
    }
    state.error = outcome.error;
    state.fieldErrors = outcome.fieldErrors;
    state.focus = outcome.focus;
    state.busy = false;
    element.requestUpdate();
  };

  readonly #readNewPasswords = (event: Event): void => {
    if (this.#change?.read(event.currentTarget as HTMLFormElement)) this.#host.element.requestUpdate();
  };

  /** Renders the field errors and focuses the first field with one; false when there are none. */
  #showFieldErrors(): boolean {
    const { element, state } = this.#host;
    const first = (['email', 'password', 'currentPassword', 'newPassword', 'repeatPassword'] as const).find((name) => state.fieldErrors[name]);
    if (!first) return false;
    state.focus = first;
    element.requestUpdate();
    return true;
  }

  readonly #logout = async (): Promise<void> => {
    const session = this.#host.session();
    if (!session) return;
    this.#host.state.focus = 'email';
    await session.logout();
    this.#host.element.dispatchEvent(new DoorstepLogoutEvent());
  };
}

function inputOf(form: HTMLFormElement, name: string): HTMLInputElement {
  return form.elements.namedItem(name) as HTMLInputElement;
}
