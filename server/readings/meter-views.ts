/**
 * @module
 * Turns meter and reading rows into the API's shapes: decimal strings with the meter's own number
 * of decimals, local dates in the tenant's zone, consumption counted from the right base.
 */
import { formatDate, localDate } from './civil-time.ts';
import type { HistoryRow, LatestReading, MeterRow, ReadingRow } from './readings.repository.ts';
import { formatQuantity, toQuantity } from './reading-value.ts';
import { verificationStatus } from './verification.ts';
import { monthsBetween, type WindowState } from './window.ts';
import type { CivilDate } from './civil-time.ts';

export const windowView = (w: WindowState) => ({
  open: w.open,
  period: w.period,
  opensAt: w.opensAt.toISOString(),
  closesAt: w.closesAt.toISOString(),
  firstDay: w.firstDay,
  lastDay: w.lastDay,
  source: w.source,
});

/**
 * Where a meter's first consumption is counted from: its initial value, but only when the manager
 * recorded when it was installed. Without that date the initial value (often the default 0) is a
 * guess, and "consumption" since it would be the meter's whole life.
 */
export function meterStart(meter: Pick<MeterRow, 'initial_value' | 'installed_at'>) {
  return meter.installed_at ? { value: toQuantity(meter.initial_value), period: meter.installed_at.slice(0, 7) } : null;
}

export function readingSummary(row: LatestReading, decimals: number, timeZone: string) {
  return {
    period: row.period,
    value: formatQuantity(toQuantity(row.value), decimals),
    version: row.version,
    date: formatDate(localDate(row.submitted_at, timeZone)),
    submittedAt: row.submitted_at.toISOString(),
    source: row.source,
  };
}

export interface MeterViewContext {
  window: WindowState;
  today: CivilDate;
  timeZone: string;
  canSubmit: boolean;
  reminderDays: number;
}

/** One meter; `latest` holds its current readings up to the window's period, newest first. */
export function meterView(meter: MeterRow, latest: readonly LatestReading[], ctx: MeterViewContext) {
  const summary = (row: LatestReading) => readingSummary(row, meter.decimals, ctx.timeZone);
  const inPeriod = latest[0]?.period === ctx.window.period ? latest[0] : undefined;
  const previous = inPeriod ? latest[1] : latest[0];
  let consumption: string | null = null;
  if (inPeriod) {
    const base = previous ? toQuantity(previous.value) : meterStart(meter)?.value;
    if (base !== undefined) consumption = formatQuantity(toQuantity(inPeriod.value) - base, meter.decimals);
  }
  const verification = verificationStatus(meter.verification_due, ctx.today, ctx.reminderDays);
  const refusal = !ctx.canSubmit
    ? ('forbidden' as const)
    : verification === 'expired'
      ? ('meter_verification_expired' as const)
      : !ctx.window.open
        ? ('reading_window_closed' as const)
        : null;
  return {
    id: meter.id,
    kind: meter.kind,
    location: meter.location,
    serialNumber: meter.serial_number,
    unit: meter.unit,
    decimals: meter.decimals,
    lastReading: latest[0] ? summary(latest[0]) : null,
    previousReading: previous ? summary(previous) : null,
    periodReading: inPeriod ? { ...summary(inPeriod), consumption } : null,
    verificationDue: meter.verification_due,
    verification,
    accepting: refusal === null,
    refusal,
    window: windowView(ctx.window),
  };
}

export const meterIdentity = (meter: MeterRow) => ({
  id: meter.id,
  kind: meter.kind,
  location: meter.location,
  serialNumber: meter.serial_number,
  unit: meter.unit,
  decimals: meter.decimals,
});

/**
 * The history: one entry per period that has a reading, with every version newest first, and the
 * consumption since the period before (which may lie before `from`, or be the meter's start).
 */
export function historyView(meter: MeterRow, rows: readonly HistoryRow[], before: ReadingRow | undefined) {
  const format = (value: string) => formatQuantity(toQuantity(value), meter.decimals);
  const start = meterStart(meter);
  let base: { period: string | null; value: bigint } | null = before ? { period: before.period, value: toQuantity(before.value) } : start;
  const periods = [];
  for (const row of rows) {
    if (!row.is_current) continue;
    const value = toQuantity(row.value);
    const months = base?.period ? Math.max(1, monthsBetween(base.period, row.period)) : base ? 1 : null;
    periods.push({
      period: row.period,
      value: format(row.value),
      consumption: base ? formatQuantity(value - base.value, meter.decimals) : null,
      months,
      submittedAt: row.submitted_at.toISOString(),
      source: row.source,
      versions: rows
        .filter((v) => v.period === row.period)
        .map((v) => ({
          version: v.version,
          value: format(v.value),
          submittedAt: v.submitted_at.toISOString(),
          submittedBy: v.submitted_by ? { id: v.submitted_by, name: v.submitted_by_name ?? '' } : null,
          source: v.source,
        })),
    });
    base = { period: row.period, value };
  }
  return periods;
}
