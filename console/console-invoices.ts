/**
 * @module
 * `<console-invoices>`: invoices for the staff, through the admin API.
 * - Import: a CSV (or NDJSON) of invoice lines through the admin import (`POST
 *   /admin/imports/invoices`, all or nothing), checked first if the staff member wishes (dry run).
 *   The report comes in the staff member's language (`Accept-Language`); a refused file's row
 *   errors are a table (row, column, code, explanation). PDFs travel separately, as the import
 *   says: after the import each chosen PDF named by its invoice's number is attached to that
 *   invoice (`PUT /admin/invoices/{number}` with the invoice as it is and the PDF).
 * - A premise's invoices: found by account number, address or the manager's premise code among
 *   the tenant's premises (the server's search, `GET /admin/resident-search`), then `GET /admin/invoices?premiseRef=` with
 *   each invoice's status as residents see it.
 */
import { html, nothing } from 'lit';
import type { ApiClient } from '../widgets/core/api-client.ts';
import type { Answer } from '../widgets/core/api-routes.ts';
import { ApiError } from '../widgets/core/api-error.ts';
import { ConsoleDocsElement } from './console-docs-element.ts';

type ImportReport = Answer<'/admin/imports/{kind}', 'post'>;
type Premise = Answer<'/admin/resident-search', 'get'>['items'][number];
type AdminInvoice = Answer<'/admin/invoices/{number}', 'get'>['item'];

const PAGE = 1000;
/** Premises a lookup shows at most (the search answers in address order; a narrower query finds the rest). */
const LOOKUP_PAGE = 50;
const MATCHES_SHOWN = 20;

export class ConsoleInvoices extends ConsoleDocsElement {
  static override properties = {
    client: { attribute: false },
    report: { state: true },
    status: { state: true },
    error: { state: true },
    busy: { state: true },
    found: { state: true },
    chosen: { state: true },
    invoices: { state: true },
    lookupError: { state: true },
  };

  declare client: ApiClient | undefined;
  /** The last import's report. */
  declare report: ImportReport | undefined;
  declare status: string;
  declare error: string;
  declare busy: boolean;
  declare found: Premise[] | undefined;
  declare chosen: Premise | undefined;
  declare invoices: AdminInvoice[] | undefined;
  declare lookupError: string;

  constructor() {
    super();
    this.status = '';
    this.error = '';
    this.busy = false;
    this.lookupError = '';
  }

  override render() {
    return html`<h1 id="invoices-heading" tabindex="-1">${this.t('console-docs.invoicesHeading')}</h1>
      ${this.#importForm()}
      <div role="status" aria-live="polite">${this.status ? html`<p class="status">${this.status}</p>` : nothing}</div>
      <p class="error" role="alert" aria-live="assertive">${this.error}</p>
      ${this.#errorTable()} ${this.#lookup()}`;
  }

