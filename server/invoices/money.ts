/**
 * @module
 * Money as decimal strings ("12.34", "-5.00") turned into whole cents and back, so sums and
 * comparisons never pass through floating point. Invoice amounts are numeric(12, 2) in the schema.
 */

const DECIMAL = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/;

/** "12.3" → 1230n. Throws on anything that is not a plain decimal with at most two places. */
export function toCents(amount: string): bigint {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new RangeError(`not a money amount: ${JSON.stringify(amount)}`);
  const [, sign, whole, fraction = ''] = match;
  const cents = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign === '-' ? -cents : cents;
}

/** 1230n → "12.30"; always two places, "-" for negatives, no grouping. */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}
