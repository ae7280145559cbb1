/**
 * @module
 * `<address-switcher>`: which of the resident's apartments the page is about. WebNams shows the
 * same at the top of every page ("Malkalnes prospekts 3-111 (12345)"), Ludza's e-kabinets a
 * button beside the active address. The choice is the shared session's active premise, so every
 * Doorstep widget on the page follows it, and the session store remembers it for the next visit.
 */
// The session at the first render: only <owner-login> shows something before it arrives.
import '../core/session-store.ts';
import { html, nothing, type TemplateResult } from 'lit';
import { DoorstepElement } from '../core/base-element.ts';
import { DoorstepAddressChangeEvent } from '../core/events/doorstep-address-change.ts';
import { registerMessages, type MessageKey } from '../core/i18n/messages.ts';
import type { Premise, SessionChangeEvent } from '../core/session-store.ts';
import { shadowControlStyles } from '../core/styles/controls.ts';
import { hostStyles } from '../core/styles/tokens.ts';
import { addressSwitcherStyles } from './address-switcher.styles.ts';
import { lv } from './i18n/lv.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

const ROLE_KEYS: Record<Premise['role'], MessageKey> = {
  owner: 'address-switcher.roleOwner',
  proxy: 'address-switcher.roleProxy',
  member: 'address-switcher.roleMember',
};

let instanceCount = 0;

/**
 * @summary The active address, and a list to switch to another when the resident has several.
 * With one address it shows that address without a menu; logged out it shows nothing.
 *
 * @attr api - Base URL of the Doorstep API; else taken from `<doorstep-config>`.
 * @attr tenant - The property manager's slug; else taken from `<doorstep-config>`.
 * @attr now - Demo mode only: ISO time the server takes as now.
 * @attr lang - `lv` (default), `en` or `ru`; else the closest ancestor's `lang`, else the page's.
 *
 * @event {DoorstepAddressChangeEvent} doorstep-address-change - The resident chose another address
 * here (not fired when another widget or tab changed it). `detail.premise` is the new one.
 *
 * @csspart base - The wrapper of everything shown.
 * @csspart label - "Adrese".
 * @csspart select - The list of addresses (several addresses only).
 * @csspart address - The address text (one address only).
 * @csspart role - How the resident holds the address: owner, authorised person, household user.
 *
 * @cssproperty --doorstep-color-outline - The list's border. Default `#5b6470`.
 * @cssproperty --doorstep-color-focus - The focus ring. Default `#0b57d0`.
 * @cssproperty --doorstep-font-size - Base text size. Default `1.125rem`.
 * @cssproperty --doorstep-control-height - Height of the list, never below 44px. Default `3rem`.
 * @cssproperty --doorstep-input-border-color - The list's border; falls back to `--doorstep-color-outline`.
 * @cssproperty --doorstep-address-switcher-max-width - Width limit. Default `36rem`.
 * @cssproperty --doorstep-address-switcher-role-color - Colour of the role line. Default: inherited.
 */
export class AddressSwitcher extends DoorstepElement {
  static override styles = [hostStyles, shadowControlStyles, addressSwitcherStyles];

  readonly #id = `doorstep-address-${++instanceCount}`;
  /** Said once, politely, after the resident switched: the rest of the page changes silently. */
  #announcement = '';

  /** The active address, as the page's session knows it. */
  get premise(): Premise | null {
    return this.session?.activePremise ?? null;
  }

  protected override sessionChanged(event: SessionChangeEvent): void {
    if (event.reason !== 'premise') this.#announcement = '';
    super.sessionChanged(event);
  }

  protected override render(): TemplateResult | typeof nothing {
    const session = this.session;
    if (!session) return html`<p class="message">${this.t('common.configMissing')}</p>`;
    if (session.status !== 'authenticated') return nothing;
    const premises = session.premises;
    const active = session.activePremise;
    if (premises.length === 0 || !active) {
      return html`<div part="base" class="base"><p part="address" class="address">${this.t('address-switcher.none')}</p></div>`;
    }
    return html`
      <div part="base" class="base">
        ${premises.length === 1 ? this.#renderSingle(active) : this.#renderList(premises, active)}
        <p part="role" class="role">${this.t(ROLE_KEYS[active.role])}</p>
        <p class="visually-hidden" role="status">${this.#announcement}</p>
      </div>
    `;
  }

  #optionText(premise: Premise): string {
    return this.t('address-switcher.option', { label: premise.label, account: premise.accountNumber });
  }

  #renderSingle(premise: Premise): TemplateResult {
    return html`
      <span part="label" class="label" id="${this.#id}-label">${this.t('address-switcher.label')}</span>
      <p part="address" class="address" aria-labelledby="${this.#id}-label">${this.#optionText(premise)}</p>
    `;
  }

  #renderList(premises: readonly Premise[], active: Premise): TemplateResult {
    return html`
      <label part="label" class="label" for="${this.#id}-select">${this.t('address-switcher.label')}</label>
      <select
        id="${this.#id}-select"
        part="select"
        aria-describedby="${this.#id}-count"
        @change=${this.#choose}
      >
        ${premises.map(
          (premise) => html`<option value=${premise.id} .selected=${premise.id === active.id}>${this.#optionText(premise)}</option>`,
        )}
      </select>
      <span id="${this.#id}-count" class="visually-hidden">${this.t('address-switcher.count', { count: premises.length })}</span>
    `;
  }

  readonly #choose = (event: Event): void => {
    const session = this.session;
    const id = (event.target as HTMLSelectElement).value;
    if (!session || id === session.activePremiseId) return;
    if (!session.setActivePremise(id)) return;
    const premise = session.activePremise!;
    this.#announcement = this.t('address-switcher.changed', { label: premise.label });
    this.requestUpdate();
    this.dispatchEvent(new DoorstepAddressChangeEvent(premise));
  };
}
