/**
 * The EPC QR payload (EPC069-12, SEPA credit transfer) field by field, the IBAN check, the QR
 * symbol's version and error correction, and the payment details built from tenant settings.
 */
import QRCode from 'qrcode';
import { describe, expect, test } from 'vitest';
import { EPC_MAX_BYTES, epcPayload, normalizeIban } from '../../server/invoices/epc-qr.ts';
import { bankDetailsFrom, paymentDetailsFor } from '../../server/invoices/payment-details.ts';
import { qrSymbol } from '../../server/invoices/qr-image.ts';

const sample = {
  recipient: 'SIA "Ogres Namsaimnieks"',
  iban: 'LV80 BANK 0000 4351 9500 1',
  bic: 'HABALV22',
  amount: '1234.5',
  remittance: 'R-2026-04-111',
};

describe('epcPayload', () => {
  test('has the twelve fields of a version 002 SEPA credit transfer, in order', () => {
    const lines = epcPayload({ ...sample, purpose: 'GDSV', information: 'Paldies!' }).split('\n');
    expect(lines).toEqual([
      'BCD', // service tag
      '002', // version
      '1', // character set: UTF-8
      'SCT', // identification: SEPA credit transfer
      'HABALV22', // BIC
      'SIA "Ogres Namsaimnieks"', // beneficiary name, ≤ 70
      'LV80BANK0000435195001', // IBAN without spaces
      'EUR1234.50', // amount: EUR, a dot, at most two decimals
      'GDSV', // purpose code
      '', // structured (RF) reference: empty when text is given
      'R-2026-04-111', // unstructured remittance, ≤ 140
      'Paldies!', // beneficiary to originator information
    ]);
  });

  test('the BIC may be empty in version 002, and trailing empty fields are left out', () => {
    const payload = epcPayload({ ...sample, bic: undefined });
    expect(payload).toBe('BCD\n002\n1\nSCT\n\nSIA "Ogres Namsaimnieks"\nLV80BANK0000435195001\nEUR1234.50\n\n\nR-2026-04-111');
    expect(payload.endsWith('\n')).toBe(false);
  });

  test('a creditor reference (RF…) goes into field 10 and leaves field 11 empty', () => {
    const lines = epcPayload({ ...sample, creditorReference: 'RF18 5390 0754 7034' }).split('\n');
    expect(lines[9]).toBe('RF18539007547034');
    expect(lines).toHaveLength(10);
  });

  test('Latvian letters stay as they are (UTF-8), and newlines cannot shift fields', () => {
    const lines = epcPayload({ ...sample, recipient: 'Biedrība "Ābeļziedi"\nX', remittance: 'Rēķins\r\nR-1' }).split('\n');
    expect(lines[5]).toBe('Biedrība "Ābeļziedi" X');
    expect(lines[10]).toBe('Rēķins R-1');
  });

  test.each([
    ['an IBAN with a wrong check digit', { iban: 'LV81BANK0000435195001' }],
    ['a malformed IBAN', { iban: 'not an iban' }],
    ['a malformed BIC', { bic: 'HABA' }],
    ['no recipient', { recipient: '  ' }],
    ['a recipient longer than 70', { recipient: 'A'.repeat(71) }],
    ['a zero amount', { amount: '0.00' }],
    ['a negative amount', { amount: '-1.00' }],
    ['more than 999999999.99', { amount: '1000000000.00' }],
    ['more than two decimals', { amount: '1.005' }],
    ['remittance longer than 140', { remittance: 'x'.repeat(141) }],
    ['a bad purpose code', { purpose: 'GOODS' }],
  ])('refuses %s', (_name, change) => {
    expect(() => epcPayload({ ...sample, ...change })).toThrow(RangeError);
  });

  test('a payload with every field full enough still fits 331 bytes', () => {
    const payload = epcPayload({
      ...sample,
      bic: 'HABALV22XXX',
      recipient: 'R'.repeat(70),
      amount: '999999999.99',
      remittance: 'x'.repeat(140),
      purpose: 'GDSV',
      information: 'i'.repeat(40),
    });
    expect(new TextEncoder().encode(payload).length).toBeLessThanOrEqual(EPC_MAX_BYTES);
  });

  test('…and refuses one that would not (multi-byte letters count as bytes)', () => {
    expect(() => epcPayload({ ...sample, recipient: 'Ā'.repeat(70), remittance: 'ž'.repeat(140), information: 'i'.repeat(70) })).toThrow(/331/);
  });
});

