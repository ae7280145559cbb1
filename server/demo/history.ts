/**
 * @module
 * A premise's past, planned before anything is written: its meters with two years of monthly
 * readings, each submitted inside that month's reading window, and the invoices that bill exactly
 * the consumption those readings show. Pure: the same fixture and day give the same history.
 */
import { planInvoices, type PlannedInvoice } from './billing.ts';
import { addDays, addMonths, dateInPeriod, daysInMonth, formatPeriod, localTime, periodOfDate, type Period } from './calendar.ts';
import { litresToCubicMetres, meterHistory, unitHash, type MeterMonth } from './consumption.ts';
import type { MeterSpec, PremiseSpec, ReadingWindowRule, TenantSpec } from './fixture.ts';

export interface PlannedReading {
  period: string;
  value: string;
  version: number;
  isCurrent: boolean;
  source: 'resident' | 'manager' | 'import';
  /** Submitted by the premise's owner through the portal (else by the manager or an import). */
  byOwner: boolean;
  submittedAt: Date;
}

export interface PlannedMeter {
  spec: MeterSpec;
  installedAt: string;
  verificationDue: string;
  readings: PlannedReading[];
}

export interface PremiseHistory {
  meters: PlannedMeter[];
  invoices: PlannedInvoice[];
}

/**
 * The newest period whose reading window has closed by `today`: its reading is in, and the next
 * window is the one the resident will use. (Ogre's rule on 1 June: May's window is still open, so
 * April; on 2 June: May.)
 */
export function lastClosedPeriod(rule: ReadingWindowRule, today: string): Period {
  const current = periodOfDate(today);
  const day = Number(today.slice(8, 10));
  if (rule.kind === 'month_end') return addMonths(current, day <= rule.nextMonthDays ? -2 : -1);
  return day > rule.toDay ? current : addMonths(current, -1);
}

/** Invoices for a month are issued on the 5th of the next. */
export function lastInvoicedPeriod(today: string): Period {
  return addMonths(periodOfDate(today), Number(today.slice(8, 10)) >= 5 ? -1 : -2);
}

/** The days ('YYYY-MM-DD') on which a period's readings are accepted. */
export function windowDays(rule: ReadingWindowRule, period: Period): string[] {
  const days: string[] = [];
  if (rule.kind === 'month_end') {
    for (let back = rule.lastDays; back >= 1; back--) days.push(dateInPeriod(period, -back));
    for (let day = 1; day <= rule.nextMonthDays; day++) days.push(dateInPeriod(addMonths(period, 1), day));
  } else {
    for (let day = rule.fromDay; day <= Math.min(rule.toDay, daysInMonth(period)); day++) days.push(dateInPeriod(period, day));
  }
  return days;
}

