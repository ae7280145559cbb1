/**
 * @module
 * `<consumption-history>`: monthly consumption per meter of the active address, as an SVG bar
 * chart with the same figures in a table. The table is always in the page for screen readers and
 * can be shown to everyone with one button (some people simply prefer numbers).
 */
// The session at the first render: only <owner-login> shows something before it arrives.
import '../core/session-store.ts';
import { html, nothing, type TemplateResult } from 'lit';
import type { ApiClient } from '../core/api-client.ts';
import { DoorstepElement } from '../core/base-element.ts';
import { registerMessages, type MessageKey } from '../core/i18n/messages.ts';
import { PremiseResource } from '../core/premise-resource.ts';
import { shadowControlStyles } from '../core/styles/controls.ts';
import { hostStyles } from '../core/styles/tokens.ts';
import { formatPeriod, formatReading, unitSymbol } from '../meter-readings/meter-format.ts';
import { fetchHistory, fetchMeters, type HistoryResponse } from '../meter-readings/readings-api.ts';
import { consumptionHistoryStyles } from './consumption-history.styles.ts';
import { renderChart, type ChartBar } from './consumption-chart.ts';
import { lv } from './i18n/lv.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

const MIN_MONTHS = 12;
const MAX_MONTHS = 24;
let instances = 0;

