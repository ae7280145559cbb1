/**
 * @module
 * `<settings-site>`: the payment details that invoices show with their EPC QR code, and the
 * websites allowed to embed the widgets (`GET/PATCH /admin/settings`, fields `bank` and
 * `allowedOrigins`; the server checks the IBAN's digits, the BIC's shape and each origin).
 */
import { html } from 'lit';
import type { Answer } from '../../widgets/core/api-routes.ts';
import { SettingsPart } from './settings-part.ts';

type Settings = Answer<'/admin/settings', 'get'>['settings'];

export class SettingsSite extends SettingsPart {
  static override properties = { settings: { state: true } };

  declare settings: Settings | undefined;

  override async load() {
    if (!this.client) return;
    try {
      this.settings = (await this.client.call('get', '/admin/settings')).settings;
    } catch (error) {
      this.error = this.problemText(error);
    }
  }

  async #saveBank(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const optional = (name: string) => this.field(form, name) || null;
    const bank = {
      recipient: this.field(form, 'recipient'),
      iban: this.field(form, 'iban'),
      registrationNumber: optional('registrationNumber'),
      bankName: optional('bankName'),
      bic: optional('bic'),
    };
    if (!bank.recipient || !bank.iban) {
      this.error = this.t('console.required');
      form.querySelector<HTMLInputElement>(bank.recipient ? '#bank-iban' : '#bank-recipient')?.focus();
      return;
    }
    await this.act(async (client) => {
      const answer = await client.call('patch', '/admin/settings', { body: { bank } });
      return this.t(answer.result === 'updated' ? 'console.bankSaved' : 'console.settingsUnchanged');
    });
  }

  async #removeBank() {
    await this.act(async (client) => {
      await client.call('patch', '/admin/settings', { body: { bank: null } });
      return this.t('console.bankRemoved');
    }, () => this.querySelector<HTMLElement>('#bank-recipient'));
  }

  async #origins(origins: string[], done: 'console.originAdded' | 'console.originRemoved', form?: HTMLFormElement) {
    const ok = await this.act(async (client) => {
      await client.call('patch', '/admin/settings', { body: { allowedOrigins: origins } });
      return this.t(done);
    }, () => this.querySelector<HTMLElement>('#origin-new'));
    if (ok) form?.reset();
  }

  async #addOrigin(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const origin = this.field(form, 'origin');
    if (!origin) {
      this.error = this.t('console.required');
      form.querySelector<HTMLInputElement>('#origin-new')?.focus();
      return;
    }
    await this.#origins([...(this.settings?.allowedOrigins ?? []), origin], 'console.originAdded', form);
  }

  override render() {
    const settings = this.settings;
    if (!settings) return html`<p>${this.t('console.loading')}</p>${this.messages()}`;
    const bank = settings.bank;
    return html`<section aria-labelledby="settings-bank-heading" class="settings-part">
        <h2 id="settings-bank-heading" tabindex="-1">${this.t('console.bankHeading')}</h2>
        <p class="muted">${this.t('console.bankIntro')} ${bank ? '' : this.t('console.bankNone')}</p>
        <form class="notice-form" @submit=${this.#saveBank} novalidate>
          <label for="bank-recipient">${this.t('console.bankRecipient')}</label>
          <input id="bank-recipient" name="recipient" maxlength="70" required autocomplete="organization" .value=${bank?.recipient ?? ''} />
          <label for="bank-registration">${this.t('console.bankRegistration')}</label>
          <input id="bank-registration" name="registrationNumber" autocomplete="off" .value=${bank?.registrationNumber ?? ''} />
          <label for="bank-iban">${this.t('console.bankIban')}</label>
          <input id="bank-iban" name="iban" required autocomplete="off" spellcheck="false" .value=${bank?.iban ?? ''} />
          <label for="bank-name">${this.t('console.bankName')}</label>
          <input id="bank-name" name="bankName" autocomplete="off" .value=${bank?.bankName ?? ''} />
          <label for="bank-bic">${this.t('console.bankBic')}</label>
          <input id="bank-bic" name="bic" autocomplete="off" spellcheck="false" .value=${bank?.bic ?? ''} />
          <div>
            <button type="submit" ?disabled=${this.busy}>${this.t('console.bankSave')}</button>
            ${bank ? html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${this.#removeBank}>${this.t('console.bankRemove')}</button>` : ''}
          </div>
        </form>
      </section>
      ${this.messages()}
      <section aria-labelledby="settings-origins-heading" class="settings-part">
        <h2 id="settings-origins-heading" tabindex="-1">${this.t('console.originsHeading')}</h2>
        <p class="muted">${this.t('console.originsIntro')}</p>
        ${settings.allowedOrigins.length === 0
          ? html`<p>${this.t('console.originsNone')}</p>`
          : html`<ul class="origins" aria-label=${this.t('console.originsList')}>
              ${settings.allowedOrigins.map(
                (origin) => html`<li>
                  <code>${origin}</code>
                  <button type="button" class="link" aria-label=${`${this.t('console.originRemove')}: ${origin}`} ?disabled=${this.busy}
                    @click=${() => this.#origins(settings.allowedOrigins.filter((o) => o !== origin), 'console.originRemoved')}>${this.t('console.originRemove')}</button>
                </li>`,
              )}
            </ul>`}
        <form class="notice-form" @submit=${this.#addOrigin} novalidate>
          <label for="origin-new">${this.t('console.originNew')}</label>
          <input id="origin-new" name="origin" type="url" inputmode="url" autocomplete="off" spellcheck="false" placeholder="https://www.example.lv" />
          <div><button type="submit" ?disabled=${this.busy}>${this.t('console.originAdd')}</button></div>
        </form>
      </section>`;
  }
}
