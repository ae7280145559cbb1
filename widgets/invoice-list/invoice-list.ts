/**
 * @module
 * `<invoice-list>`: the resident's invoices for the active address, as every portal residents know
 * shows them: the latest invoice first (period, number, date, amount, total to pay, due date and
 * status), "Lejupielādēt" for its PDF, how to pay it (details to copy and an EPC QR code for the
 * banking app), and "Visi rēķini", all invoices, loaded a page at a time.
 *
 * Logged out it asks the resident to log in; on an address where the user's rights do not include
 * invoices (a member without the `invoices` right) it shows nothing at all.
 */
// The session at the first render: only <owner-login> shows something before it arrives.
import '../core/session-store.ts';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { DoorstepElement } from '../core/base-element.ts';
import { saveResponse } from '../core/download.ts';
import { registerMessages } from '../core/i18n/messages.ts';
import { PremiseResource } from '../core/premise-resource.ts';
import { shadowControlStyles } from '../core/styles/controls.ts';
import { hostStyles } from '../core/styles/tokens.ts';
import { DoorstepInvoiceDownloadEvent } from './doorstep-invoice-download.ts';
import { fetchInvoice, fetchInvoicePage, fetchInvoicePdf, type InvoiceDetail, type InvoiceSummary } from './invoice-data.ts';
import { invoiceListStyles } from './invoice-list.styles.ts';
import { latestCard, listItem, paymentDetails, type ViewContext } from './invoice-views.ts';
import { lv } from './i18n/lv.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

interface Loaded {
  premiseId: string;
  invoices: InvoiceSummary[];
  nextCursor: string | null;
  latest: InvoiceDetail | null;
}

let instanceCount = 0;

/**
 * @summary The latest invoice with its PDF and payment details (copy buttons, EPC QR code), and
 * all invoices of the active address, loaded on demand.
 *
 * @attr api - Base URL of the Doorstep API; else taken from `<doorstep-config>`.
 * @attr tenant - The property manager's slug; else taken from `<doorstep-config>`.
 * @attr now - Demo mode only: ISO time the server takes as now.
 * @attr lang - `lv` (default), `en` or `ru`; else the closest ancestor's `lang`, else the page's.
 * @attr page-size - Invoices per page of "Visi rēķini" (1–50). Default 10.
 *
 * @event {DoorstepInvoiceDownloadEvent} doorstep-invoice-download - A PDF was downloaded. `detail.invoice`, `detail.fileName`, `detail.blob`.
 *
 * @csspart base - The wrapper of everything shown.
 * @csspart heading - The "Rēķini" heading.
 * @csspart message - Errors (an `aria-live` alert), with a retry button when loading failed.
 * @csspart announcer - Polite announcements: copied, downloaded, more loaded.
 * @csspart empty - The empty state of an account without invoices.
 * @csspart latest - The latest invoice's card.
 * @csspart status - A status badge; also `status-unpaid`, `status-partly_paid`, `status-paid`, `status-overdue`.
 * @csspart download-button - "Lejupielādēt" on the latest invoice.
 * @csspart payment - The payment details.
 * @csspart copy-button - Each "Kopēt" button.
 * @csspart qr - The EPC QR code and its caption.
 * @csspart all-toggle - The "Visi rēķini" button that shows and hides the list.
 * @csspart list - The list of all invoices.
 * @csspart item - One invoice in the list.
 * @csspart item-download-button - "Lejupielādēt" in the list.
 * @csspart load-more-button - "Ielādēt vairāk".
 *
 * @cssproperty --doorstep-color-primary - Buttons and the focus ring. Default `#0b57d0`.
 * @cssproperty --doorstep-color-error - Errors and the overdue status. Default `#b3261e`.
 * @cssproperty --doorstep-color-success - The paid status. Default `#146c2e`.
 * @cssproperty --doorstep-font-size - Base text size. Default `1.125rem`.
 * @cssproperty --doorstep-spacing - Space between parts. Default `1rem`.
 * @cssproperty --doorstep-radius - Corner radius of cards and buttons. Default `0.375rem`.
 * @cssproperty --doorstep-invoice-card-background - The latest invoice's card. Default `#f5f7fa`.
 * @cssproperty --doorstep-invoice-status-unpaid-color - Unpaid badge. Default `#0b57d0`.
 * @cssproperty --doorstep-invoice-status-partly-paid-color - Partly paid badge. Default `#8a5a00`.
 * @cssproperty --doorstep-invoice-status-paid-color - Paid badge; falls back to `--doorstep-color-success`.
 * @cssproperty --doorstep-invoice-status-overdue-color - Overdue badge; falls back to `--doorstep-color-error`.
 * @cssproperty --doorstep-invoice-qr-size - Width of the QR code. Default `11rem`.
 */
