/**
 * The invoice PDF renderer: a real one-page A4 PDF that pdf-lib reads back, with DejaVu embedded so
 * Latvian letters are real glyphs that copy out as the right Unicode characters, the same bytes
 * for the same invoice, and the EPC QR only when something is owed.
 */
import { decodePDFRawStream, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, test } from 'vitest';
import { renderInvoicePdf, type InvoicePdfData } from '../../server/invoices/invoice-pdf.ts';
import { paymentDetailsFor } from '../../server/invoices/payment-details.ts';

const settings = { bank: { recipient: 'SIA "Demo Namsaimnieks"', iban: 'LV80BANK0000435195001', registrationNumber: '40003012345', bankName: 'Demo Banka' } };

const data = (amountToPay = '1234.56'): InvoicePdfData => ({
  manager: { name: 'SIA "Demo Namsaimnieks"', registrationNumber: '40003012345', bankName: 'Demo Banka', iban: 'LV80BANK0000435195001' },
  payer: { name: 'Anna Bērziņa', premise: 'Malkalnes prospekts 3-111', accountNumber: '12345' },
  invoice: {
    number: 'R-2026-04-111',
    issueDate: '2026-05-05',
    period: '2026-04',
    dueDate: '2026-05-31',
    amount: '1200.00',
    balanceCarried: '34.56',
    totalDue: '1234.56',
    lines: [
      { service: 'Apsaimniekošana', quantity: '54.3000', unit: 'm²', unitPrice: '0.4900', sum: '26.61' },
      { service: 'Ūdens (Вода) — ļoti gara pakalpojuma nosaukuma rinda, kas neietilpst kolonnā', quantity: '3.412', unit: 'm³', unitPrice: '2.48', sum: '8.46' },
    ],
  },
  payment: paymentDetailsFor(settings, { number: 'R-2026-04-111', amountToPay }),
});

/** Every decoded stream of the document as text (content streams, CMaps). */
async function streams(bytes: Uint8Array): Promise<{ doc: PDFDocument; texts: string[] }> {
  const doc = await PDFDocument.load(bytes);
  const texts: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream) {
      try {
        texts.push(new TextDecoder('latin1').decode(decodePDFRawStream(object).decode()));
      } catch {
        // font programs and other binary streams need no reading here
      }
    }
  }
  return { doc, texts };
}

describe('renderInvoicePdf', () => {
  test('one A4 page with the invoice as title and the issue date as creation date', async () => {
    const bytes = await renderInvoicePdf(data());
    expect(new TextDecoder('latin1').decode(bytes.subarray(0, 5))).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    expect(doc.getTitle()).toBe('Rēķins Nr. R-2026-04-111');
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-05-05T00:00:00.000Z');
  });

  test('embeds a TrueType font whose ToUnicode map carries the Latvian letters and Cyrillic', async () => {
    const { doc, texts } = await streams(await renderInvoicePdf(data()));
    const fonts = [...doc.context.enumerateIndirectObjects()].map(([, o]) => o).filter((o) => (o as { get?: (n: PDFName) => unknown }).get?.(PDFName.of('FontFile2')));
    expect(fonts.length).toBeGreaterThan(0);
    const cmap = texts.filter((t) => t.includes('begincmap')).join('\n');
    // ToUnicode maps glyphs to UTF-16BE hex: ē = 0113, ķ = 0137, ļ = 013C, ņ = 0146, ū = 016B, В = 0412.
    for (const hex of ['0113', '0137', '013C', '0146', '016B', '0412']) expect(cmap.toUpperCase()).toContain(`<${hex}>`);
  });

  test('the same invoice gives the same bytes', async () => {
    const [a, b] = [await renderInvoicePdf(data()), await renderInvoicePdf(data())];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  test('draws the payment QR when something is owed, and none when nothing is', async () => {
    const withQr = (await streams(await renderInvoicePdf(data()))).texts.join('\n');
    const withoutQr = (await streams(await renderInvoicePdf(data('0.00')))).texts.join('\n');
    const fills = (text: string) => (text.match(/\bf\b/g) ?? []).length;
    expect(data('0.00').payment).toBeNull();
    expect(fills(withQr)).toBeGreaterThan(fills(withoutQr));
  });
});
