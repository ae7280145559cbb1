/**
 * @module
 * `<owner-profile>`: the resident's own settings. Contact details and the language of emails,
 * which emails to receive, the login email (changed only when the link sent to the new address is
 * followed; the old address is told), the password (old once, new twice, with the live rules; the
 * other sessions end) and "Iziet visās ierīcēs". Links from emails that land on the page are
 * handled here too: `#token=…&flow=email` confirms a new address, `flow=unsubscribe` turns one
 * kind of email off. Every form is in the light DOM, so password managers see them.
 */
// The session at the first render: only <owner-login> shows something before it arrives.
import '../core/session-store.ts';
import { html, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import type { ApiError } from '../core/api-error.ts';
import type { Answer } from '../core/api-routes.ts';
import { DoorstepElement } from '../core/base-element.ts';
import { DoorstepLogoutEvent } from '../core/events/doorstep-logout.ts';
import { registerMessages, type MessageKey, type MessageParams } from '../core/i18n/messages.ts';
import { renderPasswordRules } from '../core/password-rule-list.ts';
import type { SessionChangeEvent } from '../core/session-store.ts';
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
import { forgetEmailLink, readEmailLink, type EmailLink } from '../password-reset/email-link.ts';
import { DoorstepProfileChangeEvent } from './doorstep-profile-change.ts';
import { lv } from './i18n/lv.ts';
import { ownerProfileStyles } from './owner-profile.styles.ts';
import { EMAIL_CATEGORIES, type EmailCategory, type Profile } from './profile.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

type FormName = 'contact' | 'emails' | 'email' | 'password' | 'sessions';
interface FormState {
  busy: boolean;
  error: unknown;
  notice: string;
  fields: Record<string, string>;
}
const idle = (): FormState => ({ busy: false, error: null, notice: '', fields: {} });

let instanceCount = 0;

/**
 * @summary The resident's profile: contact details, email language and preferences, login email,
 * password, and logout on every device.
 *
 * @attr api - Base URL of the Doorstep API; else taken from `<doorstep-config>`.
 * @attr tenant - The property manager's slug; else taken from `<doorstep-config>`.
 * @attr lang - `lv` (default), `en` or `ru`; else the closest ancestor's `lang`, else the page's.
 *
 * @event {DoorstepProfileChangeEvent} doorstep-profile-change - A change was saved; `detail.profile` is the new profile.
 * @event {DoorstepLogoutEvent} doorstep-logout - "Iziet visās ierīcēs" ended every session.
 *
 * @csspart base - The wrapper of everything shown in the shadow root.
 * @csspart message - An error of an email link (an `aria-live` alert), e.g. an expired confirmation.
 * @csspart notice - The result of an email link (a `status` region), e.g. "E-pasta adrese nomainīta".
 *
 * @cssproperty --doorstep-profile-max-width - Width limit of the content. Default `32rem`.
 * @cssproperty --doorstep-profile-divider-color - The line between the sections. Default `#d0d4d9`.
 * @cssproperty --doorstep-color-primary - Buttons and checkboxes. Default `#0b57d0`.
 * @cssproperty --doorstep-color-error - Errors and unmet password rules. Default `#b3261e`.
 * @cssproperty --doorstep-color-success - Met password rules and saved messages. Default `#146c2e`.
 *
 * Each section is a light-DOM `form.doorstep-form[data-form="contact|emails|email|password|sessions"]`
 * with a `.doorstep-form-message` (alert) and a `.doorstep-form-notice` (status) line.
 */
export class OwnerProfile extends DoorstepElement {
  static override styles = [hostStyles, shadowControlStyles, ownerProfileStyles];

  readonly #id = `doorstep-profile-${++instanceCount}`;
  #profile: Profile | null = null;
  #loading: Promise<void> | null = null;
  #forms: Record<FormName, FormState> = { contact: idle(), emails: idle(), email: idle(), password: idle(), sessions: idle() };
  #link: { error: unknown; notice: string } = { error: null, notice: '' };
  #password = { current: '', next: '', repeat: '', refused: noRefusals() as Refusals };
  #focus: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    adoptLightDomStyles(this, lightFormStyles);
    adoptLightDomStyles(this, accountFormStyles);
    const link = readEmailLink(['email', 'unsubscribe']);
    if (link) {
      forgetEmailLink();
      void this.updateComplete.then(() => this.#followLink(link));
    }
  }

  protected override sessionChanged(event: SessionChangeEvent): void {
    if (event.reason === 'logout' || event.reason === 'expired') {
      this.#profile = null;
      this.#forms = { contact: idle(), emails: idle(), email: idle(), password: idle(), sessions: idle() };
    }
    super.sessionChanged(event);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.session?.status === 'authenticated' && !this.#profile && !this.#loading) this.#loading = this.#load();
  }

  async #load(): Promise<void> {
    try {
      this.#profile = (await this.client?.call('get', '/me/profile')) ?? null;
    } catch (error) {
      this.#forms.contact.error = error;
    } finally {
      this.#loading = null;
      this.requestUpdate();
    }
  }

  protected override render(): TemplateResult {
    const authenticated = this.session?.status === 'authenticated';
    return html`
      <div part="base" class="base" aria-busy=${this.#loading ? 'true' : 'false'}>
        <div part="message" class="message" role="alert">${this.#link.error ? accountErrorText(this, this.#link.error) : ''}</div>
        <div part="notice" class="notice" role="status">${this.#link.notice}</div>
        ${!this.session ? html`<p class="message">${this.t('common.configMissing')}</p>` : nothing}
        ${this.session && this.session.status !== 'restoring' && !authenticated ? html`<p>${this.t('owner-profile.loginFirst')}</p>` : nothing}
        ${authenticated && !this.#profile ? html`<p>${this.t('common.loading')}</p>` : nothing}
        <slot></slot>
      </div>
    `;
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const profile = this.session?.status === 'authenticated' ? this.#profile : null;
    render(profile ? this.#renderForms(profile) : nothing, this, { host: this });
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!this.#focus) return;
    this.querySelector<HTMLElement>(this.#focus)?.focus();
    this.#focus = null;
  }

  #renderForms(p: Profile): TemplateResult {
    const id = this.#id;
    const f = this.#forms;
    const pw = this.#password;
    const rules = newPasswordRules({ password: pw.next, repeat: pw.repeat, email: p.email, currentPassword: pw.current, refused: pw.refused });
    const username = html`<input name="username" type="email" autocomplete="username" .value=${p.email} hidden readonly />`;
    return html`
      ${this.#form('contact', 'owner-profile.contactLegend', html`
        ${renderField({ id: `${id}-name`, name: 'name', autocomplete: 'name', label: this.t('owner-profile.name'), value: p.name, error: f.contact.fields['name'], required: false })}
        ${renderField({ id: `${id}-phone`, name: 'phone', type: 'tel', autocomplete: 'tel', label: this.t('owner-profile.phone'), hint: this.t('owner-profile.phoneHint'), value: p.phone ?? '', error: f.contact.fields['phone'], required: false })}
        <div class="doorstep-field">
          <label for="${id}-language">${this.t('owner-profile.language')}</label>
          <p id="${id}-language-hint" class="doorstep-hint">${this.t('owner-profile.languageHint')}</p>
          <select id="${id}-language" name="language" class="doorstep-input doorstep-select" aria-describedby="${id}-language-hint">
            ${(['lv', 'en', 'ru'] as const).map((code) => html`<option value=${code} lang=${code} ?selected=${p.language === code}>${LANGUAGE_NAMES[code]}</option>`)}
          </select>
        </div>`, 'owner-profile.save')}
      ${this.#form('emails', 'owner-profile.notificationsLegend', html`
        ${EMAIL_CATEGORIES.map((category) => renderCheckbox(`${id}-${category}`, category, this.t(`owner-profile.${category}`), p.emailPreferences[category]))}`, 'owner-profile.save')}
      ${this.#form('email', 'owner-profile.emailLegend', html`
        <p>${this.t('owner-profile.currentEmail', { email: p.email })}</p>
        ${p.pendingEmail ? html`<p>${this.t('owner-profile.pendingEmail', { email: p.pendingEmail })}</p>` : nothing}
        ${username}
        ${renderField({ id: `${id}-new-email`, name: 'newEmail', type: 'email', autocomplete: 'email', label: this.t('owner-profile.newEmail'), error: f.email.fields['newEmail'] })}
        ${renderField({ id: `${id}-email-password`, name: 'currentPassword', type: 'password', autocomplete: 'current-password', label: this.t('owner-profile.currentPassword'), error: f.email.fields['currentPassword'] })}`, 'owner-profile.changeEmail')}
      ${this.#form('password', 'owner-profile.passwordLegend', html`
        ${username}
        ${renderField({ id: `${id}-current`, name: 'currentPassword', type: 'password', autocomplete: 'current-password', label: this.t('owner-profile.currentPassword'), value: pw.current, error: f.password.fields['currentPassword'] })}
        ${renderField({
          id: `${id}-next`,
          name: 'newPassword',
          type: 'password',
          autocomplete: 'new-password',
          label: this.t('owner-profile.newPassword'),
          value: pw.next,
          error: f.password.fields['newPassword'],
          describedBy: `${id}-rules-heading ${id}-rules`,
          after: html`<p id="${id}-rules-heading" class="doorstep-hint">${this.t('password.rulesHeading')}</p>${renderPasswordRules(this, `${id}-rules`, rules)}`,
        })}
        ${renderField({
          id: `${id}-repeat`,
          name: 'repeatPassword',
          type: 'password',
          autocomplete: 'new-password',
          label: this.t('owner-profile.repeatPassword'),
          value: pw.repeat,
          error: f.password.fields['repeatPassword'],
          describedBy: `${id}-match`,
          after: renderPasswordRules(this, `${id}-match`, [matchRule(pw.next, pw.repeat)]),
        })}`, 'owner-profile.changePassword')}
      ${this.#form('sessions', 'owner-profile.sessionsLegend', html`<p>${this.t('owner-profile.logoutEverywhereHint')}</p>`, 'owner-profile.logoutEverywhere')}
    `;
  }

  #form(name: FormName, legend: MessageKey, fields: TemplateResult, submit: MessageKey): TemplateResult {
    const state = this.#forms[name];
    return html`
      <form class="doorstep-form" data-form=${name} novalidate aria-busy=${state.busy ? 'true' : 'false'} @submit=${this.#submit} @input=${this.#input}>
        <fieldset>
          <legend>${this.t(legend)}</legend>
          ${fields}
        </fieldset>
        <p class="doorstep-form-message" role="alert" tabindex="-1">${state.error ? accountErrorText(this, state.error) : ''}</p>
        <p class="doorstep-form-notice" role="status">${state.notice}</p>
        <div class="doorstep-actions">
          <button class="doorstep-button ${name === 'sessions' ? 'doorstep-button--secondary' : ''}" type="submit" aria-disabled=${state.busy ? 'true' : 'false'}>
            ${state.busy ? this.t('owner-profile.saving') : this.t(submit)}
          </button>
        </div>
      </form>
    `;
  }

  readonly #input = (event: Event): void => {
    const form = event.currentTarget as HTMLFormElement;
    if (form.dataset['form'] !== 'password') return;
    this.#password = { ...this.#password, current: formValue(form, 'currentPassword'), next: formValue(form, 'newPassword'), repeat: formValue(form, 'repeatPassword') };
    this.requestUpdate();
  };

  readonly #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = form.dataset['form'] as FormName;
    const state = this.#forms[name];
    if (state.busy || !this.client || !this.session) return;
    this.#forms[name] = { ...idle(), busy: true };
    this.requestUpdate();
    const done = (notice = '', fields: Record<string, string> = {}, error: unknown = null) => {
      this.#forms[name] = { busy: false, notice, fields, error };
      const first = Object.keys(fields)[0];
      if (first) this.#focus = `form[data-form="${name}"] [name="${first}"]`;
      // An error about no field (too many attempts, the network): focus goes to the form's message.
      else if (error) this.#focus = `form[data-form="${name}"] .doorstep-form-message`;
      this.requestUpdate();
    };
    try {
      if (name === 'contact') {
        const phone = formValue(form, 'phone').trim();
        await this.#save({ name: formValue(form, 'name'), phone: phone || null, language: formValue(form, 'language') as Profile['language'] });
        done(this.t('owner-profile.saved'));
      } else if (name === 'emails') {
        const preferences = Object.fromEntries(EMAIL_CATEGORIES.map((category) => [category, formChecked(form, category)])) as Record<EmailCategory, boolean>;
        await this.#save({ emailPreferences: preferences });
        done(this.t('owner-profile.saved'));
      } else if (name === 'email') {
        const newEmail = formValue(form, 'newEmail').trim();
        const currentPassword = formValue(form, 'currentPassword');
        const fields: Record<string, string> = {};
        if (!looksLikeEmail(newEmail)) fields['newEmail'] = this.t(newEmail ? 'common.invalidEmail' : 'common.required');
        if (!currentPassword) fields['currentPassword'] = this.t('common.required');
        if (Object.keys(fields).length) return done('', fields);
        await this.client.post('/me/email', { newEmail, currentPassword });
        form.reset();
        this.#profile = (await this.client.call('get', '/me/profile')) ?? this.#profile;
        done(this.t('owner-profile.emailSent', { email: newEmail }));
      } else if (name === 'password') {
        const pw = this.#password;
        const rules = newPasswordRules({ password: pw.next, repeat: pw.repeat, email: this.#profile?.email ?? '', currentPassword: pw.current, refused: pw.refused });
        const fields: Record<string, string> = {};
        if (!pw.current) fields['currentPassword'] = this.t('common.required');
        if (!rules.every((rule) => rule.met)) fields['newPassword'] = this.t('error.password_rejected');
        else if (!matchRule(pw.next, pw.repeat).met) fields['repeatPassword'] = this.t('owner-profile.passwordsDiffer');
        if (Object.keys(fields).length) return done('', fields);
        await this.session.changePassword(pw.current, pw.next);
        this.#password = { current: '', next: '', repeat: '', refused: noRefusals() };
        done(this.t('owner-profile.passwordChanged'));
      } else {
        await this.client.post('/auth/logout-everywhere');
        await this.session.logout();
        this.dispatchEvent(new DoorstepLogoutEvent());
      }
    } catch (error) {
      done('', this.#fieldErrors(name, error as Partial<ApiError>), error);
    }
  };

  #fieldErrors(name: FormName, error: Partial<ApiError>): Record<string, string> {
    const codes = (field: string) => error.fieldCodes?.(field) ?? [];
    const fields: Record<string, string> = {};
    if (codes('name').length) fields['name'] = this.t('owner-profile.invalidName');
    if (codes('phone').length) fields['phone'] = this.t('owner-profile.invalidPhone');
    const emailCode = codes('newEmail')[0];
    if (emailCode) fields['newEmail'] = emailCode === 'same_as_current' ? this.t('owner-profile.sameEmail') : this.t(emailProblemKey(emailCode));
    if (error.code === 'current_password_incorrect') fields['currentPassword'] = this.t('error.current_password_incorrect');
    if (name === 'password' && error.code === 'password_rejected') {
      this.#password = { ...this.#password, refused: rememberRefusal(this.#password.refused, this.#password.next, codes('newPassword')) };
      fields['newPassword'] = this.t('error.password_rejected');
    }
    return fields;
  }

  async #save(change: Partial<Profile>): Promise<void> {
    this.#profile = await this.client!.call('patch', '/me', { body: change });
    this.dispatchEvent(new DoorstepProfileChangeEvent(this.#profile));
    // Other widgets greet by name: let them see the new one.
    await this.session?.reload().catch(() => undefined);
  }

  async #followLink(link: EmailLink): Promise<void> {
    await this.session?.ready;
    const client = this.client;
    if (!client) return;
    const say = (key: MessageKey, params: MessageParams) => (this.#link = { error: null, notice: this.t(key, params) });
    try {
      if (link.flow === 'email') {
        const result = await client.call('post', '/me/email/confirm', { body: { token: link.token }, auth: false });
        say('owner-profile.emailChanged', { email: result.email });
        if (this.session?.status === 'authenticated') {
          this.#profile = null;
          await this.session.reload().catch(() => undefined);
        }
      } else {
        const result = await client.post<Answer<'/email/unsubscribe', 'post'>>('/email/unsubscribe', { token: link.token }, { auth: false });
        say('owner-profile.unsubscribed', { category: this.t(`owner-profile.${result.category}`) });
        this.#profile = null;
      }
    } catch (error) {
      this.#link = { error, notice: '' };
    }
    this.requestUpdate();
  }
}

/** Each language named in itself, as language pickers do. */
const LANGUAGE_NAMES = { lv: 'Latviešu', en: 'English', ru: 'Русский' } as const;