/** '2026-05' moved by `count` months. */
function shiftPeriod(period: string, count: number): string {
  const [year, month] = period.split('-').map(Number);
  const index = year! * 12 + (month! - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * @summary Monthly consumption per meter of the active address over the last 12–24 months: an
 * accessible SVG bar chart with a table of the same figures.
 *
 * @attr api - Base URL of the Doorstep API; else taken from `<doorstep-config>`.
 * @attr tenant - The property manager's slug; else taken from `<doorstep-config>`.
 * @attr now - Demo mode only: ISO time the server takes as now.
 * @attr lang - `lv` (default), `en` or `ru`; else the closest ancestor's `lang`, else the page's.
 * @attr months - How many months to show, 12 to 24 (default 12).
 * @attr heading-level - Level of the widget's heading (default 2); meters get the next level.
 *
 * @csspart base - The wrapper of everything shown.
 * @csspart title - The widget's heading.
 * @csspart meter - One meter's figure (caption, chart, table).
 * @csspart chart - The SVG chart.
 * @csspart table - The table of the same figures.
 * @csspart table-toggle - The button that shows or hides the table.
 *
 * @cssproperty --doorstep-chart-cold-water - Bars of cold-water meters. Default `#1f6fb2`.
 * @cssproperty --doorstep-chart-hot-water - Bars of hot-water meters. Default `#b3401e`.
 * @cssproperty --doorstep-chart-bar - Bars of other meters; falls back to `--doorstep-color-primary`.
 * @cssproperty --doorstep-chart-grid - Grid lines. Default `#c9ced6`.
 * @cssproperty --doorstep-font-size - Base text size. Default `1.125rem`.
 */
export class ConsumptionHistory extends DoorstepElement {
  static override styles = [hostStyles, shadowControlStyles, consumptionHistoryStyles];
  static override properties = {
    ...DoorstepElement.properties,
    months: { type: Number },
    headingLevel: { type: Number, attribute: 'heading-level' },
  };

  /** Months to show, 12 to 24. */
  declare months: number;
  /** Level of the widget's heading; meters get the next one. */
  declare headingLevel: number;

  readonly #id = `doorstep-history-${++instances}`;
  readonly #histories = new PremiseResource<HistoryResponse[]>(this, {
    session: () => this.session,
    load: (client, premise, signal) => this.#loadHistories(client, premise.id, signal),
    // Another `now` (demo mode) moves the months shown, and so does another month count.
    dependsOn: () => `${this.session?.now ?? ''}|${this.#monthCount}`,
  });
  #tablesShown = new Set<string>();
  readonly #onReadingSubmit = () => void this.#histories.reload();

  constructor() {
    super();
    this.months = MIN_MONTHS;
    this.headingLevel = 2;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A reading sent through <meter-readings> anywhere on the page changes this month's bar.
    this.ownerDocument.addEventListener('doorstep-reading-submit', this.#onReadingSubmit);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ownerDocument.removeEventListener('doorstep-reading-submit', this.#onReadingSubmit);
  }

  get #monthCount(): number {
    const months = Math.round(Number(this.months) || MIN_MONTHS);
    return Math.min(MAX_MONTHS, Math.max(MIN_MONTHS, months));
  }

  async #loadHistories(client: ApiClient, premiseId: string, signal: AbortSignal): Promise<HistoryResponse[]> {
    const list = await fetchMeters(client, premiseId, signal);
    // The newest period with readings: the open window's, else the one before the next window.
    const to = list.window.open ? list.window.period : shiftPeriod(list.window.period, -1);
    const range = { from: shiftPeriod(to, 1 - this.#monthCount), to };
    return Promise.all(list.meters.map((meter) => fetchHistory(client, premiseId, meter.id, range, signal)));
  }

  protected override render(): TemplateResult {
    const { state, value: histories } = this.#histories;
    // After a reading was sent the chart stays while its figures refresh.
    const loading = state === 'restoring' || (state === 'loading' && !histories);
    let body: TemplateResult | typeof nothing = nothing;
    if (state === 'unconfigured') body = html`<p class="message">${this.t('common.configMissing')}</p>`;
    else if (loading) body = html`<p>${this.t('common.loading')}</p>`;
    else if (state === 'anonymous') body = html`<p>${this.t('consumption-history.loginFirst')}</p>`;
    else if (state === 'no-address') body = html`<p>${this.t('consumption-history.noPremise')}</p>`;
    else if (state === 'forbidden' || state === 'error') body = this.#renderError(this.#histories.error);
    else if (histories)
      body = histories.length ? html`${histories.map((h) => this.#renderMeter(h))}` : html`<p>${this.t('consumption-history.noMeters')}</p>`;
    return html`
      <div part="base" class="base" aria-busy=${state === 'loading' && !histories ? 'true' : 'false'}>
        <div part="title" class="title" role="heading" aria-level=${this.headingLevel}>${this.t('consumption-history.title')}</div>
        ${body}
      </div>
    `;
  }

  #renderError(error: unknown): TemplateResult {
    if (this.#histories.state === 'forbidden') return html`<p role="status">${this.t('consumption-history.noRight')}</p>`;
    return html`
      <p class="message" role="alert">${this.errorText(error)}</p>
      <button type="button" class="button button--secondary" @click=${() => this.#histories.reload()}>${this.t('consumption-history.retry')}</button>
    `;
  }

  #renderMeter(history: HistoryResponse): TemplateResult {
    const { meter } = history;
    const id = `${this.#id}-${meter.id}`;
    const unit = unitSymbol(meter.unit);
    const language = this.language;
    const byPeriod = new Map(history.periods.map((p) => [p.period, p]));
    const periods = Array.from({ length: this.#monthCount }, (_, i) => shiftPeriod(history.from, i)).filter((p) => p <= history.to);
    const bars: ChartBar[] = periods.map((period) => {
      const entry = byPeriod.get(period);
      const months = entry?.months ?? 1;
      // A reading after a gap covers several months: its bar shows their monthly average, so
      // one late reading does not tower over the months around it (the table has the total).
      const consumption = entry?.consumption ? Number(entry.consumption) / months : null;
      const title = this.t('consumption-history.bar', {
        month: formatPeriod(language, period, 'long'),
        value: entry?.consumption ? formatReading(language, entry.consumption, meter.decimals) : this.t('consumption-history.missing'),
        unit: entry?.consumption ? unit : '',
      });
      return {
        period,
        consumption,
        label: formatPeriod(language, period, 'short'),
        title: months > 1 ? `${title} ${this.t('consumption-history.overMonths', { count: months })}` : title,
      };
    });
    const known = history.periods.filter((p) => p.consumption !== null);
    const caption = this.t('consumption-history.caption', {
      kind: this.t(`consumption-history.kind_${meter.kind}` as MessageKey),
      location: meter.location,
      serial: meter.serialNumber,
    });
    const showTable = this.#tablesShown.has(meter.id);
    const toggle = () => {
      if (showTable) this.#tablesShown.delete(meter.id);
      else this.#tablesShown.add(meter.id);
      this.requestUpdate();
    };
    return html`
      <figure part="meter" class="meter" aria-labelledby="${id}-caption" data-meter=${meter.id}>
        <figcaption id="${id}-caption" class="caption"><span role="heading" aria-level=${this.headingLevel + 1}>${caption}</span></figcaption>
        ${known.length === 0
          ? html`<p>${this.t('consumption-history.noReadings')}</p>`
          : html`
              <div part="chart" class="chart-wrap">
                ${renderChart(bars, {
                  summary: this.#summary(history, unit),
                  formatTick: (value) => this.formatNumber(value, { maximumFractionDigits: 1 }),
                  barClass: `bar--${meter.kind}`,
                })}
              </div>
              <button
                part="table-toggle"
                type="button"
                class="button button--secondary toggle"
                aria-expanded=${showTable ? 'true' : 'false'}
                aria-controls="${id}-table"
                @click=${toggle}
              >
                ${showTable ? this.t('consumption-history.hideTable') : this.t('consumption-history.showTable')}
              </button>
              ${this.#renderTable(history, periods, id, unit, showTable)}
            `}
      </figure>
    `;
  }

  #summary(history: HistoryResponse, unit: string): string {
    const language = this.language;
    const known = history.periods.filter((p) => p.consumption !== null);
    const months = known.reduce((sum, p) => sum + (p.months ?? 1), 0);
    const total = known.reduce((sum, p) => sum + Number(p.consumption), 0);
    const top = known.reduce((best, p) => (Number(p.consumption) > Number(best.consumption) ? p : best), known[0]!);
    const decimals = history.meter.decimals;
    return this.t('consumption-history.summary', {
      from: formatPeriod(language, history.from, 'long'),
      to: formatPeriod(language, history.to, 'long'),
      average: this.formatNumber(total / Math.max(1, months), { maximumFractionDigits: Math.min(decimals, 2) }),
      max: formatReading(language, top.consumption!, decimals),
      maxMonth: formatPeriod(language, top.period, 'long'),
      unit,
    });
  }

  #renderTable(history: HistoryResponse, periods: string[], id: string, unit: string, shown: boolean): TemplateResult {
    const language = this.language;
    const byPeriod = new Map(history.periods.map((p) => [p.period, p]));
    const decimals = history.meter.decimals;
    // The wrapper carries the hiding: a table ignores `width: 1px` and would widen the page. Shown, it
    // scrolls sideways by itself at 320 px (a data table may), reachable by keyboard.
    return html`
      <div
        class=${shown ? 'table-wrap' : 'visually-hidden'}
        role=${shown ? 'region' : nothing}
        tabindex=${shown ? '0' : nothing}
        aria-labelledby=${shown ? `${id}-caption` : nothing}
      >
        <table part="table" id="${id}-table" class="table">
          <thead>
            <tr>
              <th scope="col">${this.t('consumption-history.month')}</th>
              <th scope="col">${this.t('consumption-history.reading')}</th>
              <th scope="col">${this.t('consumption-history.consumption', { unit })}</th>
            </tr>
          </thead>
          <tbody>
            ${periods.map((period) => {
              const entry = byPeriod.get(period);
              return html`
                <tr data-period=${period}>
                  <th scope="row">${formatPeriod(language, period, 'long')}</th>
                  <td>${entry ? formatReading(language, entry.value, decimals) : this.t('consumption-history.missing')}</td>
                  <td>
                    ${entry?.consumption ? formatReading(language, entry.consumption, decimals) : '—'}
                    ${entry?.months && entry.months > 1 ? this.t('consumption-history.overMonths', { count: entry.months }) : nothing}
                  </td>
                </tr>
              `;
            })}
          </tbody>
        </table>
      </div>
    `;
  }
}
