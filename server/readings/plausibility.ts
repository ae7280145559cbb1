/**
 * @module
 * Is a submitted reading believable? The manager's rulebook:
 *
 * - A meter only counts up. A value below the previous reading is refused
 *   (`reading_below_previous`). A replaced meter starts again from its own initial value: it is a
 *   new meter row (`replaces_meter_id`), so the old meter's readings are never "previous" to it.
 * - The same value as before is fine: nobody used water (an empty flat, a holiday).
 * - Consumption far above the meter's recent habit is most often a typo (an extra digit), so it
 *   needs the resident's confirmation (`confirmation_required`). "Far above" is a tenant-set factor
 *   (default 3) times the average monthly consumption over the last periods (default 12), scaled
 *   by the months since the previous reading. The average never counts as less than a floor per
 *   meter kind, so a new meter (no history) or an almost idle one does not ask about every litre.
 */
import { divide, multiply, type Quantity } from './reading-value.ts';
import { monthsBetween } from './window.ts';

export interface PastReading {
  period: string;
  value: Quantity;
}

export interface PlausibilityInput {
  /** The submitted value. */
  value: Quantity;
  /** The period the value is for. */
  period: string;
  /** Current readings of earlier periods, any order. */
  earlier: readonly PastReading[];
  /**
   * Where the meter started, when known: its initial value and the period it was installed in.
   * With no earlier reading this is the base the first consumption is counted from.
   */
  start: { value: Quantity; period: string | null } | null;
  factor: number;
  averagePeriods: number;
  /** Monthly floor for the average, in millionths. */
  floor: Quantity;
}

export type PlausibilityResult =
  | { verdict: 'accepted'; consumption: Quantity | null; previous: PastReading | null; average: Quantity | null; limit: Quantity | null }
  | { verdict: 'below_previous'; previous: PastReading | { period: null; value: Quantity } }
  | { verdict: 'confirmation_required'; consumption: Quantity; previous: PastReading | null; average: Quantity; limit: Quantity; months: number };

/** The average monthly consumption over the readings of the last `periods` periods before `period`. */
export function averageMonthlyConsumption(earlier: readonly PastReading[], period: string, periods: number): Quantity | null {
  const recent = earlier
    .filter((r) => r.period < period && monthsBetween(r.period, period) <= periods + 1)
    .sort((a, b) => (a.period < b.period ? -1 : 1));
  const first = recent[0];
  const last = recent.at(-1);
  if (!first || !last || first === last) return null;
  const months = monthsBetween(first.period, last.period);
  if (months <= 0 || last.value < first.value) return null;
  return divide(last.value - first.value, months);
}

export function checkPlausibility(input: PlausibilityInput): PlausibilityResult {
  const previous = [...input.earlier].filter((r) => r.period < input.period).sort((a, b) => (a.period < b.period ? 1 : -1))[0] ?? null;
  const base = previous ?? (input.start ? { period: input.start.period, value: input.start.value } : null);
  if (base && input.value < base.value) {
    return { verdict: 'below_previous', previous: previous ?? { period: null, value: base.value } };
  }
  // A meter whose start is unknown gives no consumption for its first reading, and nothing to judge.
  if (!base) return { verdict: 'accepted', consumption: null, previous: null, average: null, limit: null };
  const consumption = input.value - base.value;
  const months = Math.max(1, base.period ? monthsBetween(base.period, input.period) : 1);
  const average = averageMonthlyConsumption(input.earlier, input.period, input.averagePeriods);
  const expected = average !== null && average > input.floor ? average : input.floor;
  const limit = multiply(expected * BigInt(months), input.factor);
  if (consumption > limit) {
    return { verdict: 'confirmation_required', consumption, previous, average: average ?? 0n, limit, months };
  }
  return { verdict: 'accepted', consumption, previous, average, limit };
}
