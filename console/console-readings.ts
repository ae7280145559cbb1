/**
 * @module
 * `<console-readings>`: the month's readings for the manager.
 * - Who has not submitted for a period (the admin route `GET /readings/missing`), for all
 *   buildings or one: how many addresses, per building with its submission window (the admin
 *   route `GET /reading-windows`), and each address with its account number and the meters still
 *   without a reading, for a reminder round. Per building, the period's counts come from the admin
 *   route `GET /readings/summary`: premises that owe readings, how many submitted them all, how
 *   many have not (with totals when all buildings are shown).
 * - Extending the window (`PUT /reading-windows/{period}` with `closesAt` alone) for one building
 *   or for all, after a confirmation that says what will change; the last day is a Riga calendar
 *   day, the window closing at the next midnight there.
 * - The period's readings as CSV (`GET /readings/export`), downloaded with the staff token: a
 *   plain link cannot carry it, so the file is fetched and handed to the browser as a Blob
 *   (widgets/core/download.ts). The server streams it; nothing here parses or copies the rows.
 */
import { html, nothing } from 'lit';
import type { ApiClient } from '../widgets/core/api-client.ts';
import { saveResponse } from '../widgets/core/download.ts';
import { formatDate } from '../widgets/core/i18n/messages.ts';
import { tenantBuildings, type Building } from './buildings.ts';
import { ConsoleElement } from './console-element.ts';
import { demoNowFrom } from './demo-now.ts';
import './i18n/notices/index.ts';

interface MissingPremise {
  externalRef: string | null;
  label: string;
  accountNumber: string;
  building: string | null;
  meters: Array<{ serialNumber: string; kind: 'cold_water' | 'hot_water' | 'heat' | 'electricity' | 'gas'; location: string }>;
}

interface ReadingWindow {
  period: string;
  firstDay: string;
  lastDay: string;
  source: 'rule' | 'override';
  building: string | null;
}

interface Windows {
  period: string;
  tenant: ReadingWindow;
  buildings: ReadingWindow[];
}

interface Counts {
  owing: number;
  submitted: number;
  missing: number;
}

interface Summary {
  period: string;
  buildings: Array<Counts & { buildingRef: string | null; address: string }>;
  totals: Counts;
  more: boolean;
}

interface Extension {
  period: string;
  building: string;
  lastDay: string;
  note: string;
}

const PAGE = 1000;

/** This month in the browser's calendar, `YYYY-MM`. */
function thisMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** The day after `day` (`YYYY-MM-DD`). */
function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** A calendar day as a Date at noon UTC, for formatting it without a time zone shifting it. */
const dayDate = (day: string) => new Date(`${day}T12:00:00Z`);

export class ConsoleReadings extends ConsoleElement {
  static override properties = {
    client: { attribute: false },
    period: { type: String },
    buildings: { state: true },
    missing: { state: true },
    more: { state: true },
    windows: { state: true },
    counts: { state: true },
    shownBuilding: { state: true },
    confirming: { state: true },
    status: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare client: ApiClient | undefined;
  /** The period shown first (default: this month). */
  declare period: string;
  declare buildings: Building[];
  declare missing: MissingPremise[] | undefined;
  declare more: boolean;
  declare windows: Windows | undefined;
  /** The period's per-building counts (GET /readings/summary). */
  declare counts: Summary | undefined;
  /** The building the list is narrowed to ('' for all). */
  declare shownBuilding: string;
  /** An extension waiting for the manager's yes. */
  declare confirming: Extension | undefined;
  declare status: string;
  declare error: string;
  declare busy: boolean;

  constructor() {
    super();
    this.period = thisMonth();
    this.buildings = [];
    this.more = false;
    this.shownBuilding = '';
    this.status = '';
    this.error = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#start();
  }

  async #start() {
    if (!this.client) return;
    try {
      this.buildings = await tenantBuildings(this.client);
    } catch (error) {
      this.error = this.errorText(error);
    }
    await this.#show(this.period, '');
  }

