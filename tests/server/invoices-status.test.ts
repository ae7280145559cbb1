/**
 * The payment status rulebook (server/invoices/invoice-status.ts) and the cents arithmetic under it.
 */
import { describe, expect, test } from 'vitest';
import { amountToPay, invoiceStatus, localDate } from '../../server/invoices/invoice-status.ts';
import { fromCents, toCents } from '../../server/invoices/money.ts';

const RIGA = 'Europe/Riga';
const invoice = (paidAmount: string, totalDue = '61.25', dueDate = '2026-05-31') => ({ dueDate, totalDue, paidAmount });

describe('invoiceStatus', () => {
  test('unpaid before and on the due date, overdue from midnight Riga time after it (summer, UTC+3)', () => {
    expect(invoiceStatus(invoice('0.00'), new Date('2026-05-20T09:00:00Z'), RIGA)).toBe('unpaid');
    expect(invoiceStatus(invoice('0.00'), new Date('2026-05-31T20:59:59Z'), RIGA)).toBe('unpaid');
    expect(invoiceStatus(invoice('0.00'), new Date('2026-05-31T21:00:00Z'), RIGA)).toBe('overdue');
  });

  test('winter time (UTC+2): midnight in Riga is 22:00 UTC', () => {
    const december = invoice('0.00', '10.00', '2026-12-31');
    expect(invoiceStatus(december, new Date('2026-12-31T21:59:59Z'), RIGA)).toBe('unpaid');
    expect(invoiceStatus(december, new Date('2026-12-31T22:00:00Z'), RIGA)).toBe('overdue');
  });

  test("the tenant's zone decides, not UTC", () => {
    const at = new Date('2026-05-31T22:30:00Z'); // 1 June in Riga, still 31 May in New York
    expect(invoiceStatus(invoice('0.00'), at, RIGA)).toBe('overdue');
    expect(invoiceStatus(invoice('0.00'), at, 'America/New_York')).toBe('unpaid');
  });

  test('paid when the paid amount reaches the total, also after the due date', () => {
    const late = new Date('2026-07-01T09:00:00Z');
    expect(invoiceStatus(invoice('61.25'), late, RIGA)).toBe('paid');
    expect(invoiceStatus(invoice('70.00'), late, RIGA)).toBe('paid');
    expect(invoiceStatus(invoice('61.24'), late, RIGA)).toBe('overdue');
  });

  test('partly paid before the due date; overdue wins after it', () => {
    expect(invoiceStatus(invoice('20.00'), new Date('2026-05-10T09:00:00Z'), RIGA)).toBe('partly_paid');
    expect(invoiceStatus(invoice('20.00'), new Date('2026-06-10T09:00:00Z'), RIGA)).toBe('overdue');
  });

  test('a total of zero or an overpayment carried over is paid', () => {
    const now = new Date('2026-07-01T09:00:00Z');
    expect(invoiceStatus(invoice('0.00', '0.00'), now, RIGA)).toBe('paid');
    expect(invoiceStatus(invoice('0.00', '-12.40'), now, RIGA)).toBe('paid');
  });

  test('a rest carried into a later invoice is never overdue here: the later invoice has the debt now', () => {
    const late = new Date('2026-07-01T09:00:00Z');
    expect(invoiceStatus({ ...invoice('20.00'), carriedForward: true }, late, RIGA)).toBe('partly_paid');
    expect(invoiceStatus({ ...invoice('0.00'), carriedForward: true }, late, RIGA)).toBe('unpaid');
    expect(invoiceStatus({ ...invoice('61.25'), carriedForward: true }, late, RIGA)).toBe('paid');
    expect(invoiceStatus({ ...invoice('20.00'), carriedForward: false }, late, RIGA)).toBe('overdue');
  });

  test('a mistyped time zone falls back to Riga instead of failing', () => {
    expect(invoiceStatus(invoice('0.00'), new Date('2026-05-31T21:00:00Z'), 'Mars/Olympus')).toBe('overdue');
  });
});

describe('amounts', () => {
  test('amountToPay is total minus paid, never negative', () => {
    expect(amountToPay({ totalDue: '61.25', paidAmount: '20.00' })).toBe('41.25');
    expect(amountToPay({ totalDue: '61.25', paidAmount: '70.00' })).toBe('0.00');
    expect(amountToPay({ totalDue: '-5.00', paidAmount: '0.00' })).toBe('0.00');
    expect(amountToPay({ totalDue: '0.30', paidAmount: '0.10' })).toBe('0.20'); // 0.3 - 0.1 in floats is 0.19999…
  });

  test('cents round-trip without floating point', () => {
    expect(toCents('12.3')).toBe(1230n);
    expect(toCents('-0.05')).toBe(-5n);
    expect(toCents('1234567890.99')).toBe(123456789099n);
    expect(fromCents(5n)).toBe('0.05');
    expect(fromCents(-1230n)).toBe('-12.30');
    for (const bad of ['', '1,5', '1.234', 'abc', '1e3', '--1']) expect(() => toCents(bad)).toThrow(RangeError);
  });

  test('localDate is the calendar date in the zone', () => {
    expect(localDate(new Date('2026-03-28T22:30:00Z'), RIGA)).toBe('2026-03-29');
    expect(localDate(new Date('2026-03-28T21:30:00Z'), RIGA)).toBe('2026-03-28');
  });
});
