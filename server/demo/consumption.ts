/**
 * @module
 * Believable water consumption for the demo's meters: a household's monthly use with seasonal
 * swing and month-to-month noise, a month away on holiday (zero), and cumulative meter values.
 * Everything is integer litres (thousandths of m³), so values are exact decimals, and the noise
 * comes from a hash of the meter's serial and the period, so the same fixture comes out every time.
 */
import { addMonths, formatPeriod, type Period } from './calendar.ts';

export interface MeterProfile {
  serial: string;
  kind: 'cold_water' | 'hot_water';
  /** The household's average use of this meter, litres a month. */
  averageLitres: number;
  /** The meter's value before the first generated period, in litres. */
  startLitres: number;
  /** Periods ('YYYY-MM') in which nothing was used (the household was away). */
  zeroPeriods?: readonly string[];
}

export interface MeterMonth {
  period: string;
  /** Litres used in the period. */
  usedLitres: number;
  /** The meter's value at the period's end, in litres. */
  valueLitres: number;
}

/** One entry per month, from `first` for `count` months, with cumulative values. */
export function meterHistory(meter: MeterProfile, first: Period, count: number): MeterMonth[] {
  const months: MeterMonth[] = [];
  let value = meter.startLitres;
  for (let i = 0; i < count; i++) {
    const period = addMonths(first, i);
    const key = formatPeriod(period);
    const used = meter.zeroPeriods?.includes(key) ? 0 : monthlyUse(meter, period);
    value += used;
    months.push({ period: key, usedLitres: used, valueLitres: value });
  }
  return months;
}

/**
 * Cold water use rises a little in summer (gardens, showers after work); hot water falls, partly
 * because of the yearly two-week hot-water shutdown for pipe maintenance. ±25% noise on top.
 */
function monthlyUse(meter: MeterProfile, period: Period): number {
  const summer = period.month >= 6 && period.month <= 8;
  const winter = period.month === 12 || period.month <= 2;
  let seasonal = 1;
  if (meter.kind === 'cold_water') seasonal = summer ? 1.15 : winter ? 0.95 : 1;
  else seasonal = summer ? 0.75 : winter ? 1.1 : 1;
  const noise = 0.75 + 0.5 * unitHash(`${meter.serial}:${formatPeriod(period)}`);
  return Math.round(meter.averageLitres * seasonal * noise);
}

/** A number in [0, 1) from a string (FNV-1a), stable across runs and runtimes. */
export function unitHash(input: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

/** Litres as a decimal string of m³ with three decimals: 84512 → "84.512". */
export function litresToCubicMetres(litres: number): string {
  const sign = litres < 0 ? '-' : '';
  const abs = Math.abs(litres);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}
