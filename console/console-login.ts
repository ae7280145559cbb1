/**
 * @module
 * `<console-login>`: the staff login, in the steps the server asks for (staff/staff-login.routes.ts):
 * email and password; then the code from the authenticator app, or at the first login the app's
 * set-up with a QR code; then, once, the recovery codes. A form per step, each with a visible
 * label per field, the error read out by an `aria-live` region, and focus moved to the new step.
 *
 * @event console-logged-in - detail: the stored staff session; the console then shows its work.
 */
import { html, nothing } from 'lit';
import type { ApiClient } from '../widgets/core/api-client.ts';
import { ConsoleElement } from './console-element.ts';
import type { StoredStaffSession } from './console-session.ts';

interface LoginStep {
  next: 'totp' | 'enrol';
  loginToken: string;
  enrolment: { secret: string; uri: string; qr: { size: number; path: string } } | null;
}

interface StaffSessionAnswer extends StoredStaffSession {
  recoveryCodes: string[] | null;
}

type Stage = { kind: 'password' } | { kind: 'code'; step: LoginStep; recovery: boolean } | { kind: 'recovery-codes'; session: StaffSessionAnswer };

export class ConsoleLogin extends ConsoleElement {
  static override properties = { client: { attribute: false }, notice: { type: String }, stage: { state: true }, error: { state: true }, busy: { state: true } };

  declare client: ApiClient | undefined;
  /** A message shown above the form (the session that ended). */
  declare notice: string | undefined;
  declare stage: Stage;
  declare error: string;
  declare busy: boolean;

  constructor() {
    super();
    this.stage = { kind: 'password' };
    this.error = '';
    this.busy = false;
  }

  override render() {
    return html`<section class="login" aria-labelledby="login-heading">
      ${this.stage.kind === 'password' ? this.#passwordForm() : this.stage.kind === 'code' ? this.#codeForm(this.stage.step, this.stage.recovery) : this.#recoveryCodes(this.stage.session)}
      <p class="error" role="alert" aria-live="assertive">${this.error}</p>
    </section>`;
  }

  #passwordForm() {
    return html`<h1 id="login-heading" tabindex="-1">${this.t('console.loginHeading')}</h1>
      ${this.notice ? html`<p class="notice">${this.notice}</p>` : nothing}
      <form @submit=${this.#submitPassword} novalidate>
        <label for="login-email">${this.t('console.email')}</label>
        <input id="login-email" name="email" type="email" autocomplete="username" required />
        <label for="login-password">${this.t('console.password')}</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit" ?disabled=${this.busy}>${this.t('console.login')}</button>
      </form>`;
  }

  #codeForm(step: LoginStep, recovery: boolean) {
    const enrolment = step.enrolment;
    return html`<h1 id="login-heading" tabindex="-1">${this.t(enrolment ? 'console.enrolHeading' : 'console.codeHeading')}</h1>
      ${enrolment
        ? html`<p>${this.t('console.enrolIntro')}</p>
            <svg class="qr" role="img" aria-label=${this.t('console.qrLabel')} viewBox="0 0 ${enrolment.qr.size} ${enrolment.qr.size}" width="220" height="220">
              <rect width="100%" height="100%" fill="#fff"></rect>
              <path d=${enrolment.qr.path} fill="#000"></path>
            </svg>
            <p class="secret">${this.t('console.enrolSecret', { secret: enrolment.secret })}</p>`
        : html`<p>${this.t('console.codeIntro')}</p>`}
      <form @submit=${this.#submitCode} novalidate>
        ${recovery
          ? html`<label for="login-recovery">${this.t('console.recoveryCode')}</label>
              <input id="login-recovery" name="recoveryCode" autocomplete="off" required />`
          : html`<label for="login-code">${this.t('console.code')}</label>
              <input id="login-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required />`}
        <button type="submit" ?disabled=${this.busy}>${this.t('console.confirm')}</button>
      </form>
      ${enrolment
        ? nothing
        : html`<button type="button" class="link" @click=${() => this.#toggleRecovery(step, !recovery)}>${this.t(recovery ? 'console.useCode' : 'console.useRecovery')}</button>`}
      <button type="button" class="link" @click=${this.#restart}>${this.t('console.back')}</button>`;
  }

  #recoveryCodes(session: StaffSessionAnswer) {
    return html`<h1 id="login-heading" tabindex="-1">${this.t('console.recoveryHeading')}</h1>
      <p>${this.t('console.recoveryIntro')}</p>
      <ul class="recovery-codes">${(session.recoveryCodes ?? []).map((code) => html`<li><code>${code}</code></li>`)}</ul>
      <button type="button" @click=${() => this.#finish(session)}>${this.t('console.recoverySaved')}</button>`;
  }

  async #submitPassword(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    // Read the fields themselves: a password manager may fill them without input events.
    const email = (form.elements.namedItem('email') as HTMLInputElement).value.trim();
    const password = (form.elements.namedItem('password') as HTMLInputElement).value;
    if (!email || !password) return this.#fail(this.t('console.required'), form);
    await this.#call(async (client) => {
      const step = await client.post<LoginStep>('/staff/login', { email, password });
      this.#show({ kind: 'code', step, recovery: false });
    }, form);
  }

  async #submitCode(event: SubmitEvent) {
    event.preventDefault();
    if (this.stage.kind !== 'code') return;
    const { step, recovery } = this.stage;
    const form = event.currentTarget as HTMLFormElement;
    const value = (form.elements.namedItem(recovery ? 'recoveryCode' : 'code') as HTMLInputElement).value.trim();
    if (!value) return this.#fail(this.t('console.required'), form);
    await this.#call(async (client) => {
      const session = await client.post<StaffSessionAnswer>('/staff/login/totp', { loginToken: step.loginToken, ...(recovery ? { recoveryCode: value } : { code: value }) });
      if (session.recoveryCodes) this.#show({ kind: 'recovery-codes', session });
      else this.#finish(session);
    }, form);
  }

  async #call(work: (client: ApiClient) => Promise<void>, form: HTMLFormElement) {
    if (!this.client || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await work(this.client);
    } catch (error) {
      this.#fail(this.errorText(error), form);
    } finally {
      this.busy = false;
    }
  }

  #fail(message: string, form: HTMLFormElement) {
    this.error = message;
    form.querySelector<HTMLInputElement>('input:not([type=hidden])')?.focus();
  }

  #toggleRecovery(step: LoginStep, recovery: boolean) {
    this.#show({ kind: 'code', step, recovery });
  }

  #restart() {
    this.#show({ kind: 'password' });
  }

  async #show(stage: Stage) {
    this.stage = stage;
    this.error = '';
    await this.updateComplete;
    (this.querySelector<HTMLInputElement>('form input') ?? this.querySelector<HTMLElement>('#login-heading'))?.focus();
  }

  #finish(session: StaffSessionAnswer) {
    const stored: StoredStaffSession = { token: session.token, staff: session.staff };
    this.stage = { kind: 'password' };
    this.dispatchEvent(new CustomEvent('console-logged-in', { detail: stored, bubbles: true, composed: true }));
  }
}