export function planPremiseHistory(tenant: TenantSpec, premise: PremiseSpec, ordinal: number, today: string, timeZone: string): PremiseHistory {
  const history = premise.history;
  if (!history) return { meters: [], invoices: [] };
  const lastReading = lastClosedPeriod(tenant.readingWindow, today);
  const firstReading = addMonths(lastReading, 1 - history.readings);
  const lastInvoice = lastInvoicedPeriod(today);
  const firstInvoice = addMonths(lastInvoice, 1 - history.invoices);
  // One consumption series covers both, so the invoices bill what the readings show.
  const first = formatPeriod(firstInvoice) < formatPeriod(firstReading) ? firstInvoice : firstReading;
  const count = monthsBetween(first, lastReading) + 1;
  const awayPeriod = history.awayInMonth ? latestPeriodWithMonth(lastReading, history.awayInMonth) : undefined;

  const series = new Map<MeterSpec, MeterMonth[]>();
  const meters = (premise.meters ?? []).map((spec): PlannedMeter => {
    const installed = addMonths(periodOfDate(today), -spec.installedMonthsAgo);
    const installedAt = dateInPeriod(installed, 6 + Math.floor(unitHash(`installed:${spec.serial}`) * 18));
    // What the meter had counted from installation up to the first period of the series.
    const startLitres = Math.round(monthsBetween(installed, first) * spec.averageLitres * (0.9 + 0.2 * unitHash(`start:${spec.serial}`)));
    const months = meterHistory(
      { serial: spec.serial, kind: spec.kind, averageLitres: spec.averageLitres, startLitres, zeroPeriods: awayPeriod ? [awayPeriod] : [] },
      first,
      count,
    );
    series.set(spec, months);
    const readable = months.filter((month) => month.period >= formatPeriod(firstReading));
    return {
      spec,
      installedAt,
      verificationDue: addDays(today, spec.verificationDueInDays),
      readings: readable.flatMap((month, i) => plannedReadings(tenant.readingWindow, premise, spec, month, i, timeZone)),
    };
  });

  const usage = (period: string) => {
    let coldLitres = 0;
    let hotLitres = 0;
    for (const [spec, months] of series) {
      const used = months.find((month) => month.period === period)?.usedLitres ?? 0;
      if (spec.kind === 'cold_water') coldLitres += used;
      else hotLitres += used;
    }
    return { coldLitres, hotLitres };
  };
  const invoices = planInvoices({
    areaHundredths: premise.areaHundredths,
    residents: premise.residents,
    first: firstInvoice,
    count: history.invoices,
    usage,
    tariffs: tenant.tariffs(Number(today.slice(0, 4))),
    // Numbers run through the year: a few hundred invoices a month, this premise's place among them.
    number: (issueDate) => {
      const month = Number(issueDate.slice(5, 7));
      return `${tenant.invoicePrefix}-${issueDate.slice(0, 4)}-${String((month - 1) * 400 + 100 + ordinal).padStart(6, '0')}`;
    },
    timeZone,
    ...(history.partlyPaidFromEnd !== undefined ? { partlyPaidFromEnd: history.partlyPaidFromEnd } : {}),
    ...(history.overpaidFromEnd !== undefined ? { overpaidFromEnd: history.overpaidFromEnd } : {}),
  });
  return { meters, invoices };
}

function plannedReadings(rule: ReadingWindowRule, premise: PremiseSpec, meter: MeterSpec, month: MeterMonth, index: number, timeZone: string): PlannedReading[] {
  const history = premise.history!;
  const period = periodOfDate(`${month.period}-01`);
  const days = windowDays(rule, period);
  const noise = unitHash(`submitted:${meter.serial}:${month.period}`);
  const imported = index < history.importedReadings;
  const source = imported ? 'import' : history.readingsBy;
  // Residents submit in the evening; the manager types in paper forms in office hours; the
  // import from the previous system ran at night on the window's last day.
  const day = imported ? days.at(-1)! : days[Math.floor(noise * days.length)]!;
  const minutes = source === 'import' ? 2 * 60 : source === 'manager' ? 10 * 60 + Math.floor(noise * 360) : 18 * 60 + Math.floor(noise * 240);
  const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const submittedAt = localTime(day, time, timeZone);
  const reading: PlannedReading = {
    period: month.period,
    value: litresToCubicMetres(month.valueLitres),
    version: 1,
    isCurrent: true,
    source,
    byOwner: source === 'resident',
    submittedAt,
  };
  const newest = index === history.readings - 1;
  if (!(newest && history.correctedSerial === meter.serial)) return [reading];
  // A slip of one digit, noticed and corrected in the same window: both versions are kept.
  return [
    { ...reading, value: litresToCubicMetres(month.valueLitres + 1000), isCurrent: false },
    { ...reading, version: 2, submittedAt: new Date(submittedAt.getTime() + 25 * 60_000) },
  ];
}

function monthsBetween(from: Period, to: Period): number {
  return (to.year - from.year) * 12 + (to.month - from.month);
}

function latestPeriodWithMonth(notAfter: Period, month: number): string {
  const back = (notAfter.month - month + 12) % 12;
  return formatPeriod(addMonths(notAfter, -back));
}
