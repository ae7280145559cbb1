/**
 * @module
 * The demo's monthly invoices, computed the way a manager's billing system does: one line per
 * service (quantity × unit price, rounded to cents), the previous invoice's unpaid rest carried
 * over, and a payment history with one partly paid month so the widgets have every status to show.
 * Amounts are integer cents and prices integer ten-thousandths of a euro: no floating point.
 */
import { addDays, addMonths, dateInPeriod, formatPeriod, localTime, type Period } from './calendar.ts';
import { litresToCubicMetres, unitHash } from './consumption.ts';

/** Prices in ten-thousandths of a euro (0.5200 €/m² = 5200), valid from a period onwards. */
export interface Tariff {
  from: string;
  managementPerM2: number;
  coldWaterPerM3: number;
  hotWaterPerM3: number;
  wastePerResident: number;
  repairFundPerM2: number;
}

export interface InvoicePlan {
  /** Floor area in hundredths of m² (54.30 m² = 5430). */
  areaHundredths: number;
  residents: number;
  first: Period;
  count: number;
  /** Litres used in a period, summed over the premise's meters of each kind. */
  usage(period: string): { coldLitres: number; hotLitres: number };
  tariffs: readonly Tariff[];
  number(issueDate: string, period: string): string;
  timeZone: string;
  /** Which invoice, counted back from the newest (0), was paid only in part. */
  partlyPaidFromEnd?: number;
  /** Which invoice, counted back from the newest, was overpaid (rounded up to the next ten euros). */
  overpaidFromEnd?: number;
}

export interface PlannedInvoiceLine {
  position: number;
  service: string;
  quantity: string;
  unit: string;
  unit_price: string;
  sum: string;
}

export interface PlannedInvoice {
  number: string;
  period: string;
  issue_date: string;
  due_date: string;
  amount: string;
  balance_carried: string;
  total_due: string;
  paid_amount: string;
  paid_at: Date | null;
  lines: PlannedInvoiceLine[];
}

/** Invoices for `count` periods from `first`, oldest first. The newest is left unpaid. */
export function planInvoices(plan: InvoicePlan): PlannedInvoice[] {
  const invoices: PlannedInvoice[] = [];
  let carried = 0;
  for (let i = 0; i < plan.count; i++) {
    const period = addMonths(plan.first, i);
    const key = formatPeriod(period);
    const next = addMonths(period, 1);
    const issueDate = dateInPeriod(next, 5);
    const dueDate = dateInPeriod(next, 25);
    const lines = invoiceLines(plan, key);
    const amount = lines.reduce((total, line) => total + line.cents, 0);
    const total = amount + carried;
    const fromEnd = plan.count - 1 - i;
    let paid = total;
    if (fromEnd === 0) paid = 0;
    else if (fromEnd === plan.partlyPaidFromEnd) paid = Math.floor((total * 0.6) / 100) * 100;
    else if (fromEnd === plan.overpaidFromEnd) paid = (Math.floor(total / 1000) + 1) * 1000;
    const fullyPaid = fromEnd !== 0 && paid >= total;
    const number = plan.number(issueDate, key);
    invoices.push({
      number,
      period: key,
      issue_date: issueDate,
      due_date: dueDate,
      amount: cents(amount),
      balance_carried: cents(carried),
      total_due: cents(total),
      paid_amount: cents(paid),
      paid_at: fullyPaid ? paymentTime(number, dueDate, plan.timeZone) : null,
      lines: lines.map(({ cents: sum, ...line }) => ({ ...line, sum: cents(sum) })),
    });
    carried = total - paid;
  }
  return invoices;
}

function invoiceLines(plan: InvoicePlan, period: string) {
  const tariff = tariffFor(plan.tariffs, period);
  const { coldLitres, hotLitres } = plan.usage(period);
  // area (1e-2) × price (1e-4) = 1e-6 €; litres (1e-3) × price (1e-4) = 1e-7 €; cents are 1e-2 €.
  const rows = [
    ['Apsaimniekošana', hundredths(plan.areaHundredths), 'm²', tariff.managementPerM2, roundDiv(plan.areaHundredths * tariff.managementPerM2, 10_000)],
    ['Aukstais ūdens', litresToCubicMetres(coldLitres), 'm³', tariff.coldWaterPerM3, roundDiv(coldLitres * tariff.coldWaterPerM3, 100_000)],
    ['Karstais ūdens', litresToCubicMetres(hotLitres), 'm³', tariff.hotWaterPerM3, roundDiv(hotLitres * tariff.hotWaterPerM3, 100_000)],
    ['Atkritumu izvešana', String(plan.residents), 'pers.', tariff.wastePerResident, roundDiv(plan.residents * tariff.wastePerResident, 100)],
    ['Remontdarbu uzkrājumi', hundredths(plan.areaHundredths), 'm²', tariff.repairFundPerM2, roundDiv(plan.areaHundredths * tariff.repairFundPerM2, 10_000)],
  ] as const;
  return rows.map(([service, quantity, unit, price, sum], i) => ({
    position: i + 1,
    service,
    quantity,
    unit,
    unit_price: tenThousandths(price),
    cents: sum,
  }));
}

export function tariffFor(tariffs: readonly Tariff[], period: string): Tariff {
  const applicable = tariffs.filter((tariff) => tariff.from <= period).sort((a, b) => a.from.localeCompare(b.from));
  const tariff = applicable.at(-1) ?? tariffs[0];
  if (!tariff) throw new Error('no tariff');
  return tariff;
}

/** Residents pay by bank transfer a few days to two weeks before the due date, in office hours. */
function paymentTime(number: string, dueDate: string, timeZone: string): Date {
  const noise = unitHash(`paid:${number}`);
  const daysEarly = 2 + Math.floor(noise * 14);
  const hour = 9 + Math.floor(noise * 97) % 10;
  const minute = Math.floor(noise * 6007) % 60;
  return localTime(addDays(dueDate, -daysEarly), `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`, timeZone);
}

/** Integer division rounded half away from zero (the amounts here are never negative). */
function roundDiv(value: number, divisor: number): number {
  return Math.floor((value + divisor / 2) / divisor);
}

export function cents(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function hundredths(value: number): string {
  return cents(value);
}

function tenThousandths(value: number): string {
  return `${Math.floor(value / 10_000)}.${String(value % 10_000).padStart(4, '0')}`;
}