  async #show(period: string, building: string) {
    if (!this.client) return;
    this.error = '';
    this.shownBuilding = building;
    try {
      const query = new URLSearchParams({ period, limit: String(PAGE), ...(building ? { building } : {}) });
      const [page, windows, counts] = await Promise.all([
        this.client.get<{ items: MissingPremise[]; nextCursor: string | null }>(`/admin/readings/missing?${query}`),
        this.client.get<Windows>(`/admin/reading-windows?period=${encodeURIComponent(period)}`),
        this.client.call('get', '/admin/readings/summary', { query: { period } }),
      ]);
      this.missing = page.items;
      this.more = page.nextCursor !== null;
      this.windows = windows;
      this.counts = counts;
    } catch (error) {
      this.missing = undefined;
      this.counts = undefined;
      this.error = this.errorText(error);
    }
  }

  #buildingName(ref: string): string {
    const b = this.buildings.find((x) => x.externalRef === ref);
    return b ? `${b.address}${b.city ? `, ${b.city}` : ''}` : ref;
  }

  #day(day: string): string {
    return formatDate(this.language, dayDate(day));
  }

  #windowOf(ref: string): ReadingWindow | undefined {
    return this.windows?.buildings.find((w) => w.building === ref) ?? this.windows?.tenant;
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
            ${this.buildings.map((b) => html`<option value=${b.externalRef!} ?selected=${b.externalRef === this.shownBuilding}>${b.address}${b.city ? `, ${b.city}` : ''}</option>`)}
          </select>
        </div>
        <button type="submit">${this.t('console.show')}</button>
      </form>
      <p class="status" role="status" aria-live="polite">${this.status}</p>
      <p class="error" role="alert" aria-live="assertive">${this.error}</p>
      ${missing
        ? html`<p class="summary" aria-live="polite">${this.t('console.missingCount', { count: missing.length })}</p>
            ${this.more ? html`<p>${this.t('console.missingMore', { count: missing.length })}</p>` : nothing} ${this.#perBuilding()}
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
        : nothing}
      ${this.#extendForm()} ${this.#exportForm()}`;
  }

  #perBuilding() {
    const summary = this.counts;
    if (!summary) return nothing;
    const rows = this.shownBuilding ? summary.buildings.filter((b) => b.buildingRef === this.shownBuilding) : summary.buildings;
    if (rows.length === 0) return nothing;
    return html`<table class="threads per-building">
      <caption>${this.t('consoleNotices.perBuildingCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">${this.t('console.building')}</th>
          <th scope="col">${this.t('consoleNotices.owingShort')}</th>
          <th scope="col">${this.t('consoleNotices.submittedShort')}</th>
          <th scope="col">${this.t('consoleNotices.missingShort')}</th>
          <th scope="col">${this.t('consoleNotices.window')}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map((b) => {
          const window = b.buildingRef ? this.#windowOf(b.buildingRef) : this.windows?.tenant;
          return html`<tr data-building=${b.buildingRef ?? ''}>
            <th scope="row">${b.buildingRef ? this.#buildingName(b.buildingRef) : b.address}</th>
            <td class="owing">${b.owing}</td>
            <td class="submitted">${b.submitted}</td>
            <td class="missing-count">${b.missing}</td>
            <td>
              ${window ? this.t('consoleNotices.windowRange', { from: this.#day(window.firstDay), to: this.#day(window.lastDay) }) : ''}
              ${window?.source === 'override' ? this.t('consoleNotices.windowMoved') : ''}
            </td>
          </tr>`;
        })}
      </tbody>
      ${this.shownBuilding
        ? nothing
        : html`<tfoot>
            <tr class="totals">
              <th scope="row">${this.t('consoleNotices.totalsRow')}</th>
              <td class="owing">${summary.totals.owing}</td>
              <td class="submitted">${summary.totals.submitted}</td>
              <td class="missing-count">${summary.totals.missing}</td>
              <td></td>
            </tr>
          </tfoot>`}
    </table>
    ${summary.more ? html`<p>${this.t('consoleNotices.summaryMore', { count: summary.buildings.length })}</p>` : nothing}`;
  }

  #extendForm() {
    const asking = this.confirming;
    return html`<section class="panel" aria-labelledby="extend-heading">
      <h2 id="extend-heading">${this.t('consoleNotices.extendHeading')}</h2>
      <form class="filters" @submit=${this.#askExtend} novalidate>
        <div>
          <label for="extend-building">${this.t('consoleNotices.extendFor')}</label>
          <select id="extend-building" name="building">
            <option value="">${this.t('consoleNotices.extendAll')}</option>
            ${this.buildings.map((b) => html`<option value=${b.externalRef!}>${b.address}${b.city ? `, ${b.city}` : ''}</option>`)}
          </select>
        </div>
        <div>
          <label for="extend-until">${this.t('consoleNotices.extendUntil')}</label>
          <input id="extend-until" name="lastDay" type="date" required aria-required="true" />
        </div>
        <div>
          <label for="extend-note">${this.t('consoleNotices.extendNote')}</label>
          <input id="extend-note" name="note" maxlength="500" />
        </div>
        <button type="submit" ?disabled=${this.busy || !!asking}>${this.t('consoleNotices.extend')}</button>
      </form>
      ${asking
        ? html`<div class="confirm" role="group" aria-labelledby="extend-question" @keydown=${this.#escapeCancels}>
            <p id="extend-question" tabindex="-1">
              ${this.t('consoleNotices.extendConfirm', { period: asking.period, whom: asking.building ? this.#buildingName(asking.building) : this.t('consoleNotices.extendAll'), day: this.#day(asking.lastDay) })}
            </p>
            <button type="button" ?disabled=${this.busy} @click=${this.#extend}>${this.t('consoleNotices.extendYes')}</button>
            <button type="button" class="secondary" ?disabled=${this.busy} @click=${this.#cancelExtend}>${this.t('consoleNotices.cancel')}</button>
          </div>`
        : nothing}
    </section>`;
  }

  #exportForm() {
    return html`<section class="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">${this.t('consoleNotices.exportHeading')}</h2>
      <label class="choice"><input type="checkbox" id="export-excel" /> ${this.t('consoleNotices.exportSemicolon')}</label>
      <button type="button" ?disabled=${this.busy} @click=${this.#export}>${this.t('consoleNotices.exportCsv')}</button>
    </section>`;
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const period = (form.elements.namedItem('period') as HTMLInputElement).value || thisMonth();
    const building = (form.elements.namedItem('building') as HTMLSelectElement).value;
    this.period = period;
    this.status = '';
    await this.#show(period, building);
  }

  async #askExtend(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const lastDay = (form.elements.namedItem('lastDay') as HTMLInputElement).value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(lastDay)) {
      this.status = '';
      this.error = this.t('consoleNotices.extendNeedsDay');
      (form.elements.namedItem('lastDay') as HTMLInputElement).focus();
      return;
    }
    this.error = '';
    this.confirming = {
      period: this.period,
      building: (form.elements.namedItem('building') as HTMLSelectElement).value,
      lastDay,
      note: (form.elements.namedItem('note') as HTMLInputElement).value.trim(),
    };
    await this.updateComplete;
    this.querySelector<HTMLElement>('#extend-question')?.focus();
  }

  #escapeCancels(event: KeyboardEvent) {
    if (event.key === 'Escape') void this.#cancelExtend();
  }

  async #cancelExtend() {
    this.confirming = undefined;
    await this.updateComplete;
    this.querySelector<HTMLElement>('#extend-until')?.focus();
  }

  async #extend() {
    const asking = this.confirming;
    if (!this.client || !asking || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      // The window closes at the first instant of the next day in Riga, the tenants' time zone.
      const closesAt = demoNowFrom(`?now=${nextDay(asking.lastDay)}T00:00`)!.iso;
      await this.client.put(`/admin/reading-windows/${encodeURIComponent(asking.period)}`, {
        closesAt,
        ...(asking.building ? { building: asking.building } : {}),
        ...(asking.note ? { note: asking.note } : {}),
      });
      this.confirming = undefined;
      this.status = this.t('consoleNotices.extended', { whom: asking.building ? this.#buildingName(asking.building) : this.t('consoleNotices.extendAll'), day: this.#day(asking.lastDay) });
      await this.#show(this.period, this.shownBuilding);
      await this.updateComplete;
      this.querySelector<HTMLElement>('#extend-heading')?.setAttribute('tabindex', '-1');
      this.querySelector<HTMLElement>('#extend-heading')?.focus();
    } catch (error) {
      this.error = this.errorText(error);
    } finally {
      this.busy = false;
    }
  }

  async #export() {
    if (!this.client || this.busy) return;
    const excel = this.querySelector<HTMLInputElement>('#export-excel')?.checked === true;
    const query = new URLSearchParams({ period: this.period, format: 'csv', ...(excel ? { delimiter: 'semicolon', bom: '1' } : {}) });
    this.busy = true;
    this.error = '';
    this.status = this.t('consoleNotices.exporting');
    try {
      const response = await this.client.fetch('GET', `/admin/readings/export?${query}`, { headers: { Accept: 'text/csv' } });
      const { fileName } = await saveResponse(response, `readings-${this.period}.csv`);
      this.status = this.t('consoleNotices.exported', { file: fileName });
    } catch (error) {
      this.status = '';
      this.error = this.errorText(error);
    } finally {
      this.busy = false;
    }
  }
}
