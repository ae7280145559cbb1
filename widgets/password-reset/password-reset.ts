/**
 * @module
 * `<password-reset>`: "Aizmirsi paroli?". Closed until `<owner-login>` asks for it (the
 * `doorstep-forgot-password` event) or the page opens with a reset link from the email
 * (`#token=…&flow=reset`). Then: email → link (30 minutes, single use) → new password twice with
 * the live rules → every session of the account ends. The answer to the email step is the same
 * whether or not the address has an account.
 */
// The session at the first render: only <owner-login> shows something before it arrives.
import '../core/session-store.ts';
import { html, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import type { ApiError } from '../core/api-error.ts';
import { DoorstepElement } from '../core/base-element.ts';
import { renderPasswordRules } from '../core/password-rule-list.ts';
import { adoptLightDomStyles, shadowControlStyles } from '../core/styles/controls.ts';
import { lightFormStyles } from '../core/styles/light-form.ts';
import { hostStyles } from '../core/styles/tokens.ts';
import {
  accountErrorText,
  accountFormStyles,
  emailProblemKey,
  formValue,
  looksLikeEmail,
  matchRule,
  newPasswordRules,
  noRefusals,
  rememberRefusal,
  renderField,
  type Refusals,
} from './account-form.ts';
import { DoorstepForgotPasswordEvent, DoorstepPasswordResetEvent } from './doorstep-forgot-password.ts';
import { forgetEmailLink, readEmailLink } from './email-link.ts';
import { passwordResetStyles } from './password-reset.styles.ts';

/** `failed`: the link from the email did not work; the error says why, a button asks for a new one. */
type Step = 'request' | 'requested' | 'reset' | 'done' | 'failed';

let instanceCount = 0;

/**
 * @summary The forgotten-password flow: ask for a reset link by email, then choose a new password
 * from the link, with the password rules shown live.
 *
 * @attr api - Base URL of the Doorstep API; else taken from `<doorstep-config>`.
 * @attr tenant - The property manager's slug; else taken from `<doorstep-config>`.
 * @attr lang - `lv` (default), `en` or `ru`; else the closest ancestor's `lang`, else the page's.
 * @attr open - Shown when present. Set by the element itself when `<owner-login>` asks for it or a
 *   reset link is opened; removed by "Atpakaļ".
 *
 * @event {DoorstepPasswordResetEvent} doorstep-password-reset - The new password was saved; log in with it.
 *
 * @csspart base - The wrapper of everything shown in the shadow root.
 * @csspart message - The error message (an `aria-live` alert), e.g. an expired link.
 * @csspart notice - The success message (a `status` region): link sent, password changed.
 *
 * @cssproperty --doorstep-password-reset-max-width - Width limit of the content. Default `28rem`.
 * @cssproperty --doorstep-color-primary - Buttons. Default `#0b57d0`.
 * @cssproperty --doorstep-color-error - Errors and unmet password rules. Default `#b3261e`.
 * @cssproperty --doorstep-color-success - Met password rules and success messages. Default `#146c2e`.
 *
 * The forms live in the light DOM (for password managers) with the core's class names
 * (`doorstep-form`, `doorstep-input`, `doorstep-rule[data-state]`, …).
 */
export class PasswordReset extends DoorstepElement {
  static override styles = [hostStyles, shadowControlStyles, passwordResetStyles];
  static override properties = { ...DoorstepElement.properties, open: { type: Boolean, reflect: true } };

  /** Whether the flow is shown. */
  declare open: boolean;

  readonly #id = `doorstep-reset-${++instanceCount}`;
  #step: Step = 'request';
  #busy = false;
  #error: unknown = null;
  #emailError: string | undefined;
  #email = '';
  #token: string | undefined;
  #password = '';
  #repeat = '';
  #passwordError: string | undefined;
  #refused: Refusals = noRefusals();
  #focus: string | null = null;

  readonly #onForgot = (event: Event) => {
    if (!(event instanceof CustomEvent) || event.type !== DoorstepForgotPasswordEvent.eventName) return;
    event.preventDefault();
    this.#email = String((event.detail as { email?: unknown })?.email ?? '');
    this.#show('request', 'email');
  };

  constructor() {
    super();
    this.open = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    adoptLightDomStyles(this, lightFormStyles);
    adoptLightDomStyles(this, accountFormStyles);
    this.ownerDocument.addEventListener(DoorstepForgotPasswordEvent.eventName, this.#onForgot);
    const link = readEmailLink(['reset']);
    if (link) {
      this.#token = link.token;
      forgetEmailLink();
      this.#show('reset', 'newPassword');
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ownerDocument.removeEventListener(DoorstepForgotPasswordEvent.eventName, this.#onForgot);
  }

  /** Opens the email step, e.g. from a host page's own "forgot password" link. */
  show(email = ''): void {
    this.#email = email;
    this.#show('request', 'email');
  }

  #show(step: Step, focus: string | null): void {
    this.#step = step;
    this.#error = null;
    this.#focus = focus;
    this.open = true;
    this.requestUpdate();
    void this.updateComplete.then(() => this.scrollIntoView?.({ block: 'nearest' }));
  }

  protected override render(): TemplateResult {
    const notice = this.#step === 'requested' ? this.t('password-reset.sent') : this.#step === 'done' ? this.t('password-reset.done') : '';
    return html`
      <div part="base" class="base" aria-busy=${this.#busy ? 'true' : 'false'}>
        <div part="message" class="message" role="alert" tabindex="-1">${this.#error ? accountErrorText(this, this.#error) : ''}</div>
        <div part="notice" class="notice" role="status">${notice}</div>
        <slot></slot>
      </div>
    `;
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const form = !this.open ? nothing : this.#step === 'request' ? this.#renderRequest() : this.#step === 'reset' ? this.#renderReset() : this.#renderAfter();
    render(form, this, { host: this });
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!this.#focus) return;
    const target = this.#focus === 'message' ? this.shadowRoot?.querySelector<HTMLElement>('[part="message"]') : this.querySelector<HTMLElement>(`[name="${this.#focus}"]`);
    this.#focus = null;
    target?.focus();
  }

  #renderRequest(): TemplateResult {
    return html`
      <form class="doorstep-form" novalidate @submit=${this.#request}>
        <fieldset>
          <legend>${this.t('password-reset.requestHeading')}</legend>
          <p>${this.t('password-reset.requestIntro')}</p>
          ${renderField({ id: `${this.#id}-email`, name: 'email', type: 'email', autocomplete: 'username', label: this.t('password-reset.email'), value: this.#email, error: this.#emailError })}
        </fieldset>
        <div class="doorstep-actions">
          <button class="doorstep-button" type="submit" aria-disabled=${this.#busy ? 'true' : 'false'}>
            ${this.t(this.#busy ? 'password-reset.sending' : 'password-reset.send')}
          </button>
          <button class="doorstep-button doorstep-button--secondary" type="button" @click=${this.#close}>${this.t('password-reset.back')}</button>
        </div>
      </form>
    `;
  }

  #renderReset(): TemplateResult {
    const id = this.#id;
    const rules = newPasswordRules({ password: this.#password, repeat: this.#repeat, refused: this.#refused });
    return html`
      <form class="doorstep-form" novalidate @submit=${this.#reset} @input=${this.#readPasswords}>
        <fieldset>
          <legend>${this.t('password-reset.resetHeading')}</legend>
          ${renderField({
            id: `${id}-new`,
            name: 'newPassword',
            type: 'password',
            autocomplete: 'new-password',
            label: this.t('password-reset.newPassword'),
            value: this.#password,
            error: this.#passwordError,
            describedBy: `${id}-rules-heading ${id}-rules`,
            after: html`<p id="${id}-rules-heading" class="doorstep-hint">${this.t('password.rulesHeading')}</p>
              ${renderPasswordRules(this, `${id}-rules`, rules)}`,
          })}
          ${renderField({
            id: `${id}-repeat`,
            name: 'repeatPassword',
            type: 'password',
            autocomplete: 'new-password',
            label: this.t('password-reset.repeatPassword'),
            value: this.#repeat,
            describedBy: `${id}-match`,
            after: renderPasswordRules(this, `${id}-match`, [matchRule(this.#password, this.#repeat)]),
          })}
        </fieldset>
        <div class="doorstep-actions">
          <button class="doorstep-button" type="submit" aria-disabled=${this.#busy ? 'true' : 'false'}>
            ${this.t(this.#busy ? 'password-reset.submitting' : 'password-reset.submit')}
          </button>
        </div>
      </form>
    `;
  }

  #renderAfter(): TemplateResult | typeof nothing {
    if (this.#step !== 'failed') return nothing;
    return html`<div class="doorstep-actions">
      <button class="doorstep-button doorstep-button--secondary" type="button" @click=${() => this.show()}>${this.t('password-reset.requestNew')}</button>
    </div>`;
  }

  readonly #close = (): void => {
    this.open = false;
    this.#error = null;
  };

  readonly #request = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const client = this.client;
    if (this.#busy || !client) return;
    this.#email = formValue(event.currentTarget as HTMLFormElement, 'email').trim();
    this.#emailError = !this.#email ? this.t('common.required') : looksLikeEmail(this.#email) ? undefined : this.t('common.invalidEmail');
    this.#error = null;
    if (this.#emailError) {
      this.#focus = 'email';
      this.requestUpdate();
      return;
    }
    this.#busy = true;
    this.requestUpdate();
    try {
      await client.post('/auth/password/forgot', { email: this.#email }, { auth: false });
      this.#step = 'requested';
    } catch (error) {
      this.#error = error;
      const field = (error as Partial<ApiError>).fieldCodes?.('email')[0];
      if (field) {
        this.#emailError = this.t(emailProblemKey(field));
        this.#focus = 'email';
      } else {
        // Not about the field (too many requests, the network): focus goes to the message itself.
        this.#focus = 'message';
      }
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  };

  readonly #readPasswords = (event: Event): void => {
    const form = event.currentTarget as HTMLFormElement;
    this.#password = formValue(form, 'newPassword');
    this.#repeat = formValue(form, 'repeatPassword');
    this.requestUpdate();
  };

  readonly #reset = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const client = this.client;
    if (this.#busy || !client || !this.#token) return;
    this.#readPasswords(event);
    const rules = newPasswordRules({ password: this.#password, repeat: this.#repeat, refused: this.#refused });
    this.#error = null;
    this.#passwordError = rules.every((rule) => rule.met) ? undefined : this.t('error.password_rejected');
    if (!this.#passwordError && !matchRule(this.#password, this.#repeat).met) this.#passwordError = this.t('password-reset.passwordsDiffer');
    if (this.#passwordError) {
      this.#focus = 'newPassword';
      this.requestUpdate();
      return;
    }
    this.#busy = true;
    this.requestUpdate();
    try {
      await client.post('/auth/password/reset', { token: this.#token, password: this.#password }, { auth: false });
      this.#token = undefined;
      this.#password = '';
      this.#repeat = '';
      this.#step = 'done';
      // The server ended every session of the account; a session on this page is one of them.
      if (this.session?.status === 'authenticated') await this.session.logout();
      this.dispatchEvent(new DoorstepPasswordResetEvent());
    } catch (error) {
      const apiError = error as Partial<ApiError>;
      if (apiError.code === 'password_rejected') {
        this.#refused = rememberRefusal(this.#refused, this.#password, apiError.fieldCodes?.('password') ?? []);
        this.#passwordError = this.t('error.password_rejected');
        this.#focus = 'newPassword';
      } else {
        if (apiError.code?.startsWith('token_')) {
          this.#step = 'failed';
          this.#token = undefined;
        }
        this.#focus = 'message';
      }
      this.#error = error;
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  };
}
