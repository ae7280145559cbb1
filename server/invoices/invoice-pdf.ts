/**
 * @module
 * Draws an invoice as a one-page A4 PDF with pdf-lib: the manager's header and bank details, the
 * payer and the premise, the lines, the totals and the EPC QR code to pay it. The demo seed uses it
 * to give every seeded invoice a real, readable PDF; a manager's billing import can use it too.
 *
 * The PDF's standard fonts know only Latin-1, which has no ā, č, ē, ģ, ī, ķ, ļ, ņ, š, ū, ž, so the
 * DejaVu Sans TrueType fonts (from the `dejavu-fonts-ttf` package, which also covers Cyrillic) are
 * embedded through fontkit, subset to the glyphs used. The document is in Latvian, the language
 * of the manager's billing; its dates are fixed by the invoice, never by the clock, so the same
 * invoice always gives the same bytes.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
import type { PaymentDetails } from './payment-details.ts';

export interface InvoiceLineData {
  service: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  sum: string;
}

export interface InvoicePdfData {
  manager: { name: string; registrationNumber?: string | null; address?: string | null; bankName?: string | null; iban?: string | null };
  payer: { name: string; premise: string; accountNumber: string };
  invoice: {
    number: string;
    issueDate: string;
    period: string;
    dueDate: string;
    amount: string;
    balanceCarried: string;
    totalDue: string;
    lines: readonly InvoiceLineData[];
  };
  /** How to pay (and the QR); null when nothing is owed. */
  payment: PaymentDetails | null;
}

let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

/**
 * fontkit as pdf-lib calls it, except that each font file is parsed once per process, not once per
 * document: parsing DejaVu dominated the cost of an invoice (≈ 250 ms → ≈ 20 ms), and the demo seed
 * draws dozens. Subsetting still happens per document, so each PDF carries only its own glyphs.
 */
const parsedFonts = new WeakMap<Uint8Array, ReturnType<Fontkit['create']>>();
const cachingFontkit: Fontkit = {
  create(data, postscriptName) {
    if (postscriptName || !(data instanceof Uint8Array)) return fontkit.create(data, postscriptName);
    let font = parsedFonts.get(data);
    if (!font) parsedFonts.set(data, (font = fontkit.create(data)));
    return font;
  },
};

