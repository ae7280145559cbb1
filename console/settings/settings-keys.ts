/**
 * @module
 * `<settings-keys>`: the tenant's API keys (`/admin/keys`): the list (prefix only, never the
 * key), a new key — shown whole once, with a copy button — and revoking one.
 */
import { html } from 'lit';
import type { Answer } from '../../widgets/core/api-routes.ts';
import { SettingsPart } from './settings-part.ts';

type Key = Answer<'/admin/keys', 'get'>['keys'][number];

export class SettingsKeys extends SettingsPart {
  static override properties = { keys: { state: true } };

  declare keys: Key[] | undefined;

  override async load() {
    if (!this.client) return;
    try {
      this.keys = (await this.client.call('get', '/admin/keys')).keys;
    } catch (error) {
      this.error = this.problemText(error);
    }
  }

  async #create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = this.field(form, 'name');
    const scopes = [...form.querySelectorAll<HTMLInputElement>('input[name=scope]:checked')].map((box) => box.value as 'read' | 'write');
    if (!name || scopes.length === 0) {
      this.error = this.t(name ? 'console.keyScopeRequired' : 'console.required');
      form.querySelector<HTMLInputElement>(name ? 'input[name=scope]' : '#key-name')?.focus();
      return;
    }
    this.secret = undefined;
    await this.act(
      async (client) => {
        const created = await client.call('post', '/admin/keys', { body: { name, scopes } });
        form.reset();
        this.secret = { name: created.key.name, value: created.secret };
        return this.t('console.keyCreated', { name: created.key.name });
      },
      () => this.querySelector<HTMLElement>('.secret-once code'),
    );
  }

  async #revoke(key: Key) {
    await this.act(
      async (client) => {
        await client.call('delete', '/admin/keys/{keyId}', { params: { keyId: key.id } });
        return this.t('console.keyRevoked', { name: key.name });
      },
      () => this.querySelector<HTMLElement>('#settings-keys-heading'),
    );
  }

  override render() {
    return html`<section aria-labelledby="settings-keys-heading" class="settings-part">
      <h2 id="settings-keys-heading" tabindex="-1">${this.t('console.keysHeading')}</h2>
      <p class="muted">${this.t('console.keysIntro')}</p>
      <form class="notice-form" @submit=${this.#create} novalidate>
        <label for="key-name">${this.t('console.keyName')}</label>
        <input id="key-name" name="name" maxlength="100" autocomplete="off" required />
        <fieldset>
          <legend>${this.t('console.keyScopes')}</legend>
          <label class="choice"><input type="checkbox" name="scope" value="read" checked />${this.t('console.keyScope_read')}</label>
          <label class="choice"><input type="checkbox" name="scope" value="write" />${this.t('console.keyScope_write')}</label>
        </fieldset>
        <div><button type="submit" ?disabled=${this.busy}>${this.t('console.keyCreate')}</button></div>
      </form>
      ${this.messages()} ${this.secretBox()}
      ${!this.keys
        ? html`<p>${this.t('console.loading')}</p>`
        : this.keys.length === 0
        ? html`<p>${this.t('console.keysNone')}</p>`
        : html`<table class="threads keys">
            <caption>${this.t('console.keysHeading')}</caption>
            <thead>
              <tr>
                <th scope="col">${this.t('console.keyName')}</th>
                <th scope="col">${this.t('console.keyPrefix')}</th>
                <th scope="col">${this.t('console.keyScopes')}</th>
                <th scope="col">${this.t('console.keyState')}</th>
                <th scope="col">${this.t('console.keyLastUsed')}</th>
                <th scope="col">${this.t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              ${this.keys.map(
                (key) => html`<tr>
                  <th scope="row">${key.name}</th>
                  <td><code>${key.prefix}…</code></td>
                  <td>${key.scopes.map((s) => this.t(`console.keyScope_${s}`)).join(', ')}</td>
                  <td>${this.t(`console.keyStatus_${key.status}`)}</td>
                  <td>${key.lastUsedAt ? this.dateTime(key.lastUsedAt) : this.t('console.keyNever')}</td>
                  <td>
                    ${key.status === 'active'
                      ? html`<button type="button" class="link" aria-label=${`${this.t('console.keyRevoke')}: ${key.name}`} ?disabled=${this.busy} @click=${() => this.#revoke(key)}>
                          ${this.t('console.keyRevoke')}
                        </button>`
                      : ''}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    </section>`;
  }
}
