/**
 * @module
 * The templates of `<invoice-list>`'s parts: the latest invoice's card, its payment details with
 * copy buttons and the EPC QR code, and one row of "Visi rēķini". Plain functions of what they
 * show, so the element file keeps only state and behaviour.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { Language, MessageKey, MessageParams } from '../core/i18n/messages.ts';
import type { InvoiceDetail, InvoicePayment, InvoiceSummary } from './invoice-data.ts';
import { formatAmountForCopy, formatIban, formatIsoDate, formatMoney, formatPeriod } from './invoice-format.ts';

export interface ViewContext {
  id: string;
  language: Language;
  t(key: MessageKey, params?: MessageParams): string;
  /** The invoice whose PDF is being fetched, if any. */
  downloading: string | null;
  download(invoice: InvoiceSummary): void;
  copy(what: string, value: string): void;
}

export function statusBadge(ctx: ViewContext, invoice: InvoiceSummary): TemplateResult {
  return html`<span part="status status-${invoice.status}" class="status" data-status=${invoice.status}
    >${ctx.t(`invoice-list.status_${invoice.status}`)}</span
  >`;
}

function downloadButton(ctx: ViewContext, invoice: InvoiceSummary, part: string): TemplateResult | typeof nothing {
  if (!invoice.hasPdf) return nothing;
  const busy = ctx.downloading === invoice.id;
  return html`<button
    part=${part}
    class="button ${part === 'download-button' ? '' : 'button--secondary button--small'}"
    type="button"
    aria-label=${ctx.t('invoice-list.downloadLabel', { number: invoice.number })}
    aria-disabled=${busy ? 'true' : 'false'}
    @click=${() => ctx.download(invoice)}
  >
    ${ctx.t(busy ? 'invoice-list.downloading' : 'invoice-list.download')}
  </button>`;
}

const row = (label: string, value: string, part = '') =>
  html`<div class="row" part=${part || nothing}><dt>${label}</dt><dd>${value}</dd></div>`;

export function latestCard(ctx: ViewContext, invoice: InvoiceDetail): TemplateResult {
  const { language, t } = ctx;
  const money = (amount: string) => formatMoney(language, amount);
  const balance = Number(invoice.balanceCarried);
  const headingId = `${ctx.id}-latest`;
  return html`
    <article part="latest" class="card" aria-labelledby=${headingId} data-invoice-id=${invoice.id}>
      <header class="card__header">
        <h3 id=${headingId} class="card__title">
          ${t('invoice-list.latest')}<span class="card__period">${formatPeriod(language, invoice.period)}</span>
        </h3>
        ${statusBadge(ctx, invoice)}
      </header>
      <dl class="facts">
        ${row(t('invoice-list.number'), invoice.number, 'number')} ${row(t('invoice-list.issueDate'), formatIsoDate(language, invoice.issueDate), 'issue-date')}
        ${row(t('invoice-list.amount'), money(invoice.amount), 'amount')}
        ${balance !== 0 ? row(t(balance > 0 ? 'invoice-list.debt' : 'invoice-list.overpaid'), money(Math.abs(balance).toFixed(2)), 'balance') : nothing}
        ${row(t('invoice-list.total'), money(invoice.totalDue), 'total')}
        ${Number(invoice.paidAmount) > 0 ? row(t('invoice-list.paid'), money(invoice.paidAmount), 'paid') : nothing}
        ${invoice.status === 'partly_paid' || (invoice.status === 'overdue' && Number(invoice.paidAmount) > 0)
          ? row(t('invoice-list.toPay'), money(invoice.amountToPay), 'to-pay')
          : nothing}
        ${row(t('invoice-list.dueDate'), formatIsoDate(language, invoice.dueDate), 'due-date')}
      </dl>
      <div class="card__actions">${downloadButton(ctx, invoice, 'download-button')}</div>
    </article>
  `;
}

export function paymentDetails(ctx: ViewContext, payment: InvoicePayment): TemplateResult {
  const { language, t } = ctx;
  const headingId = `${ctx.id}-payment`;
  const amount = formatMoney(language, payment.amount);
  const fields: Array<[MessageKey, string, string, string]> = [
    ['invoice-list.recipient', payment.recipient, payment.recipient, 'recipient'],
    ...(payment.registrationNumber
      ? [['invoice-list.registrationNumber', payment.registrationNumber, payment.registrationNumber, 'registration-number'] as [MessageKey, string, string, string]]
      : []),
    ['invoice-list.iban', formatIban(payment.iban), payment.iban, 'iban'],
    ...(payment.bankName ? [['invoice-list.bank', payment.bankName, '', 'bank'] as [MessageKey, string, string, string]] : []),
    ['invoice-list.paymentAmount', amount, formatAmountForCopy(language, payment.amount), 'payment-amount'],
    ['invoice-list.reference', payment.reference, payment.reference, 'reference'],
  ];
  return html`
    <section part="payment" class="payment" aria-labelledby=${headingId}>
      <h3 id=${headingId}>${t('invoice-list.paymentHeading')}</h3>
      <p class="hint">${t('invoice-list.paymentIntro')}</p>
      <div class="payment__body">
        <dl class="facts facts--payment">
          ${fields.map(
            ([label, shown, copied, name]) => html`
              <div class="row" part="payment-field" data-field=${name}>
                <dt>${t(label)}</dt>
                <dd>
                  <span class="value">${shown}</span>
                  ${copied
                    ? html`<button
                        part="copy-button"
                        class="button button--secondary button--small"
                        type="button"
                        aria-label=${t('invoice-list.copyLabel', { what: t(label) })}
                        @click=${() => ctx.copy(t(label), copied)}
                      >
                        ${t('invoice-list.copy')}
                      </button>`
                    : nothing}
                </dd>
              </div>
            `,
          )}
        </dl>
        ${payment.qr
          ? html`<figure part="qr" class="qr">
              <svg
                viewBox="0 0 ${payment.qr.size} ${payment.qr.size}"
                role="img"
                aria-label=${t('invoice-list.qrLabel', { amount, recipient: payment.recipient, iban: formatIban(payment.iban), reference: payment.reference })}
                shape-rendering="crispEdges"
              >
                ${svg`<rect width=${payment.qr.size} height=${payment.qr.size} fill="#fff"></rect><path d=${payment.qr.path} fill="#000"></path>`}
              </svg>
              <figcaption>${t('invoice-list.qrCaption')}</figcaption>
            </figure>`
          : nothing}
      </div>
    </section>
  `;
}

export function listItem(ctx: ViewContext, invoice: InvoiceSummary): TemplateResult {
  const { language, t } = ctx;
  return html`
    <li part="item" class="item" tabindex="-1" data-invoice-id=${invoice.id}>
      <div class="item__main">
        <span class="item__period">${formatPeriod(language, invoice.period)}</span>
        <span class="item__meta">${invoice.number} · ${formatIsoDate(language, invoice.issueDate)}</span>
      </div>
      <span class="item__total" part="item-total">${formatMoney(language, invoice.totalDue)}</span>
      ${statusBadge(ctx, invoice)} ${downloadButton(ctx, invoice, 'item-download-button')}
    </li>
  `;
}
