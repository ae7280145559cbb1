/**
 * @module
 * `<owner-register>`: self-registration for the contract holder. The proof is what the paper
 * invoice shows (account number, and the number and total of one of the last three invoices);
 * then email, password with the live rules, the terms and "Vēlos saņemt rēķinus uz norādīto
 * e-pastu". The answer is always "Reģistrācijas apstiprinājums tika nosūtīts uz Jūsu e-pasta
 * adresi!" (the server never tells whether the email already has an account). The link in the
 * email comes back to this page as `#token=…&flow=register`, and the element confirms it:
 * "Reģistrācija ir izdevusies!".
 *
 * When the manager has set up identity providers, registering with the bank (eParaksts, Smart-ID)
 * comes first, as at Ogre: the first strong login of a customer's personal code makes the account
 * with no invoice proof (the server matches the code against the manager's customers), and the
 * resident is logged in at once. It runs in a popup, or in this window when the popup is blocked
 * (widgets/owner-login/strong-login.ts).
 */
// The session at the first render: only <owner-login> shows something before it arrives.
import '../core/session-store.ts';
import { html, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import type { ApiError } from '../core/api-error.ts';
import { DoorstepElement } from '../core/base-element.ts';
import { DoorstepLoginEvent } from '../core/events/doorstep-login.ts';
import type { SessionStore } from '../core/session-store.ts';
import { registerMessages, type MessageKey } from '../core/i18n/messages.ts';
import { renderPasswordRules } from '../core/password-rule-list.ts';
import { adoptLightDomStyles, shadowControlStyles } from '../core/styles/controls.ts';
import { lightFormStyles } from '../core/styles/light-form.ts';
import { hostStyles } from '../core/styles/tokens.ts';
import {
  accountErrorText,
  accountFormStyles,
  emailProblemKey,
  formChecked,
  formValue,
  looksLikeEmail,
  matchRule,
  newPasswordRules,
  noRefusals,
  rememberRefusal,
  renderCheckbox,
  renderField,
  type Refusals,
} from '../password-reset/account-form.ts';
import { forgetEmailLink, readEmailLink } from '../password-reset/email-link.ts';
import { DoorstepRegisteredEvent } from './doorstep-registered.ts';
import { lv } from './i18n/lv.ts';
import { ownerRegisterStyles } from './owner-register.styles.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

type Step = 'form' | 'sent' | 'confirming' | 'registered' | 'strong' | 'failed';
type Field = 'accountNumber' | 'invoiceNumber' | 'invoiceTotal' | 'email' | 'password' | 'repeatPassword' | 'acceptTerms';
type TextField = Exclude<Field, 'acceptTerms'>;
const FIELDS: readonly Field[] = ['accountNumber', 'invoiceNumber', 'invoiceTotal', 'email', 'password', 'repeatPassword', 'acceptTerms'];

let instanceCount = 0;

/**
 * @summary Registration with proof from a recent invoice, live password rules and email confirmation.
 *
 * @attr api - Base URL of the Doorstep API; else taken from `<doorstep-config>`.
 * @attr tenant - The property manager's slug; else taken from `<doorstep-config>`.
 * @attr lang - `lv` (default), `en` or `ru`; else the closest ancestor's `lang`, else the page's.
 * @attr terms-url - The manager's terms of use; when given, "lietošanas noteikumiem" links to it.
 *
 * @event {DoorstepRegisteredEvent} doorstep-registered - The link from the email was confirmed; `detail.email` can log in.
 *
 * @csspart base - The wrapper of everything shown in the shadow root.
 * @csspart message - The error message (an `aria-live` alert): proof not matching, rate limit, expired link.
 * @csspart notice - The result (a `status` region): "Reģistrācijas apstiprinājums tika nosūtīts…", "Reģistrācija ir izdevusies!".
 *
 * @cssproperty --doorstep-register-max-width - Width limit of the content. Default `28rem`.
 * @cssproperty --doorstep-color-primary - Buttons and checkboxes. Default `#0b57d0`.
 * @cssproperty --doorstep-color-error - Errors and unmet password rules. Default `#b3261e`.
 * @cssproperty --doorstep-color-success - Met password rules and the result. Default `#146c2e`.
 *
 * The form lives in the light DOM (so password managers offer to save the new login) with the
 * core's class names (`doorstep-form`, `doorstep-input`, `doorstep-rule[data-state]`, …).
 */
export class OwnerRegister extends DoorstepElement {
  static override styles = [hostStyles, shadowControlStyles, ownerRegisterStyles];
  static override properties = { ...DoorstepElement.properties, termsUrl: { type: String, attribute: 'terms-url' } };

  declare termsUrl: string | undefined;

  readonly #id = `doorstep-register-${++instanceCount}`;
  #step: Step = 'form';
  #busy = false;
  #error: unknown = null;
  #errors: Partial<Record<Field, string>> = {};
  #values: Record<TextField, string> = {
    accountNumber: '',
    invoiceNumber: '',
    invoiceTotal: '',
    email: '',
    password: '',
    repeatPassword: '',
  };
  #acceptTerms = false;
  #invoicesByEmail = false;
  #refused: Refusals = noRefusals();
  #focus: Field | 'message' | null = null;
  #confirmedEmail = '';
  /** The tenant's strong-login providers ("register with the bank"), and for which session. */
  #providers: ReadonlyArray<{ slug: string; displayName: string }> = [];
  #providersOf: SessionStore | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    adoptLightDomStyles(this, lightFormStyles);
    adoptLightDomStyles(this, accountFormStyles);
    const link = readEmailLink(['register']);
    if (link) {
      forgetEmailLink();
      this.#step = 'confirming';
      void this.updateComplete.then(() => this.#confirm(link.token));
    } else if (location.hash.startsWith('#doorstep-oidc')) {
      // Back from registering with the bank in this window (the popup was blocked).
      void this.#strongRegister(null);
    }
  }

  protected override render(): TemplateResult {
    const notice: MessageKey | null =
      this.#step === 'sent'
        ? 'owner-register.sent'
        : this.#step === 'registered'
          ? 'owner-register.registered'
          : this.#step === 'strong'
            ? 'owner-register.registeredStrong'
            : this.#step === 'confirming'
              ? 'owner-register.confirming'
              : null;
    const hint: MessageKey | null = this.#step === 'sent' ? 'owner-register.sentHint' : this.#step === 'registered' ? 'owner-register.registeredHint' : null;
    return html`
      <div part="base" class="base" aria-busy=${this.#busy || this.#step === 'confirming' ? 'true' : 'false'}>
        <div part="message" class="message" role="alert" tabindex="-1">${this.#error ? accountErrorText(this, this.#error) : ''}</div>
        <div part="notice" class="notice" role="status">${notice ? this.t(notice) : ''}</div>
        ${hint ? html`<p>${this.t(hint)}</p>` : nothing}
        <slot></slot>
      </div>
    `;
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    // Someone logged in has an account already: the form would only confuse.
    const showForm = this.#step === 'form' && this.session?.status === 'anonymous';
    render(showForm ? this.#renderForm() : nothing, this, { host: this });
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!this.#focus) return;
    const target = this.#focus === 'message' ? this.shadowRoot?.querySelector<HTMLElement>('[part="message"]') : this.querySelector<HTMLElement>(`[name="${this.#focus}"]`);
    target?.focus();
    this.#focus = null;
  }

  #renderForm(): TemplateResult {
    const id = this.#id;
    const v = this.#values;
    const e = this.#errors;
    const rules = newPasswordRules({ password: v.password, repeat: v.repeatPassword, email: v.email, refused: this.#refused });
    const terms = this.termsUrl
      ? html`${this.t('owner-register.acceptTermsPrefix')}<a href=${this.termsUrl} target="_blank" rel="noopener">${this.t('owner-register.terms')}</a>`
      : this.t('owner-register.acceptTerms');
    return html`
      ${this.#renderStrongRegister()}
      <form class="doorstep-form" novalidate aria-busy=${this.#busy ? 'true' : 'false'} @submit=${this.#submit} @input=${this.#read}>
        <p>${this.t(this.#providers.length > 0 ? 'owner-register.introOr' : 'owner-register.intro')}</p>
        <fieldset>
          <legend>${this.t('owner-register.proofLegend')}</legend>
          ${renderField({ id: `${id}-account`, name: 'accountNumber', label: this.t('owner-register.accountNumber'), hint: this.t('owner-register.accountNumberHint'), value: v.accountNumber, error: e.accountNumber, inputmode: 'numeric' })}
          ${renderField({ id: `${id}-invoice`, name: 'invoiceNumber', label: this.t('owner-register.invoiceNumber'), value: v.invoiceNumber, error: e.invoiceNumber })}
          ${renderField({ id: `${id}-total`, name: 'invoiceTotal', label: this.t('owner-register.invoiceTotal'), hint: this.t('owner-register.invoiceTotalHint'), value: v.invoiceTotal, error: e.invoiceTotal, inputmode: 'decimal' })}
        </fieldset>
        <fieldset>
          <legend>${this.t('owner-register.loginLegend')}</legend>
          ${renderField({ id: `${id}-email`, name: 'email', type: 'email', autocomplete: 'username', label: this.t('owner-register.email'), value: v.email, error: e.email })}
          ${renderField({
            id: `${id}-password`,
            name: 'password',
            type: 'password',
            autocomplete: 'new-password',
            label: this.t('owner-register.password'),
            value: v.password,
            error: e.password,
            describedBy: `${id}-rules-heading ${id}-rules`,
            after: html`<p id="${id}-rules-heading" class="doorstep-hint">${this.t('password.rulesHeading')}</p>${renderPasswordRules(this, `${id}-rules`, rules)}`,
          })}
          ${renderField({
            id: `${id}-repeat`,
            name: 'repeatPassword',
            type: 'password',
            autocomplete: 'new-password',
            label: this.t('owner-register.repeatPassword'),
            value: v.repeatPassword,
            error: e.repeatPassword,
            describedBy: `${id}-match`,
            after: renderPasswordRules(this, `${id}-match`, [matchRule(v.password, v.repeatPassword)]),
          })}
        </fieldset>
        ${renderCheckbox(`${id}-terms`, 'acceptTerms', terms, this.#acceptTerms, e.acceptTerms)}
        ${renderCheckbox(`${id}-invoices`, 'invoicesByEmail', this.t('owner-register.invoicesByEmail'), this.#invoicesByEmail)}
        <div class="doorstep-actions">
          <button class="doorstep-button" type="submit" aria-disabled=${this.#busy ? 'true' : 'false'}>
            ${this.t(this.#busy ? 'owner-register.submitting' : 'owner-register.submit')}
          </button>
        </div>
      </form>
    `;
  }

  /** "Reģistrēties ar internetbanku": the providers' buttons, first, when the manager has any. */
  #renderStrongRegister(): TemplateResult | typeof nothing {
    const session = this.session;
    if (session && this.#providersOf !== session) {
      this.#providersOf = session;
      session.client.call('get', '/auth/oidc/providers', { auth: false }).then(
        ({ providers }) => {
          this.#providers = providers;
          // Ready before a click, so the popup opens within the click's activation.
          if (providers.length > 0) void import('../owner-login/strong-login.ts');
          this.requestUpdate();
        },
        () => undefined, // none offered: the invoice form is the way
      );
    }
    if (this.#providers.length === 0) return nothing;
    return html`
      <section class="doorstep-strong-register" aria-labelledby="${this.#id}-strong">
        <h3 id="${this.#id}-strong" class="doorstep-strong-heading">${this.t('owner-register.strongHeading')}</h3>
        <p>${this.t('owner-register.strongText')}</p>
        <div class="doorstep-actions">
          ${this.#providers.map(
            (provider) => html`<button
              class="doorstep-button"
              type="button"
              data-provider=${provider.slug}
              aria-disabled=${this.#busy ? 'true' : 'false'}
              @click=${() => this.#strongRegister(provider.slug)}
            >
              ${this.t('owner-register.strongRegister', { name: provider.displayName })}
            </button>`,
          )}
        </div>
      </section>
    `;
  }

  /** Registers (and logs in) through `provider`; `null`: finishes one this page came back from. */
  async #strongRegister(provider: string | null): Promise<void> {
    const session = this.session;
    if (!session || this.#busy) return;
    this.#busy = true;
    this.#error = null;
    this.requestUpdate();
    try {
      const strong = await import('../owner-login/strong-login.ts');
      const user =
        provider === null
          ? await strong.finishReturnedLogin(session)
          : await session.loginWithStrongCode(await strong.openStrongLogin({ api: session.api, tenant: session.tenant, provider, remember: false }));
      if (!user) return;
      this.#step = 'strong';
      this.dispatchEvent(new DoorstepLoginEvent(user));
    } catch (error) {
      this.#error = error;
      this.#focus = 'message';
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  }

  /** Keeps what was typed (and what a password manager filled) across re-renders. */
  readonly #read = (event: Event): void => {
    const form = (event.currentTarget ?? event.target) as HTMLFormElement;
    for (const name of Object.keys(this.#values) as TextField[]) this.#values[name] = formValue(form, name);
    this.#acceptTerms = formChecked(form, 'acceptTerms');
    this.#invoicesByEmail = formChecked(form, 'invoicesByEmail');
    this.requestUpdate();
  };

  #check(): boolean {
    const v = this.#values;
    const e: Partial<Record<Field, string>> = {};
    for (const name of ['accountNumber', 'invoiceNumber', 'invoiceTotal', 'email', 'password'] as const) if (!v[name].trim()) e[name] = this.t('common.required');
    if (!e.invoiceTotal && !/^\s*-?[\d\s]{1,12}([.,]\d{1,2})?\s*(€|EUR)?\s*$/i.test(v.invoiceTotal.replace(/^€/, ''))) e.invoiceTotal = this.t('owner-register.invalidTotal');
    if (!e.email && !looksLikeEmail(v.email.trim())) e.email = this.t('common.invalidEmail');
    if (!e.password && !newPasswordRules({ password: v.password, repeat: v.repeatPassword, email: v.email, refused: this.#refused }).every((r) => r.met)) {
      e.password = this.t('error.password_rejected');
    }
    if (!e.password && !matchRule(v.password, v.repeatPassword).met) e.repeatPassword = this.t('owner-register.passwordsDiffer');
    if (!this.#acceptTerms) e.acceptTerms = this.t('owner-register.mustAccept');
    this.#errors = e;
    this.#focus = FIELDS.find((name) => e[name]) ?? null;
    return !this.#focus;
  }

  readonly #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const client = this.client;
    if (this.#busy || !client) return;
    this.#read(event);
    this.#error = null;
    if (!this.#check()) return;
    const v = this.#values;
    this.#busy = true;
    this.requestUpdate();
    try {
      await client.post(
        '/auth/register',
        {
          accountNumber: v.accountNumber.trim(),
          invoiceNumber: v.invoiceNumber.trim(),
          invoiceTotal: v.invoiceTotal.trim(),
          email: v.email.trim(),
          password: v.password,
          acceptTerms: true,
          invoicesByEmail: this.#invoicesByEmail,
          language: this.language,
        },
        { auth: false },
      );
      this.#step = 'sent';
      this.#values = { ...this.#values, password: '', repeatPassword: '' };
    } catch (error) {
      this.#error = error;
      this.#showServerFields(error as Partial<ApiError>);
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  };

  #showServerFields(error: Partial<ApiError>): void {
    const codes = (field: string) => error.fieldCodes?.(field) ?? [];
    if (error.code === 'password_rejected') {
      this.#refused = rememberRefusal(this.#refused, this.#values.password, codes('password'));
      this.#errors.password = this.t('error.password_rejected');
    }
    if (codes('email')[0]) this.#errors.email = this.t(emailProblemKey(codes('email')[0]));
    if (codes('acceptTerms')[0]) this.#errors.acceptTerms = this.t('owner-register.mustAccept');
    for (const name of ['accountNumber', 'invoiceNumber', 'invoiceTotal'] as const) if (codes(name)[0]) this.#errors[name] = this.t('error.validation_failed');
    if (error.code === 'registration_proof_invalid') this.#focus = 'accountNumber';
    // Not about a field (too many attempts, the network): focus goes to the message itself.
    else this.#focus = FIELDS.find((name) => this.#errors[name]) ?? 'message';
  }

  async #confirm(token: string): Promise<void> {
    await this.session?.ready;
    const client = this.client;
    if (!client) {
      this.#step = 'failed';
      this.#error = { code: 'network_error' };
      this.requestUpdate();
      return;
    }
    try {
      const result = await client.call('post', '/auth/register/confirm', { body: { token }, auth: false });
      this.#confirmedEmail = result.email;
      this.#step = 'registered';
      this.dispatchEvent(new DoorstepRegisteredEvent(this.#confirmedEmail));
    } catch (error) {
      this.#step = 'failed';
      this.#error = error;
    } finally {
      this.requestUpdate();
    }
  }
}
