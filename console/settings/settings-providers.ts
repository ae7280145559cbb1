/**
 * @module
 * `<settings-providers>`: the tenant's OpenID Connect identity providers for strong login
 * (`/admin/oidc-providers`): the list with the redirect URI to register at the provider, adding
 * one (its client secret is sent once and never shown again) and removing one.
 */
import { html } from 'lit';
import type { Answer } from '../../widgets/core/api-routes.ts';
import { SettingsPart } from './settings-part.ts';

type Provider = Answer<'/admin/oidc-providers', 'get'>['items'][number];
type Icon = Provider['icon'];
const ICONS: readonly Icon[] = ['bank', 'eparaksts', 'smart-id', 'other'];

export class SettingsProviders extends SettingsPart {
  static override properties = { providers: { state: true } };

  declare providers: Provider[] | undefined;

  override async load() {
    if (!this.client) return;
    try {
      this.providers = (await this.client.call('get', '/admin/oidc-providers')).items;
    } catch (error) {
      this.error = this.problemText(error);
    }
  }

  async #add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const value = (name: string) => this.field(form, name);
    const missing = ['slug', 'displayName', 'issuer', 'clientId', 'clientSecret'].find((name) => !value(name));
    if (missing) {
      this.error = this.t('console.required');
      form.querySelector<HTMLInputElement>(`[name=${missing}]`)?.focus();
      return;
    }
    const ok = await this.act(async (client) => {
      const { item } = await client.call('put', '/admin/oidc-providers/{slug}', {
        params: { slug: value('slug') },
        body: {
          displayName: value('displayName'),
          icon: value('icon') as Icon,
          issuer: value('issuer'),
          clientId: value('clientId'),
          clientSecret: value('clientSecret'),
          personalCodeClaim: value('personalCodeClaim') || 'personal_code',
          scopes: ['openid'],
          enabled: true,
          position: 0,
        },
      });
      return this.t('console.providerAdded', { name: item.displayName });
    });
    if (ok) form.reset();
  }

  async #remove(provider: Provider) {
    await this.act(
      async (client) => {
        await client.call('delete', '/admin/oidc-providers/{slug}', { params: { slug: provider.slug } });
        return this.t('console.providerRemoved', { name: provider.displayName });
      },
      () => this.querySelector<HTMLElement>('#settings-providers-heading'),
    );
  }

  override render() {
    return html`<section aria-labelledby="settings-providers-heading" class="settings-part">
      <h2 id="settings-providers-heading" tabindex="-1">${this.t('console.providersHeading')}</h2>
      <p class="muted">${this.t('console.providersIntro')}</p>
      ${!this.providers
        ? html`<p>${this.t('console.loading')}</p>`
        : this.providers.length === 0
        ? html`<p>${this.t('console.providersNone')}</p>`
        : html`<table class="threads providers">
            <caption>${this.t('console.providersHeading')}</caption>
            <thead>
              <tr>
                <th scope="col">${this.t('console.providerName')}</th>
                <th scope="col">${this.t('console.providerIssuer')}</th>
                <th scope="col">${this.t('console.providerRedirect')}</th>
                <th scope="col">${this.t('console.actions')}</th>
              </tr>
            </thead>
            <tbody>
              ${this.providers.map(
                (p) => html`<tr>
                  <th scope="row">${p.displayName} <span class="muted">(${p.slug}, ${this.t(p.enabled ? 'console.providerOn' : 'console.providerOff')})</span></th>
                  <td><code>${p.issuer}</code></td>
                  <td><code>${p.redirectUri}</code></td>
                  <td>
                    <button type="button" class="link" aria-label=${`${this.t('console.providerRemove')}: ${p.displayName}`} ?disabled=${this.busy} @click=${() => this.#remove(p)}>
                      ${this.t('console.providerRemove')}
                    </button>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
      <form class="notice-form" @submit=${this.#add} novalidate>
        <label for="provider-slug">${this.t('console.providerSlug')}</label>
        <input id="provider-slug" name="slug" pattern="[a-z0-9][a-z0-9\\-]{0,39}" maxlength="40" autocomplete="off" spellcheck="false" required />
        <label for="provider-name">${this.t('console.providerName')}</label>
        <input id="provider-name" name="displayName" maxlength="100" autocomplete="off" required />
        <label for="provider-icon">${this.t('console.providerIcon')}</label>
        <select id="provider-icon" name="icon">
          ${ICONS.map((icon) => html`<option value=${icon}>${this.t(`console.providerIcon_${icon}`)}</option>`)}
        </select>
        <label for="provider-issuer">${this.t('console.providerIssuer')}</label>
        <input id="provider-issuer" name="issuer" type="url" autocomplete="off" spellcheck="false" required placeholder="https://" />
        <label for="provider-client">${this.t('console.providerClientId')}</label>
        <input id="provider-client" name="clientId" autocomplete="off" spellcheck="false" required />
        <label for="provider-secret">${this.t('console.providerClientSecret')}</label>
        <input id="provider-secret" name="clientSecret" type="password" autocomplete="new-password" required />
        <label for="provider-claim">${this.t('console.providerClaim')}</label>
        <input id="provider-claim" name="personalCodeClaim" autocomplete="off" spellcheck="false" placeholder="personal_code" />
        <div><button type="submit" ?disabled=${this.busy}>${this.t('console.providerAdd')}</button></div>
      </form>
      ${this.messages()}
    </section>`;
  }
}
