/**
 * @module
 * `<meter-readings>`: the meters of the active address, and the form residents use every month.
 * Residents of real portals complain that they never know whether a reading arrived, so every
 * accepted reading is confirmed with its time stamp, in a status region screen readers announce.
 */
// The session at the first render: only <owner-login> shows something before it arrives.
import '../core/session-store.ts';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { ApiError } from '../core/api-error.ts';
import { DoorstepElement } from '../core/base-element.ts';
import { hasMessage, registerMessages, type MessageKey, type MessageParams } from '../core/i18n/messages.ts';
import { PremiseResource } from '../core/premise-resource.ts';
import { shadowControlStyles } from '../core/styles/controls.ts';
import { hostStyles } from '../core/styles/tokens.ts';
import { DoorstepReadingSubmitEvent } from './doorstep-reading-submit.ts';
import { lv } from './i18n/lv.ts';
import { formatDay, formatReading, timeZoneName, unitSymbol } from './meter-format.ts';
import { meterReadingsStyles } from './meter-readings.styles.ts';
import { fetchMeters, submitReading, type Meter, type MetersResponse, type SubmittedReading } from './readings-api.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

/** What one meter's card is doing, kept across reloads of the list. */
interface MeterState {
  draft: string;
  busy: boolean;
  error: ApiError | null;
  /** `confirmation_required` for `pendingValue`, waiting for "send anyway" or a correction. */
  warning: ApiError | null;
  pendingValue: string;
  receipt: SubmittedReading | null;
}

let instances = 0;

/**
 * @summary The meters of the active address with their last readings, verification dates and the
 * monthly reading form: open only inside the manager's window, with the consumption, a warning for
 * unusual consumption ("send anyway"), and a time-stamped confirmation of every reading received.
 *
 * @attr api - Base URL of the Doorstep API; else taken from `<doorstep-config>`.
 * @attr tenant - The property manager's slug; else taken from `<doorstep-config>`.
 * @attr now - Demo mode only: ISO time the server takes as now (shows the window open or closed).
 * @attr lang - `lv` (default), `en` or `ru`; else the closest ancestor's `lang`, else the page's.
 * @attr heading-level - Level of the widget's heading (default 2); meters get the next level.
 *
 * @event {DoorstepReadingSubmitEvent} doorstep-reading-submit - A reading was accepted. `detail.premiseId`, `detail.meterId`, `detail.result`.
 *
 * @csspart base - The wrapper of everything shown.
 * @csspart title - The widget's heading.
 * @csspart window - When readings are accepted: "Rādījumus varēs nodot no: … līdz …".
 * @csspart meter - One meter's card.
 * @csspart reminder - The verification reminder of a meter.
 * @csspart input - The reading input.
 * @csspart submit-button - The "Nosūtīt" button.
 * @csspart receipt - The confirmation that a reading was received, with its time stamp.
 * @csspart warning - The unusual-consumption warning with "send anyway".
 * @csspart message - An error message (an `aria-live` alert).
 *
 * @cssproperty --doorstep-color-primary - Buttons and the focus ring. Default `#0b57d0`.
 * @cssproperty --doorstep-color-error - Errors. Default `#b3261e`.
 * @cssproperty --doorstep-color-success - The receipt. Default `#146c2e`.
 * @cssproperty --doorstep-color-warning - Reminders and the consumption warning. Default `#7a4f01`.
 * @cssproperty --doorstep-color-outline - Input and card borders. Default `#5b6470`.
 * @cssproperty --doorstep-card-background - Background of a meter's card. Default `transparent`.
 * @cssproperty --doorstep-font-size - Base text size. Default `1.125rem`.
 * @cssproperty --doorstep-control-height - Height of the input and buttons, never below 44px. Default `3rem`.
 */
export class MeterReadings extends DoorstepElement {
  static override styles = [hostStyles, shadowControlStyles, meterReadingsStyles];
  static override properties = {
    ...DoorstepElement.properties,
    headingLevel: { type: Number, attribute: 'heading-level' },
  };

  /** Level of the widget's heading; meters get the next one. */
  declare headingLevel: number;