export class InvoiceList extends DoorstepElement {
  static override styles = [hostStyles, shadowControlStyles, invoiceListStyles];
  static override properties = {
    ...DoorstepElement.properties,
    pageSize: { type: Number, attribute: 'page-size' },
  };

  /** Invoices per page of "Visi rēķini". */
  declare pageSize: number;

  readonly #id = `doorstep-invoices-${++instanceCount}`;
  /** The first page and the newest invoice in full, for the active address. */
  readonly #invoices = new PremiseResource<Loaded>(this, {
    session: () => this.session,
    action: 'invoices.view',
    load: async (client, premise, signal) => {
      const page = await fetchInvoicePage(client, premise.id, { limit: this.#limit, signal });
      const newest = page.invoices[0];
      const latest = newest ? await fetchInvoice(client, premise.id, newest.id, signal) : null;
      return { premiseId: premise.id, invoices: page.invoices, nextCursor: page.nextCursor, latest };
    },
  });
  /** The address whose invoices the list state below belongs to. */
  #shownPremise: string | null = null;
  #error: unknown = null;
  #moreError: unknown = null;
  #loadingMore = false;
  #expanded = false;
  #downloading: string | null = null;
  #announcement = '';
  #focusItem: string | null = null;

  constructor() {
    super();
    this.pageSize = 10;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('pageSize') && changed.get('pageSize') !== undefined) this.#invoices.reload();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#focusItem) {
      this.shadowRoot?.querySelector<HTMLElement>(`[part~="item"][data-invoice-id="${this.#focusItem}"]`)?.focus();
      this.#focusItem = null;
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const state = this.#invoices.state;
    // A member without the invoices right sees nothing at all, not even a heading.
    if (state === 'forbidden') return nothing;
    const loaded = this.#invoices.value;
    if (loaded && loaded.premiseId !== this.#shownPremise) this.#forgetListState(loaded.premiseId);
    return html`
      <section part="base" class="base" aria-labelledby="${this.#id}-heading" aria-busy=${state === 'loading' || state === 'restoring' ? 'true' : 'false'}>
        <h2 part="heading" id="${this.#id}-heading" class="heading">${this.t('invoice-list.heading')}</h2>
        <div part="message" class="message" role="alert">${this.#errorMessage()}</div>
        ${state === 'error'
          ? html`<button class="button button--secondary" type="button" @click=${() => this.#invoices.reload()}>${this.t('invoice-list.retry')}</button>`
          : nothing}
        <div part="announcer" class="visually-hidden" role="status">${this.#announcement}</div>
        ${state === 'unconfigured' ? html`<p>${this.t('common.configMissing')}</p>` : nothing}
        ${state === 'restoring' || (state === 'loading' && !loaded) ? html`<p>${this.t('common.loading')}</p>` : nothing}
        ${state === 'anonymous' ? html`<p>${this.t('invoice-list.loginFirst')}</p>` : nothing}
        ${state === 'no-address' ? html`<p>${this.t('invoice-list.noAddress')}</p>` : nothing}
        ${loaded ? this.#renderLoaded(loaded) : nothing}
      </section>
    `;
  }

  #errorMessage(): string {
    const error = this.#invoices.state === 'error' ? this.#invoices.error : this.#error;
    return error ? this.errorText(error) : '';
  }

  #renderLoaded(loaded: Loaded): TemplateResult {
    if (!loaded.invoices.length) {
      return html`<div part="empty" class="empty">
        <p class="empty__title">${this.t('invoice-list.empty')}</p>
        <p class="hint">${this.t('invoice-list.emptyHint')}</p>
      </div>`;
    }
    const ctx = this.#viewContext();
    const listId = `${this.#id}-list`;
    return html`
      ${loaded.latest ? latestCard(ctx, loaded.latest) : nothing}
      ${loaded.latest?.payment ? paymentDetails(ctx, loaded.latest.payment) : nothing}
      <section class="all" aria-labelledby="${this.#id}-all">
        <h3 class="all__heading" id="${this.#id}-all">
          <button
            part="all-toggle"
            class="all__toggle"
            type="button"
            aria-expanded=${this.#expanded ? 'true' : 'false'}
            aria-controls=${listId}
            @click=${() => {
              this.#expanded = !this.#expanded;
              this.requestUpdate();
            }}
          >
            <span class="all__chevron" aria-hidden="true"></span>${this.t('invoice-list.all')}
          </button>
        </h3>
        <div id=${listId} class="all__body" ?hidden=${!this.#expanded}>
          <ul part="list" class="list" aria-label=${this.t('invoice-list.allLabel')}>
            ${loaded.invoices.map((invoice) => listItem(ctx, invoice))}
          </ul>
          <p class="message" role="alert">${this.#moreError ? this.errorText(this.#moreError) : ''}</p>
          ${loaded.nextCursor
            ? html`<button
                part="load-more-button"
                class="button button--secondary"
                type="button"
                aria-disabled=${this.#loadingMore ? 'true' : 'false'}
                @click=${() => void this.#loadMore()}
              >
                ${this.t(this.#loadingMore ? 'invoice-list.loadingMore' : 'invoice-list.loadMore')}
              </button>`
            : html`<p class="hint">${this.t('invoice-list.allShown')}</p>`}
        </div>
      </section>
    `;
  }

  #viewContext(): ViewContext {
    return {
      id: this.#id,
      language: this.language,
      t: (key, params) => this.t(key, params),
      downloading: this.#downloading,
      download: (invoice) => void this.#download(invoice),
      copy: (what, value) => void this.#copy(what, value),
    };
  }

  /** Another address (or a reload) shows its own list: collapsed, without earlier messages. */
  #forgetListState(premiseId: string): void {
    this.#shownPremise = premiseId;
    this.#expanded = false;
    this.#error = null;
    this.#moreError = null;
    this.#announcement = '';
  }

  async #loadMore(): Promise<void> {
    const loaded = this.#invoices.value;
    const client = this.client;
    if (!loaded?.nextCursor || !client || this.#loadingMore) return;
    this.#loadingMore = true;
    this.#moreError = null;
    this.requestUpdate();
    try {
      const page = await fetchInvoicePage(client, loaded.premiseId, { before: loaded.nextCursor, limit: this.#limit });
      if (this.#invoices.value !== loaded) return;
      // Keyset pages never overlap; the filter only guards against a double click racing itself.
      const known = new Set(loaded.invoices.map((invoice) => invoice.id));
      const added = page.invoices.filter((invoice) => !known.has(invoice.id));
      this.#announcement = this.t('invoice-list.loadedMore', { count: added.length });
      // Focus the first new invoice, so keyboard and screen-reader users go on where the new ones start.
      this.#focusItem = added[0]?.id ?? null;
      this.#invoices.set({ ...loaded, invoices: [...loaded.invoices, ...added], nextCursor: page.nextCursor });
    } catch (error) {
      this.#moreError = error;
    } finally {
      this.#loadingMore = false;
      this.requestUpdate();
    }
  }

  async #download(invoice: InvoiceSummary): Promise<void> {
    const client = this.client;
    const premiseId = this.#invoices.value?.premiseId;
    if (!client || !premiseId || this.#downloading) return;
    this.#downloading = invoice.id;
    this.#error = null;
    this.requestUpdate();
    try {
      const response = await fetchInvoicePdf(client, premiseId, invoice);
      const { fileName, blob } = await saveResponse(response, `${invoice.number}.pdf`);
      this.#announcement = this.t('invoice-list.downloaded', { number: invoice.number });
      this.dispatchEvent(new DoorstepInvoiceDownloadEvent({ id: invoice.id, number: invoice.number }, fileName, blob));
    } catch (error) {
      this.#error = error;
    } finally {
      this.#downloading = null;
      this.requestUpdate();
    }
  }

  async #copy(what: string, value: string): Promise<void> {
    let copied = false;
    try {
      await navigator.clipboard.writeText(value);
      copied = true;
    } catch {
      copied = this.#copyWithSelection(value);
    }
    // Announce even the same text twice: clear first, so the live region changes.
    this.#announcement = '';
    this.requestUpdate();
    await this.updateComplete;
    this.#announcement = this.t(copied ? 'invoice-list.copied' : 'invoice-list.copyFailed', { what });
    this.requestUpdate();
  }

  /** For pages without the async clipboard (plain http, older browsers). */
  #copyWithSelection(value: string): boolean {
    const area = this.ownerDocument.createElement('textarea');
    area.value = value;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    this.shadowRoot?.append(area);
    area.select();
    let ok = false;
    try {
      ok = this.ownerDocument.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }

  get #limit(): number {
    const size = Math.trunc(Number(this.pageSize));
    return Number.isFinite(size) ? Math.min(Math.max(size, 1), 50) : 10;
  }
}
