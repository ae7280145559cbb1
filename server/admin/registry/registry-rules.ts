/**
 * @module
 * The manager's rulebook for its registry (buildings, customers, premises, meters), free of HTTP
 * and SQL:
 *
 * - A PUT by externalRef is idempotent: only the fields that really differ are written, and a PUT
 *   that differs in nothing is `unchanged` (no write, no audit entry). Fields left out keep their
 *   values; `null` clears an optional one.
 * - A meter stays on its premise and stays the kind it is: its readings are that premise's
 *   history. A meter that moves or changes kind is a removal and a new meter.
 * - A meter is removed (or replaced) on a day that has come, and not before it was installed. Its
 *   last reading, stored for the calendar month of that day, may not be below the reading before
 *   it, and no reading of a later month may exist (the meter was gone by then).
 * - A replacing meter inherits its place (premise, kind, location, unit, decimals) and starts at
 *   its own initial value on the day of the replacement, so the resident's consumption is counted
 *   from it, never across the two meters.
 */
import type { MeterKind } from '../../db/types.ts';
import { toQuantity, type Quantity } from '../../readings/reading-value.ts';

/** Each kind's usual unit, for a meter installed without one. */
export const DEFAULT_UNITS: Record<MeterKind, string> = {
  cold_water: 'm3',
  hot_water: 'm3',
  heat: 'MWh',
  electricity: 'kWh',
  gas: 'm3',
};

export type UpsertResult = 'created' | 'updated' | 'unchanged';

type Scalar = string | number | boolean | null;

/**
 * The entries of `next` that differ from `existing` (undefined = not sent = keep). Values are
 * compared as stored: callers give decimals and dates in the database's own text form.
 */
export function changedValues<T extends Record<string, unknown>>(existing: T, next: { [K in keyof T]?: Scalar | undefined }): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    const value = next[key];
    if (value !== undefined && value !== existing[key]) changes[key] = value as T[keyof T];
  }
  return changes;
}

/** A premise's area as numeric(8, 2) gives it back: "54.3" → "54.30". */
export function areaText(area: string): string {
  const [integer = '0', fraction = ''] = area.split('.');
  return `${BigInt(integer)}.${fraction.padEnd(2, '0')}`;
}

/** A value as numeric(16, 6) gives it back: "123.45" → "123.450000". */
export function storedQuantityText(quantity: Quantity): string {
  const millionths = quantity.toString().padStart(7, '0');
  return `${millionths.slice(0, -6)}.${millionths.slice(-6)}`;
}

/** The period ('YYYY-MM') of a calendar day ('YYYY-MM-DD'). */
export const periodOfDay = (day: string): string => day.slice(0, 7);

export type MeterChangeRefusal = 'meter_premise_fixed' | 'meter_kind_fixed';

export function meterChangeRefusal(existing: { premise_id: string; kind: MeterKind }, next: { premise_id: string; kind: MeterKind }): MeterChangeRefusal | null {
  if (existing.premise_id !== next.premise_id) return 'meter_premise_fixed';
  if (existing.kind !== next.kind) return 'meter_kind_fixed';
  return null;
}

export type RemovalRefusal = 'date_in_future' | 'date_before_installation';

/** Days are 'YYYY-MM-DD', so text order is calendar order. */
export function removalRefusal(day: string, today: string, installedAt: string | null): RemovalRefusal | null {
  if (day > today) return 'date_in_future';
  if (installedAt && day < installedAt) return 'date_before_installation';
  return null;
}

export type LastReadingRefusal = 'reading_below_previous' | 'readings_after_removal';

/**
 * Whether the meter's last reading may be stored for `period`: `previous` is the current reading
 * of the latest earlier period, or else the meter's start (initial value, when its installation
 * is known); `latestPeriod` the latest period that holds a current reading at all.
 */
export function lastReadingRefusal(
  value: Quantity,
  period: string,
  previous: { value: string } | { value: Quantity } | null,
  latestPeriod: string | null,
): LastReadingRefusal | null {
  if (latestPeriod && latestPeriod > period) return 'readings_after_removal';
  if (previous) {
    const base = typeof previous.value === 'bigint' ? previous.value : toQuantity(previous.value);
    if (value < base) return 'reading_below_previous';
  }
  return null;
}