  readonly #id = `doorstep-readings-${++instances}`;
  readonly #list = new PremiseResource<MetersResponse>(this, {
    session: () => this.session,
    load: (client, premise, signal) => fetchMeters(client, premise.id, signal),
    // Another `now` (demo mode) may open or close the reading window.
    dependsOn: () => this.session?.now ?? '',
  });
  #meters = new Map<string, MeterState>();
  /** The address `#meters` belongs to. */
  #metersFor: string | null = null;

  constructor() {
    super();
    this.headingLevel = 2;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Drafts, warnings and receipts belong to one address: another address or a logout drops them.
    const session = this.session;
    const premiseId = session?.status === 'authenticated' ? session.activePremiseId : null;
    if (premiseId !== this.#metersFor) {
      this.#meters.clear();
      this.#metersFor = premiseId;
    }
  }

  /** Reloads the meters (e.g. after the host page changed something the widget cannot see). */
  async refresh(): Promise<void> {
    await this.#list.reload();
  }

  #state(meterId: string): MeterState {
    let state = this.#meters.get(meterId);
    if (!state) {
      state = { draft: '', busy: false, error: null, warning: null, pendingValue: '', receipt: null };
      this.#meters.set(meterId, state);
    }
    return state;
  }

  protected override render(): TemplateResult {
    const { state, value } = this.#list;
    // Only a first load says "loading": after a submission the list stays while it refreshes.
    const loading = state === 'restoring' || (state === 'loading' && !value);
    let body: TemplateResult | typeof nothing = nothing;
    if (state === 'unconfigured') body = html`<p class="message">${this.t('common.configMissing')}</p>`;
    else if (loading) body = html`<p>${this.t('common.loading')}</p>`;
    else if (state === 'anonymous') body = html`<p>${this.t('meter-readings.loginFirst')}</p>`;
    else if (state === 'no-address') body = html`<p>${this.t('meter-readings.noPremise')}</p>`;
    else if (state === 'forbidden' || state === 'error') body = this.#renderLoadError(this.#list.error);
    else if (value) body = this.#renderList(value);
    return html`
      <div part="base" class="base" aria-busy=${state === 'loading' && !value ? 'true' : 'false'}>
        <div part="title" class="title" role="heading" aria-level=${this.headingLevel}>${this.t('meter-readings.title')}</div>
        ${body}
      </div>
    `;
  }

  #renderLoadError(error: unknown): TemplateResult {
    if (this.#list.state === 'forbidden') {
      return html`<p part="message" class="info" role="status">${this.t('meter-readings.noRight')}</p>`;
    }
    return html`
      <p part="message" class="message" role="alert">${this.errorText(error)}</p>
      <button type="button" class="button button--secondary" @click=${() => this.#list.reload()}>${this.t('meter-readings.retry')}</button>
    `;
  }

  #renderList(data: MetersResponse): TemplateResult {
    const w = data.window;
    const dates = { from: formatDay(this.language, w.firstDay), to: formatDay(this.language, w.lastDay) };
    return html`
      <p part="window" id="${this.#id}-window" class="window" data-open=${w.open ? 'true' : 'false'}>
        ${w.open ? this.t('meter-readings.windowOpen', dates) : this.t('meter-readings.windowClosed', dates)}
      </p>
      ${data.canSubmit ? nothing : html`<p class="info">${this.t('meter-readings.readOnly')}</p>`}
      ${data.meters.length === 0
        ? html`<p>${this.t('meter-readings.noMeters')}</p>`
        : html`<ul class="meters" role="list">
            ${data.meters.map((meter) => html`<li>${this.#renderMeter(meter, data)}</li>`)}
          </ul>`}
    `;
  }

  #renderMeter(meter: Meter, data: MetersResponse): TemplateResult {
    const id = `${this.#id}-${meter.id}`;
    const state = this.#state(meter.id);
    const unit = unitSymbol(meter.unit);
    const reading = (value: string) => formatReading(this.language, value, meter.decimals);
    const last = meter.lastReading;
    const due = meter.verificationDue ? formatDay(this.language, meter.verificationDue) : null;
    const period = meter.periodReading;
    return html`
      <article part="meter" class="meter" aria-labelledby="${id}-title" data-meter=${meter.id}>
        <div id="${id}-title" class="meter-title" role="heading" aria-level=${this.headingLevel + 1}>
          ${this.t(`meter-readings.kind_${meter.kind}` as MessageKey)}${meter.location ? html`<span class="location"> · ${meter.location}</span>` : nothing}
        </div>
        <dl class="facts">
          <div><dt>${this.t('meter-readings.serialNumber')}</dt><dd class="serial">${meter.serialNumber}</dd></div>
          <div>
            <dt>${this.t('meter-readings.lastReading')}</dt>
            <dd class="last-reading">
              ${last
                ? this.t('meter-readings.readingOn', { value: reading(last.value), unit, date: formatDay(this.language, last.date) })
                : this.t('meter-readings.noReadingYet')}
            </dd>
          </div>
          <div>
            <dt>${this.t('meter-readings.verificationDue')}</dt>
            <dd class="verification">${due ?? this.t('meter-readings.verificationUnknown')}</dd>
          </div>
        </dl>
        ${meter.verification === 'due_soon' && due
          ? html`<p part="reminder" class="reminder">${this.t('meter-readings.verificationSoon', { date: due })}</p>`
          : nothing}
        ${meter.verification === 'expired' && due
          ? html`<p part="reminder" class="reminder reminder--expired">${this.t('meter-readings.verificationExpired', { date: due })}</p>`
          : nothing}
        ${period
          ? html`<p class="period-reading">
              ${this.t('meter-readings.periodReading', { value: reading(period.value), unit })}${period.consumption !== null
                ? html`<br />${this.t('meter-readings.consumption', { value: reading(period.consumption), unit })}`
                : nothing}
            </p>`
          : nothing}
        ${data.canSubmit ? this.#renderForm(meter, data, state, id) : nothing}
        <p part="receipt" class="notice receipt" role="status">${state.receipt ? this.#receiptText(meter, state.receipt) : ''}</p>
        <p part="message" class="message" role="alert" id="${id}-error">${state.error ? this.#errorFor(meter, state.error) : ''}</p>
        ${state.warning ? this.#renderWarning(meter, state, id) : nothing}
      </article>
    `;
  }

  #renderForm(meter: Meter, data: MetersResponse, state: MeterState, id: string): TemplateResult {
    const disabled = !meter.accepting;
    const closed = meter.refusal === 'reading_window_closed';
    const w = data.window;
    const described = [`${id}-hint`, state.error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`
      <form class="form" novalidate @submit=${(event: Event) => this.#onSubmit(event, meter)}>
        <label for="${id}-input">${this.t('meter-readings.inputLabel', { unit: unitSymbol(meter.unit) })}</label>
        <div class="row">
          <input
            part="input"
            id="${id}-input"
            class="input"
            name="value"
            type="text"
            inputmode="decimal"
            autocomplete="off"
            spellcheck="false"
            maxlength="32"
            .value=${live(state.draft)}
            ?disabled=${disabled}
            aria-invalid=${state.error ? 'true' : 'false'}
            aria-describedby=${described}
            @input=${(event: Event) => (state.draft = (event.target as HTMLInputElement).value)}
          />
          <button part="submit-button" class="button" type="submit" ?disabled=${disabled} aria-disabled=${state.busy ? 'true' : 'false'}>
            ${state.busy ? this.t('meter-readings.sending') : this.t('meter-readings.submit')}
          </button>
        </div>
        <p id="${id}-hint" class=${closed ? 'hint hint--closed' : 'hint'}>
          ${closed
            ? this.t('meter-readings.windowClosed', { from: formatDay(this.language, w.firstDay), to: formatDay(this.language, w.lastDay) })
            : this.t('meter-readings.inputHint')}
          ${meter.periodReading && meter.accepting ? this.t('meter-readings.correctionHint', { to: formatDay(this.language, w.lastDay) }) : nothing}
        </p>
      </form>
    `;
  }

  #renderWarning(meter: Meter, state: MeterState, id: string): TemplateResult {
    const fields = state.warning!.fields as { consumption?: string; average?: string };
    const unit = unitSymbol(meter.unit);
    const format = (value: string | undefined) => (value === undefined ? '' : formatReading(this.language, value, meter.decimals));
    return html`
      <div part="warning" class="warning" role="alert" aria-labelledby="${id}-warning-title">
        <p id="${id}-warning-title" class="warning-title">${this.t('meter-readings.confirmTitle')}</p>
        <p id="${id}-warning-text">${this.t('meter-readings.confirmText', { consumption: format(fields.consumption), average: format(fields.average), unit })}</p>
        <div class="actions">
          <button
            id="${id}-send-anyway"
            type="button"
            class="button send-anyway"
            aria-describedby="${id}-warning-title ${id}-warning-text"
            @click=${() => this.#send(meter, state.pendingValue, true)}
          >
            ${this.t('meter-readings.sendAnyway')}
          </button>
          <button type="button" class="button button--secondary fix" @click=${() => this.#fix(meter, state)}>${this.t('meter-readings.fix')}</button>
        </div>
      </div>
    `;
  }

  #receiptText(meter: Meter, receipt: SubmittedReading): string {
    const at = new Date(receipt.reading.submittedAt);
    const params = {
      value: formatReading(this.language, receipt.reading.value, meter.decimals),
      unit: unitSymbol(meter.unit),
      date: this.formatDate(at),
      time: this.#timeNamed(at),
    };
    const key = receipt.unchanged ? 'receivedAlready' : receipt.corrected ? 'receivedCorrection' : 'received';
    const consumption =
      receipt.consumption === null
        ? ''
        : ` ${this.t(receipt.previousReading?.period === null ? 'meter-readings.consumptionSinceStart' : 'meter-readings.consumption', {
            value: formatReading(this.language, receipt.consumption, meter.decimals),
            unit: params.unit,
          })}`;
    return `${this.t(`meter-readings.${key}`, params)}${consumption}`;
  }

  /** "10:00 (Rīgas laiks)": the manager's clock, named, so a resident abroad cannot misread it. */
  #timeNamed(at: Date): string {
    const zone = this.session?.timeZone;
    const time = this.formatTime(at);
    return zone ? `${time} (${timeZoneName(this.language, zone, this.t('meter-readings.rigaTime'))})` : time;
  }

  /** The error in the resident's words, with the figures the server sent along. */
  #errorFor(meter: Meter, error: ApiError): string {
    const fields = error.fields as { firstDay?: string; lastDay?: string; previous?: { value?: string }; decimals?: number };
    const params: Record<string, string | number> = { unit: unitSymbol(meter.unit) };
    let code = error.code;
    if (code === 'reading_window_closed' && fields.firstDay && fields.lastDay) {
      params.from = formatDay(this.language, fields.firstDay);
      params.to = formatDay(this.language, fields.lastDay);
    }
    if (code === 'reading_below_previous' && fields.previous?.value) params.previous = formatReading(this.language, fields.previous.value, meter.decimals);
    if (code === 'reading_value_too_many_decimals') {
      params.count = meter.decimals;
      if (meter.decimals === 0) code = 'reading_value_no_decimals';
    }
    const key = `meter-readings.error.${code}`;
    return hasMessage(key) ? this.t(key, params as MessageParams) : this.errorText(error);
  }

  #onSubmit(event: Event, meter: Meter): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    // Read the field itself: autofill and scripts may set it without an input event.
    const value = (form.elements.namedItem('value') as HTMLInputElement).value;
    void this.#send(meter, value, false);
  }

  async #send(meter: Meter, value: string, confirm: boolean): Promise<void> {
    const state = this.#state(meter.id);
    const session = this.session;
    const premiseId = session?.activePremiseId;
    // A second click while the first is on its way adds nothing (and the server would not either).
    if (state.busy || !session || !premiseId) return;
    Object.assign(state, { busy: true, draft: value, error: null, receipt: null, warning: null });
    this.requestUpdate();
    try {
      const result = await submitReading(session.client, premiseId, meter.id, value, confirm);
      Object.assign(state, { receipt: result, draft: '', pendingValue: '' });
      this.dispatchEvent(new DoorstepReadingSubmitEvent(premiseId, meter.id, result));
      await this.#list.reload();
    } catch (error) {
      const apiError = error instanceof ApiError ? error : ApiError.network(error);
      if (apiError.code === 'confirmation_required') Object.assign(state, { warning: apiError, pendingValue: value });
      else state.error = apiError;
    } finally {
      state.busy = false;
      this.requestUpdate();
    }
    await this.#focusWhatIsAsked(meter, state);
  }

  /**
   * A resident who pressed Enter must land on the question asked: "send anyway" (described by the
   * warning, so a screen reader reads the question with it), or the field an error is about. A
   * receipt leaves focus alone; its status region announces it.
   */
  async #focusWhatIsAsked(meter: Meter, state: MeterState): Promise<void> {
    if (!state.warning && !state.error) return;
    await this.updateComplete;
    const id = `${this.#id}-${meter.id}`;
    const target = state.warning
      ? this.shadowRoot?.getElementById(`${id}-send-anyway`)
      : (this.shadowRoot?.getElementById(`${id}-input`) as HTMLInputElement | null);
    if (target && !(target as HTMLInputElement).disabled) target.focus();
  }

  async #fix(meter: Meter, state: MeterState): Promise<void> {
    state.warning = null;
    this.requestUpdate();
    await this.updateComplete;
    const input = this.shadowRoot?.getElementById(`${this.#id}-${meter.id}-input`) as HTMLInputElement | null;
    input?.focus();
    input?.select();
  }
}
