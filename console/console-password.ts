/**
 * @module
 * `<console-password>`: changing one's own password (`POST /staff/password`): the current one and
 * the new one twice. After an admin's reset (`forced`) it is the only thing the console shows, since
 * the session opens nothing else until the temporary password is replaced.
 *
 * @event console-password-changed - detail: the staff account as it is now.
 */
import { html, nothing } from 'lit';
import type { ApiClient } from '../widgets/core/api-client.ts';
import { ConsoleElement } from './console-element.ts';
import type { StaffAccount } from './console-session.ts';

export class ConsolePassword extends ConsoleElement {
  static override properties = { client: { attribute: false }, forced: { type: Boolean }, error: { state: true }, status: { state: true }, busy: { state: true } };

  declare client: ApiClient | undefined;
  declare forced: boolean;
  declare error: string;
  declare status: string;
  declare busy: boolean;

  constructor() {
    super();
    this.forced = false;
    this.error = '';
    this.status = '';
    this.busy = false;
  }

  override render() {
    return html`<section class="login" aria-labelledby="password-heading">
      <h1 id="password-heading" tabindex="-1">${this.t('console.passwordHeading')}</h1>
      ${this.forced ? html`<p class="notice">${this.t('console.passwordForced')}</p>` : nothing}
      <form @submit=${this.#submit} novalidate>
        <label for="password-current">${this.t(this.forced ? 'console.passwordTemporary' : 'console.passwordCurrent')}</label>
        <input id="password-current" name="current" type="password" autocomplete="current-password" required />
        <label for="password-new">${this.t('console.passwordNew')}</label>
        <input id="password-new" name="new" type="password" autocomplete="new-password" required aria-describedby="password-rules" />
        <p id="password-rules" class="muted">${this.t('console.passwordRules')}</p>
        <label for="password-again">${this.t('console.passwordAgain')}</label>
        <input id="password-again" name="again" type="password" autocomplete="new-password" required />
        <button type="submit" ?disabled=${this.busy}>${this.t('console.passwordChange')}</button>
      </form>
      <p class="error" role="alert" aria-live="assertive">${this.error}</p>
      <p class="status" role="status" aria-live="polite">${this.status}</p>
    </section>`;
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    this.error = '';
    this.status = '';
    if (!field('current').value || !field('new').value) return this.#fail(this.t('console.required'), field(field('current').value ? 'new' : 'current'));
    if (field('new').value !== field('again').value) return this.#fail(this.t('console.passwordMismatch'), field('again'));
    if (!this.client || this.busy) return;
    this.busy = true;
    try {
      const { staff } = await this.client.post<{ staff: StaffAccount }>('/staff/password', { currentPassword: field('current').value, newPassword: field('new').value });
      form.reset();
      this.status = this.t('console.passwordChanged');
      this.dispatchEvent(new CustomEvent('console-password-changed', { detail: staff, bubbles: true, composed: true }));
    } catch (error) {
      this.#fail(this.errorText(error), field('current'));
    } finally {
      this.busy = false;
    }
  }

  #fail(message: string, input: HTMLInputElement) {
    this.error = message;
    input.focus();
  }
}