describe('normalizeIban', () => {
  test('accepts valid IBANs of different countries with spaces and lower case', () => {
    expect(normalizeIban('lv80 bank 0000 4351 9500 1')).toBe('LV80BANK0000435195001');
    expect(normalizeIban('DE89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
    expect(normalizeIban('NO9386011117947')).toBe('NO9386011117947');
  });
  test('refuses a wrong check digit and a swapped pair of digits', () => {
    expect(normalizeIban('DE88370400440532013000')).toBeNull();
    expect(normalizeIban('DE89370400440532031000')).toBeNull();
  });
});

describe('qrSymbol', () => {
  test('error correction M, version ≤ 13, and the path draws exactly the encoded modules', () => {
    const payload = epcPayload(sample);
    const symbol = qrSymbol(payload);
    const reference = QRCode.create([{ data: new TextEncoder().encode(payload), mode: 'byte' }], { errorCorrectionLevel: 'M' });
    expect(symbol.version).toBe(reference.version);
    expect(symbol.version).toBeLessThanOrEqual(13);
    expect(symbol.size).toBe(reference.modules.size + 8);
    // Paint the path back into a grid and compare it with the library's matrix, module by module.
    const n = reference.modules.size;
    const painted = new Uint8Array(n * n);
    for (const [, x, y, w] of symbol.path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
      for (let i = 0; i < Number(w); i++) painted[(Number(y) - 4) * n + Number(x) - 4 + i] = 1;
    }
    expect(Array.from(painted)).toEqual(Array.from(reference.modules.data, (v) => (v ? 1 : 0)));
  });

  test('the largest EPC payload still fits version 13', () => {
    const payload = epcPayload({ ...sample, recipient: 'R'.repeat(70), amount: '999999999.99', remittance: 'x'.repeat(140), information: 'i'.repeat(40) });
    expect(qrSymbol(payload).version).toBeLessThanOrEqual(13);
  });
});

describe('payment details from the tenant settings', () => {
  const settings = { bank: { recipient: 'SIA "Ogres Namsaimnieks"', iban: 'LV80BANK0000435195001', registrationNumber: '40003012345', bankName: 'Demo Banka' } };

  test('recipient, IBAN, amount still owed and the invoice number as reference, with the QR of the same', () => {
    const details = paymentDetailsFor(settings, { number: 'R-2026-04-111', amountToPay: '41.25' })!;
    expect(details).toMatchObject({ recipient: 'SIA "Ogres Namsaimnieks"', registrationNumber: '40003012345', bankName: 'Demo Banka', iban: 'LV80BANK0000435195001', bic: null, amount: '41.25', currency: 'EUR', reference: 'R-2026-04-111' });
    expect(details.qr!.payload).toBe(epcPayload({ recipient: settings.bank.recipient, iban: settings.bank.iban, amount: '41.25', remittance: 'R-2026-04-111' }));
  });

  test('nothing owed, no settings, or unusable settings: no payment details', () => {
    expect(paymentDetailsFor(settings, { number: 'R-1', amountToPay: '0.00' })).toBeNull();
    expect(paymentDetailsFor({}, { number: 'R-1', amountToPay: '1.00' })).toBeNull();
    expect(paymentDetailsFor(null, { number: 'R-1', amountToPay: '1.00' })).toBeNull();
    expect(paymentDetailsFor({ bank: { ...settings.bank, iban: 'LV00 NOPE' } }, { number: 'R-1', amountToPay: '1.00' })).toBeNull();
    expect(bankDetailsFrom({ bank: 'yes' })).toBeNull();
  });

  test('a BIC the QR cannot carry still leaves the text details to copy', () => {
    const details = paymentDetailsFor({ bank: { ...settings.bank, bic: 'XX' } }, { number: 'R-1', amountToPay: '1.00' })!;
    expect(details.iban).toBe('LV80BANK0000435195001');
    expect(details.qr).toBeNull();
  });
});
