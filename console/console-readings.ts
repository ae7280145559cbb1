/**
 * @module
 * `<console-readings>`: who has not submitted readings for a period (the admin route
 * `GET /readings/missing`), for all buildings or one: how many addresses, and each with its
 * account number and the meters still without a reading, for a reminder round.
 */
import { html, nothing } from 'lit';
import type { ApiClient } from '../widgets/core/api-client.ts';
import { ConsoleElement } from './console-element.ts';

interface MissingPremise {
  externalRef: string | null;
  label: string;
  accountNumber: string;
  building: string | null;
  meters: Array<{ serialNumber: string; kind: 'cold_water' | 'hot_water' | 'heat' | 'electricity' | 'gas'; location: string }>;
}

interface Building {
  externalRef: string | null;
  address: string;
  city: string | null;
}

const PAGE = 1000;

/** This month in the browser's calendar, `YYYY-MM`. */
function thisMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

export class ConsoleReadings extends ConsoleElement {
  static override properties = {
    client: { attribute: false },
    period: { type: String },
    buildings: { state: true },
    missing: { state: true },
    more: { state: true },
    error: { state: true },
  };

  declare client: ApiClient | undefined;
  /** The period shown first (default: this month). */
  declare period: string;
  declare buildings: Building[];
  declare missing: MissingPremise[] | undefined;
  declare more: boolean;
  declare error: string;

  constructor() {
    super();
    this.period = thisMonth();
    this.buildings = [];
    this.more = false;
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#start();
  }

  async #start() {
    if (!this.client) return;
    try {
      this.buildings = (await this.client.get<{ items: Building[] }>(`/admin/buildings?limit=${PAGE}`)).items.filter((b) => b.externalRef !== null);
    } catch (error) {
      this.error = this.errorText(error);
    }
    await this.#show(this.period, '');
  }

  async #show(period: string, building: string) {
    if (!this.client) return;
    this.error = '';
    try {
      const query = new URLSearchParams({ period, limit: String(PAGE), ...(building ? { building } : {}) });
      const page = await this.client.get<{ items: MissingPremise[]; nextCursor: string | null }>(`/admin/readings/missing?${query}`);
      this.missing = page.items;
      this.more = page.nextCursor !== null;
    } catch (error) {
      this.missing = undefined;
      this.error = this.errorText(error);
    }
  }

  override render() {
    const missing = this.missing;
    return html`<h1 id="readings-heading" tabindex="-1">${this.t('console.missingHeading')}</h1>
      <form class="filters" @submit=${this.#submit}>
        <div>
          <label for="readings-period">${this.t('console.period')}</label>
          <input id="readings-period" name="period" type="month" .value=${this.period} required />
        </div>
        <div>
          <label for="readings-building">${this.t('console.building')}</label>
          <select id="readings-building" name="building">
            <option value="">${this.t('console.allBuildings')}</option>
            ${this.buildings.map((b) => html`<option value=${b.externalRef!}>${b.address}${b.city ? `, ${b.city}` : ''}</option>`)}
          </select>
        </div>
        <button type="submit">${this.t('console.show')}</button>
      </form>
      <p class="error" role="alert" aria-live="assertive">${this.error}</p>
      ${missing
        ? html`<p class="summary" role="status" aria-live="polite">${this.t('console.missingCount', { count: missing.length })}</p>
            ${this.more ? html`<p>${this.t('console.missingMore', { count: missing.length })}</p>` : nothing}
            ${missing.length === 0
              ? nothing
              : html`<table class="threads missing">
                  <caption>${this.t('console.missingList')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">${this.t('console.premise')}</th>
                      <th scope="col">${this.t('console.account')}</th>
                      <th scope="col">${this.t('console.meters')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${missing.map(
                      (p) => html`<tr>
                        <th scope="row">${p.label}</th>
                        <td>${p.accountNumber}</td>
                        <td>${p.meters.map((m) => `${this.t(`console.meter_${m.kind}`)} (${m.serialNumber})`).join(', ')}</td>
                      </tr>`,
                    )}
                  </tbody>
                </table>`}`
        : nothing}`;
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const period = (form.elements.namedItem('period') as HTMLInputElement).value || thisMonth();
    const building = (form.elements.namedItem('building') as HTMLSelectElement).value;
    this.period = period;
    await this.#show(period, building);
  }
}
