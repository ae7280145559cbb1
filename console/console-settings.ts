/**
 * @module
 * `<console-settings>`: the manager's settings, for admins only (the server refuses the changes
 * to anyone else: rights/admin-rights.ts, `settings.write` and `keys.manage`). One page of parts,
 * each with its own form, messages and data (console/settings/): the reading window rule with
 * the next 12 windows, payment details and allowed websites, API keys, identity providers,
 * webhooks — and a link to the staff accounts (console-staff.ts).
 */
import { html } from 'lit';
import type { ApiClient } from '../widgets/core/api-client.ts';
import { ConsoleElement } from './console-element.ts';
import { SettingsKeys } from './settings/settings-keys.ts';
import { SettingsProviders } from './settings/settings-providers.ts';
import { SettingsSite } from './settings/settings-site.ts';
import { SettingsWebhooks } from './settings/settings-webhooks.ts';
import { SettingsWindow } from './settings/settings-window.ts';

const PARTS: Array<[string, CustomElementConstructor]> = [
  ['settings-window', SettingsWindow],
  ['settings-site', SettingsSite],
  ['settings-keys', SettingsKeys],
  ['settings-providers', SettingsProviders],
  ['settings-webhooks', SettingsWebhooks],
];
for (const [name, element] of PARTS) if (!customElements.get(name)) customElements.define(name, element);

/** The parts in page order: the heading each jump goes to, and its text. */
const JUMPS = [
  ['settings-window-heading', 'console.windowHeading'],
  ['settings-bank-heading', 'console.bankHeading'],
  ['settings-origins-heading', 'console.originsHeading'],
  ['settings-keys-heading', 'console.keysHeading'],
  ['settings-providers-heading', 'console.providersHeading'],
  ['settings-webhooks-heading', 'console.webhooksHeading'],
] as const;

export class ConsoleSettings extends ConsoleElement {
  static override properties = { client: { attribute: false } };

  declare client: ApiClient | undefined;

  override render() {
    // The jumps are buttons, not #fragments: the fragment names the console's section.
    return html`<h1 id="settings-heading" tabindex="-1">${this.t('console.settingsHeading')}</h1>
      <nav class="settings-jumps" aria-label=${this.t('console.settingsParts')}>
        <ul>
          ${JUMPS.map(([id, key]) => html`<li><button type="button" class="link" @click=${() => this.#jump(id)}>${this.t(key)}</button></li>`)}
          <li><a href="#staff">${this.t('console.staffLink')}</a></li>
        </ul>
      </nav>
      <settings-window .client=${this.client}></settings-window>
      <settings-site .client=${this.client}></settings-site>
      <settings-keys .client=${this.client}></settings-keys>
      <settings-providers .client=${this.client}></settings-providers>
      <settings-webhooks .client=${this.client}></settings-webhooks>
      <section aria-labelledby="settings-staff-heading" class="settings-part">
        <h2 id="settings-staff-heading">${this.t('console.staffLinkHeading')}</h2>
        <p><a href="#staff">${this.t('console.staffLink')}</a></p>
      </section>`;
  }

  #jump(id: string) {
    const heading = this.querySelector<HTMLElement>(`#${id}`);
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus();
  }
}