  #importForm() {
    return html`<form class="notice-form import-form" @submit=${this.#import} novalidate aria-labelledby="import-heading">
      <h2 id="import-heading">${this.t('console-docs.importHeading')}</h2>
      <p class="muted" id="import-intro">${this.t('console-docs.importIntro')}</p>
      <label for="import-file">${this.t('console-docs.importFile')}</label>
      <input id="import-file" name="file" type="file" accept=".csv,text/csv,.ndjson,.jsonl,application/x-ndjson" required aria-describedby="import-intro" />
      <label for="import-pdfs">${this.t('console-docs.importPdfs')}</label>
      <input id="import-pdfs" name="pdfs" type="file" accept=".pdf,application/pdf" multiple />
      <div>
        <button type="submit" name="mode" value="check" class="secondary" ?disabled=${this.busy}>${this.t('console-docs.importCheck')}</button>
        <button type="submit" name="mode" value="import" ?disabled=${this.busy}>${this.t('console-docs.importRun')}</button>
      </div>
    </form>`;
  }

  #errorTable() {
    const report = this.report;
    if (!report || report.errors.length === 0) return nothing;
    return html`${report.errors.length < report.errorCount ? html`<p>${this.t('console-docs.importMore', { count: report.errors.length })}</p>` : nothing}
      <div class="table-scroll" role="region" tabindex="0" aria-labelledby="import-errors-caption"><table class="threads import-errors">
        <caption id="import-errors-caption">${this.t('console-docs.importErrors')}</caption>
        <thead>
          <tr>
            <th scope="col">${this.t('console-docs.errorRow')}</th>
            <th scope="col">${this.t('console-docs.errorField')}</th>
            <th scope="col">${this.t('console-docs.errorCode')}</th>
            <th scope="col">${this.t('console-docs.errorMessage')}</th>
          </tr>
        </thead>
        <tbody>
          ${report.errors.map(
            (e) => html`<tr>
              <th scope="row">${e.row === 0 ? this.t('console-docs.errorWholeFile') : e.row}</th>
              <td>${e.column ? html`<code>${e.column}</code>` : nothing}</td>
              <td><code>${e.code}</code></td>
              <td>${e.message}</td>
            </tr>`,
          )}
        </tbody>
      </table></div>`;
  }

  #lookup() {
    const matches = this.found;
    return html`<section class="premise-lookup" aria-labelledby="lookup-heading">
      <h2 id="lookup-heading">${this.t('console-docs.lookupHeading')}</h2>
      <form class="filters" role="search" @submit=${this.#find}>
        <div>
          <label for="lookup-query">${this.t('console-docs.lookupLabel')}</label>
          <input id="lookup-query" name="query" type="search" autocomplete="off" required />
        </div>
        <button type="submit">${this.t('console-docs.lookupFind')}</button>
      </form>
      <p class="error" role="alert" aria-live="assertive">${this.lookupError}</p>
      <div role="status" aria-live="polite">
        ${matches ? html`<p class="summary">${matches.length === 0 ? this.t('console-docs.lookupNone') : this.t('console-docs.lookupResults', { count: matches.length })}</p>` : nothing}
      </div>
      ${matches && matches.length > 0
        ? html`<table class="threads premise-matches">
            <caption>${this.t('console-docs.lookupMatches')}</caption>
            <thead>
              <tr>
                <th scope="col">${this.t('console.premise')}</th>
                <th scope="col">${this.t('console.account')}</th>
                <th scope="col"><span class="visually-hidden">${this.t('console-docs.lookupShow')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${matches.slice(0, MATCHES_SHOWN).map(
                (p) => html`<tr>
                  <th scope="row">${p.label}</th>
                  <td>${p.accountNumber}</td>
                  <td>
                    <button type="button" class="link" aria-label=${this.t('console-docs.lookupShowFor', { label: p.label })} @click=${() => this.#show(p)}>
                      ${this.t('console-docs.lookupShow')}
                    </button>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : nothing}
      ${this.#invoiceTable()}
    </section>`;
  }

  #invoiceTable() {
    const chosen = this.chosen;
    if (!chosen) return nothing;
    const invoices = this.invoices;
    return html`<h3 id="premise-invoices-heading" tabindex="-1">${this.t('console-docs.premiseInvoices', { label: chosen.label, account: chosen.accountNumber })}</h3>
      ${!invoices
        ? html`<p>${this.t('console.loading')}</p>`
        : invoices.length === 0
          ? html`<p>${this.t('console-docs.invoicesEmpty')}</p>`
          : html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="premise-invoices-heading"><table class="threads premise-invoices">
              <caption>${this.t('console-docs.premiseInvoices', { label: chosen.label, account: chosen.accountNumber })}</caption>
              <thead>
                <tr>
                  <th scope="col">${this.t('console-docs.invoiceNumber')}</th>
                  <th scope="col">${this.t('console-docs.invoicePeriod')}</th>
                  <th scope="col">${this.t('console-docs.invoiceDue')}</th>
                  <th scope="col">${this.t('console-docs.invoiceTotal')}</th>
                  <th scope="col">${this.t('console-docs.invoiceToPay')}</th>
                  <th scope="col">${this.t('console-docs.invoiceStatus')}</th>
                  <th scope="col">${this.t('console-docs.invoicePdf')}</th>
                </tr>
              </thead>
              <tbody>
                ${invoices.map(
                  (i) => html`<tr class=${i.status === 'overdue' ? 'open' : ''}>
                    <th scope="row">${i.number}</th>
                    <td>${i.period}</td>
                    <td>${i.dueDate}</td>
                    <td>${this.money(i.totalDue)}</td>
                    <td>${this.money(i.amountToPay)}</td>
                    <td><span class="badge ${i.status === 'paid' ? 'answered' : 'open'}">${this.t(`console-docs.status_${i.status}`)}</span></td>
                    <td>${i.pdf ? i.pdf.fileName : html`<span class="muted">${this.t('console-docs.invoiceNoPdf')}</span>`}</td>
                  </tr>`,
                )}
              </tbody>
            </table></div>`}`;
  }

  async #import(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const dryRun = (event.submitter as HTMLButtonElement | null)?.value === 'check';
    const fileInput = form.elements.namedItem('file') as HTMLInputElement;
    const file = fileInput.files?.[0];
    const pdfs = [...((form.elements.namedItem('pdfs') as HTMLInputElement).files ?? [])];
    if (!file) {
      this.error = this.t('console-docs.importChooseFile');
      fileInput.focus();
      return;
    }
    if (!this.client || this.busy) return;
    this.busy = true;
    this.error = '';
    this.status = this.t('console-docs.importBusy');
    this.report = undefined;
    const type = /\.(ndjson|jsonl)$/i.test(file.name) ? 'application/x-ndjson' : 'text/csv';
    try {
      const report = await this.client.post<ImportReport>(`/admin/imports/invoices?dryRun=${dryRun}`, new Blob([file], { type }), {
        headers: { 'Accept-Language': this.language },
      });
      this.report = report;
      const attached = dryRun ? [] : await this.#attachPdfs(pdfs);
      this.status = [report.summary, ...attached].join(' ');
      if (!dryRun) {
        form.reset();
        if (this.chosen) await this.#show(this.chosen, false);
      }
    } catch (error) {
      const report = error instanceof ApiError && error.code === 'import_rejected' ? (error.body as { report?: ImportReport } | undefined)?.report : undefined;
      this.status = report?.summary ?? '';
      this.report = report;
      this.error = report ? this.t('console-docs.importRejected', { count: report.errorCount }) : this.errorText(error);
    } finally {
      this.busy = false;
    }
  }

  /** Attaches each PDF to the invoice its name gives (`2026-05-0012.pdf`); sentences about what happened. */
  async #attachPdfs(pdfs: File[]): Promise<string[]> {
    const client = this.client!;
    const said: string[] = [];
    let attached = 0;
    for (const pdf of pdfs) {
      const number = pdf.name.replace(/\.pdf$/i, '');
      try {
        const { item } = await client.call('get', '/admin/invoices/{number}', { params: { number } });
        const invoice = {
          premiseRef: item.premiseRef,
          issueDate: item.issueDate,
          period: item.period,
          dueDate: item.dueDate,
          amount: item.amount,
          balanceCarried: item.balanceCarried,
          totalDue: item.totalDue,
          paidAmount: item.paidAmount,
          paidAt: item.paidAt,
          lines: (item.lines ?? []).map((l) => ({ service: l.service, quantity: l.quantity, unit: l.unit, unitPrice: l.unitPrice, sum: l.sum })),
        };
        const payload = new FormData();
        payload.append('invoice', JSON.stringify(invoice));
        payload.append('pdf', pdf, pdf.name);
        await client.put(`/admin/invoices/${encodeURIComponent(number)}`, payload);
        attached++;
      } catch (error) {
        said.push(this.t('console-docs.pdfFailed', { file: pdf.name, reason: this.errorText(error) }));
      }
    }
    if (pdfs.length > 0) said.unshift(this.t('console-docs.pdfsAttached', { count: attached }));
    return said;
  }

  async #find(event: SubmitEvent) {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('query') as HTMLInputElement;
    const query = input.value.trim();
    if (!query) {
      this.lookupError = this.t('console.required');
      input.focus();
      return;
    }
    if (!this.client) return;
    this.lookupError = '';
    this.chosen = undefined;
    this.invoices = undefined;
    try {
      // The server's search (the Residents section's): an index lookup, whatever the number of premises.
      const page = await this.client.call('get', '/admin/resident-search', { query: { q: query, limit: LOOKUP_PAGE } });
      const lower = query.toLocaleLowerCase();
      const exact = page.items.filter((p) => p.accountNumber.toLocaleLowerCase() === lower || p.externalRef?.toLocaleLowerCase() === lower);
      this.found = exact.length > 0 ? exact : page.items;
      if (this.found.length === 1) await this.#show(this.found[0]!);
    } catch (error) {
      this.lookupError = this.errorText(error);
    }
  }

  async #show(premise: Premise, focus = true) {
    if (!this.client) return;
    this.chosen = premise;
    this.invoices = undefined;
    try {
      if (!premise.externalRef) {
        this.invoices = [];
        return;
      }
      const items: AdminInvoice[] = [];
      let cursor: string | null = null;
      do {
        const page: Answer<'/admin/invoices', 'get'> = await this.client.call('get', '/admin/invoices', { query: { premiseRef: premise.externalRef, limit: PAGE, ...(cursor ? { cursor } : {}) } });
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      this.invoices = items.sort((a, b) => b.period.localeCompare(a.period) || b.number.localeCompare(a.number));
    } catch (error) {
      this.lookupError = this.errorText(error);
    }
    if (focus) {
      await this.updateComplete;
      this.querySelector<HTMLElement>('#premise-invoices-heading')?.focus();
    }
  }
}
