/**
 * The manager's invoice rules without HTTP or SQL: money formats, lines that add up, the total,
 * and when a payment is dated.
 */
import { describe, expect, test } from 'vitest';
import { checkInvoiceSums, isCalendarDate, MONEY, paidAtAfter, QUANTITY, toFixedPlaces } from '../../server/admin/invoices/invoice-rules.ts';

describe('money and quantities', () => {
  test.each(['0', '12', '12.3', '12.30', '-5.00', '9999999999.99'])('%s is money', (value) => expect(MONEY.test(value)).toBe(true));
  test.each(['', '12.345', '1e3', '12,30', ' 1', '+1', '12.', '.5', '99999999999', 'NaN'])('%j is not money', (value) => expect(MONEY.test(value)).toBe(false));
  test('quantities take four places', () => {
    expect(QUANTITY.test('54.3000')).toBe(true);
    expect(QUANTITY.test('54.30001')).toBe(false);
  });
  test('fixed places, as Postgres answers numeric columns', () => {
    expect(toFixedPlaces('54.3', 4)).toBe('54.3000');
    expect(toFixedPlaces('007', 2)).toBe('7.00');
    expect(toFixedPlaces('-0.5', 2)).toBe('-0.50');
    expect(toFixedPlaces('-0', 2)).toBe('0.00');
  });
  test('calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-5-1')).toBe(false);
  });
});

describe('checkInvoiceSums', () => {
  const lines = [{ sum: '24.44' }, { sum: '17.73' }];
  test('lines that make the amount, to the cent; the total is amount + balance carried', () => {
    expect(checkInvoiceSums({ amount: '42.17', balanceCarried: '-2.17', lines })).toEqual({ ok: true, totalDue: '40.00' });
    expect(checkInvoiceSums({ amount: '42.17', balanceCarried: '0', totalDue: '42.17', lines })).toEqual({ ok: true, totalDue: '42.17' });
  });
  test('a cent off is refused, and says by how much', () => {
    expect(checkInvoiceSums({ amount: '42.18', balanceCarried: '0', lines })).toEqual({
      ok: false,
      code: 'lines_do_not_add_up',
      fields: { amount: '42.18', linesTotal: '42.17' },
    });
  });
  test('a total that is not amount + balance is refused', () => {
    expect(checkInvoiceSums({ amount: '10', balanceCarried: '5', totalDue: '10', lines: [] })).toMatchObject({ ok: false, code: 'total_does_not_add_up', fields: { expected: '15.00' } });
  });
  test('no lines: only the total is checked', () => {
    expect(checkInvoiceSums({ amount: '10', balanceCarried: '0', lines: [] })).toEqual({ ok: true, totalDue: '10.00' });
  });
});

describe('paidAtAfter', () => {
  const now = new Date('2026-05-20T09:00:00Z');
  const earlier = new Date('2026-05-10T09:00:00Z');
  test('nothing paid: no time', () => expect(paidAtAfter({ paidAmount: '0', paidAt: earlier }, undefined, now)).toBeNull());
  test('a time sent along is kept', () => expect(paidAtAfter({ paidAmount: '5', paidAt: earlier }, undefined, now)).toEqual(earlier));
  test('a new payment without a time is dated now', () => expect(paidAtAfter({ paidAmount: '5' }, { paidAmount: '2.00', paidAt: earlier }, now)).toEqual(now));
  test('an unchanged payment keeps its time', () => expect(paidAtAfter({ paidAmount: '2' }, { paidAmount: '2.00', paidAt: earlier }, now)).toEqual(earlier));
});