function loadFonts() {
  const require = createRequire(import.meta.url);
  const read = (name: string) => readFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`)).then((b) => new Uint8Array(b));
  fonts ??= Promise.all([read('DejaVuSans.ttf'), read('DejaVuSans-Bold.ttf')]).then(([regular, bold]) => ({ regular, bold }));
  return fonts;
}

// Latvian CLDR data leaves four-digit numbers ungrouped ("1234,56 €"); bills group them ("1 234,56 €").
const money = new Intl.NumberFormat('lv-LV', { style: 'currency', currency: 'EUR', useGrouping: 'always' } as Intl.NumberFormatOptions);
const twoPlaces = new Intl.NumberFormat('lv-LV', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: 'always' } as Intl.NumberFormatOptions);
const quantityFormat = new Intl.NumberFormat('lv-LV', { maximumFractionDigits: 3, useGrouping: 'always' } as Intl.NumberFormatOptions);
const priceFormat = new Intl.NumberFormat('lv-LV', { maximumFractionDigits: 4, useGrouping: 'always' } as Intl.NumberFormatOptions);
const formatMoney = (amount: string) => money.format(Number(amount));
/** As printed on bills: "LV80 BANK 0000 4351 9500 1". */
const groupedIban = (iban: string) => iban.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
const formatDate = (iso: string) => iso.split('-').reverse().join('.');
const monthYear = new Intl.DateTimeFormat('lv-LV', { year: 'numeric', month: 'long', timeZone: 'UTC' });
const formatPeriod = (period: string) => monthYear.format(new Date(`${period}-01T00:00:00Z`));

const INK = rgb(0.11, 0.13, 0.16);
const MUTED = rgb(0.38, 0.41, 0.45);
const RULE = rgb(0.8, 0.82, 0.85);
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;

export async function renderInvoicePdf(data: InvoicePdfData): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(cachingFontkit);
  const bytes = await loadFonts();
  const regular = await pdf.embedFont(bytes.regular, { subset: true });
  const bold = await pdf.embedFont(bytes.bold, { subset: true });
  const issued = new Date(`${data.invoice.issueDate}T00:00:00Z`);
  pdf.setTitle(`Rēķins Nr. ${data.invoice.number}`);
  pdf.setAuthor(data.manager.name);
  pdf.setSubject(`${data.payer.premise}, ${formatPeriod(data.invoice.period)}`);
  pdf.setLanguage('lv-LV');
  pdf.setProducer('Doorstep');
  pdf.setCreator('Doorstep');
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);

  const page = pdf.addPage(A4);
  const right = A4[0] - MARGIN;
  const text = (value: string, x: number, y: number, options: { font?: PDFFont; size?: number; color?: ReturnType<typeof rgb>; align?: 'left' | 'right' } = {}) => {
    const font = options.font ?? regular;
    const size = options.size ?? 10;
    const width = font.widthOfTextAtSize(value, size);
    page.drawText(value, { x: options.align === 'right' ? x - width : x, y, size, font, color: options.color ?? INK });
  };
  const rule = (y: number) => page.drawLine({ start: { x: MARGIN, y }, end: { x: right, y }, thickness: 0.7, color: RULE });

  // The manager's header.
  let y = A4[1] - MARGIN - 10;
  text(data.manager.name, MARGIN, y, { font: bold, size: 16 });
  const managerLines = [
    data.manager.registrationNumber ? `Reģ. Nr. ${data.manager.registrationNumber}` : '',
    data.manager.address ?? '',
    [data.manager.bankName, data.manager.iban && groupedIban(data.manager.iban)].filter(Boolean).join(', '),
  ].filter(Boolean);
  for (const line of managerLines) text(line, MARGIN, (y -= 14), { color: MUTED, size: 9 });

  text(`Rēķins Nr. ${data.invoice.number}`, right, A4[1] - MARGIN - 10, { font: bold, size: 14, align: 'right' });
  text(`Datums: ${formatDate(data.invoice.issueDate)}`, right, A4[1] - MARGIN - 28, { align: 'right', size: 9, color: MUTED });
  text(`Periods: ${formatPeriod(data.invoice.period)}`, right, A4[1] - MARGIN - 42, { align: 'right', size: 9, color: MUTED });

  y = Math.min(y, A4[1] - MARGIN - 42) - 22;
  rule(y);

  // Payer and premise.
  y -= 20;
  text('Maksātājs', MARGIN, y, { size: 9, color: MUTED });
  text('Adrese', 300, y, { size: 9, color: MUTED });
  y -= 14;
  text(data.payer.name, MARGIN, y, { font: bold });
  text(data.payer.premise, 300, y, { font: bold });
  y -= 14;
  text(`Klienta numurs: ${data.payer.accountNumber}`, MARGIN, y, { size: 9 });

  // The lines.
  y -= 34;
  const columns = { service: MARGIN, quantity: 330, unit: 340, price: 450, sum: right };
  text('Pakalpojums', columns.service, y, { font: bold, size: 9 });
  text('Daudzums', columns.quantity, y, { font: bold, size: 9, align: 'right' });
  text('Mērv.', columns.unit, y, { font: bold, size: 9 });
  text('Cena, €', columns.price, y, { font: bold, size: 9, align: 'right' });
  text('Summa, €', columns.sum, y, { font: bold, size: 9, align: 'right' });
  y -= 6;
  rule(y);
  for (const line of data.invoice.lines) {
    y -= 16;
    text(fit(line.service, regular, 9.5, columns.quantity - columns.service - 60), columns.service, y, { size: 9.5 });
    text(quantityFormat.format(Number(line.quantity)), columns.quantity, y, { size: 9.5, align: 'right' });
    text(line.unit, columns.unit, y, { size: 9.5 });
    text(priceFormat.format(Number(line.unitPrice)), columns.price, y, { size: 9.5, align: 'right' });
    text(twoPlaces.format(Number(line.sum)), columns.sum, y, { size: 9.5, align: 'right' });
  }
  y -= 8;
  rule(y);

  // Totals.
  const balance = Number(data.invoice.balanceCarried);
  const totals: Array<[string, string, boolean]> = [
    ['Summa par periodu', formatMoney(data.invoice.amount), false],
    ...(balance !== 0
      ? [[balance < 0 ? 'Pārmaksa no iepriekšējā perioda' : 'Parāds no iepriekšējā perioda', formatMoney(data.invoice.balanceCarried), false] as [string, string, boolean]]
      : []),
    ['Kopā apmaksai', formatMoney(data.invoice.totalDue), true],
  ];
  for (const [label, value, strong] of totals) {
    y -= strong ? 20 : 15;
    text(label, columns.price - 60, y, { font: strong ? bold : regular, size: strong ? 11 : 9.5, align: 'right' });
    text(value, right, y, { font: strong ? bold : regular, size: strong ? 11 : 9.5, align: 'right' });
  }
  y -= 16;
  text(`Apmaksāt līdz: ${formatDate(data.invoice.dueDate)}`, right, y, { font: bold, size: 10, align: 'right' });

  if (data.payment) drawPayment(page, data.payment, y - 40, { regular, bold, text });
  drawFooter(page, data, regular);
  return pdf.save({ useObjectStreams: true });
}

type TextFn = (value: string, x: number, y: number, options?: { font?: PDFFont; size?: number; align?: 'left' | 'right'; color?: ReturnType<typeof rgb> }) => void;

function drawPayment(page: PDFPage, payment: PaymentDetails, top: number, fonts: { regular: PDFFont; bold: PDFFont; text: TextFn }) {
  const { text, bold } = fonts;
  const qrSide = 120;
  let y = top;
  text('Maksājuma rekvizīti', MARGIN, y, { font: bold, size: 11 });
  const rows: Array<[string, string]> = [
    ['Saņēmējs', payment.recipient],
    ...(payment.registrationNumber ? [['Reģ. Nr.', payment.registrationNumber] as [string, string]] : []),
    ['Konts (IBAN)', groupedIban(payment.iban)],
    ...(payment.bankName ? [['Banka', payment.bankName] as [string, string]] : []),
    ['Summa', money.format(Number(payment.amount))],
    ['Maksājuma mērķis', payment.reference],
  ];
  for (const [label, value] of rows) {
    y -= 16;
    text(label, MARGIN, y, { size: 9, color: MUTED });
    text(value, MARGIN + 110, y, { size: 10 });
  }
  if (payment.qr) {
    const scale = qrSide / payment.qr.size;
    const x = A4[0] - MARGIN - qrSide;
    page.drawRectangle({ x, y: top + 10 - qrSide, width: qrSide, height: qrSide, color: rgb(1, 1, 1) });
    page.drawSvgPath(payment.qr.path, { x, y: top + 10, scale, color: rgb(0, 0, 0), borderWidth: 0 });
    text('Skenējiet bankas lietotnē', x + qrSide / 2 - fonts.regular.widthOfTextAtSize('Skenējiet bankas lietotnē', 8) / 2, top + 10 - qrSide - 10, { size: 8, color: MUTED });
  }
}

function drawFooter(page: PDFPage, data: InvoicePdfData, font: PDFFont) {
  const notes = [
    `Lūdzam maksājuma mērķī norādīt rēķina numuru ${data.invoice.number}.`,
    'Rēķins sagatavots elektroniski un ir derīgs bez paraksta.',
  ];
  notes.forEach((note, i) => page.drawText(fit(note, font, 8, A4[0] - 2 * MARGIN), { x: MARGIN, y: MARGIN + 11 * (notes.length - 1 - i), size: 8, font, color: MUTED }));
}

/** Shortens text with "…" so it never runs into the next column. */
function fit(value: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(value, size) <= width) return value;
  let chars = [...value];
  while (chars.length > 1 && font.widthOfTextAtSize(`${chars.join('')}…`, size) > width) chars = chars.slice(0, -1);
  return `${chars.join('')}…`;
}
