/**
 * @module
 * The resident's readings, as a service: listing a premise's meters, a meter's history, and
 * submitting. It owns the order of the work and the window in force (one place reads the window
 * overrides and decides the window); readings.repository.ts only runs SQL; the rules stay pure
 * (window.ts, plausibility.ts, verification.ts, reading-value.ts); readings.handlers.ts only reads
 * the request and decides access (withPremiseAccess) before calling in here.
 *
 * Submitting a reading, in the order a resident would want the answers: is it your meter (404),
 * may you (403), is it still in place (`meter_removed`), is the value readable (400), is the window
 * open (`reading_window_closed`), is the meter verified (`meter_verification_expired`), is the value
 * believable (`reading_below_previous`, `confirmation_required`). Then it is stored.
 *
 * Idempotency: the meter row is locked for the rest of the transaction, so submissions for one
 * meter take turns. Whoever comes second sees the first one's reading; if it carries the same
 * value nothing is stored and the answer is 200 with that reading. Fifty identical requests thus
 * leave exactly one version, and there is never more than one current reading per period (the
 * partial unique index readings_current guarantees that much even without the lock).
 */
import { ApiError, notFound, unprocessable, validationFailed } from '../errors.ts';
import type { ResidentScope } from '../auth/resident.ts';
import type { Grant } from '../rights/rights.ts';
import { decide } from '../rights/rights.ts';
import { isUuid } from '../http/ids.ts';
import { formatDate, localDate } from './civil-time.ts';
import { historyView, meterIdentity, meterStart, meterView, windowView } from './meter-views.ts';
import { checkPlausibility } from './plausibility.ts';
import {
  findMeter,
  historyOfMeter,
  insertCurrentVersion,
  lockMeter,
  premiseMeters,
  readingBefore,
  submissionContext,
  userName,
  windowOverrides,
} from './readings.repository.ts';
import { formatQuantity, parseReadingValue, toQuantity } from './reading-value.ts';
import type { ReadingPolicy } from './tenant-policy.ts';
import { isRemoved, verificationStatus } from './verification.ts';
import { addMonths, candidatePeriods, formatPeriod, monthsBetween, parsePeriod, readingWindowAt, type WindowState } from './window.ts';
import { queueWebhookEvent } from '../webhooks/webhook-events.ts';
import { queueReadingReceipt } from '../reminders/reading-receipt.ts';

/** The history shows two years unless asked otherwise, and never more than ten. */
const DEFAULT_HISTORY_MONTHS = 24;
const MAX_HISTORY_MONTHS = 120;
/** Readings shown per meter: the window's period (or the latest before it) and the one before. */
const READINGS_PER_METER = 2;

/** The window in force for the premise now: the tenant's rule and any override of its building. */
async function windowInForce({ trx, tenantId, now }: ResidentScope, policy: ReadingPolicy, premiseId: string): Promise<WindowState> {
  const overrides = await windowOverrides(trx, tenantId, premiseId, candidatePeriods(now, policy.timeZone), now);
  return readingWindowAt(policy.rule, now, policy.timeZone, overrides);
}

/** The premise's meters with their latest readings and the window; the caller may view readings. */
export async function listMeters(scope: ResidentScope & { grant: Grant }, policy: ReadingPolicy, premiseId: string) {
  const { trx, tenantId, now, grant } = scope;
  const { timeZone } = policy;
  const today = localDate(now, timeZone);
  const window = await windowInForce(scope, policy, premiseId);
  const { meters, readings } = await premiseMeters(trx, tenantId, premiseId, formatDate(today), window.period, READINGS_PER_METER);
  const canSubmit = decide(grant, 'readings.submit') === 'allow';
  const ctx = { window, today, timeZone, canSubmit, reminderDays: policy.settings.verificationReminderDays };
  return {
    premiseId,
    window: windowView(window),
    canSubmit,
    verificationReminderDays: policy.settings.verificationReminderDays,
    meters: meters.map((meter) => meterView(meter, readings.get(meter.id) ?? [], ctx)),
  };
}

export interface HistoryQuery {
  from?: string | undefined;
  to?: string | undefined;
}

/** A meter's monthly history (removed meters too: their readings are still the resident's). */
export async function readingHistory(scope: ResidentScope, policy: ReadingPolicy, premiseId: string, meterId: string, query: HistoryQuery) {
  const { trx, tenantId, now } = scope;
  if (!isUuid(meterId)) throw notFound();
  const thisMonth = formatPeriod(localDate(now, policy.timeZone));
  const to = query.to ?? (query.from ? formatPeriod(addMonths(parsePeriod(query.from)!, DEFAULT_HISTORY_MONTHS - 1)) : thisMonth);
  const from = query.from ?? formatPeriod(addMonths(parsePeriod(to)!, 1 - DEFAULT_HISTORY_MONTHS));
  const span = monthsBetween(from, to);
  if (span < 0) throw validationFailed({ from: 'after_to' });
  if (span >= MAX_HISTORY_MONTHS) throw validationFailed({ from: 'range_too_long' });
  const meter = await findMeter(trx, tenantId, premiseId, meterId);
  if (!meter) throw notFound();
  const rows = await historyOfMeter(trx, tenantId, meter.id, from, to);
  const before = await readingBefore(trx, tenantId, meter.id, from);
  return { meter: meterIdentity(meter), from, to, periods: historyView(meter, rows, before) };
}

const VALUE_MESSAGES: Record<string, string> = {
  reading_value_required: 'Enter the reading.',
  reading_value_invalid: 'Enter the reading as digits, with a comma or a dot before the decimals.',
  reading_value_negative: 'A reading cannot be negative.',
  reading_value_too_many_decimals: 'The reading has more decimals than the meter shows.',
  reading_value_too_large: 'The reading is too large.',
};

export interface SubmitInput {
  premiseId: string;
  meterId: string;
  value: unknown;
  confirm: boolean;
}

/** Readings before the window's period that the plausibility rule looks at. */
const earlierNeeded = (policy: ReadingPolicy) => policy.settings.averagePeriods + 2;

/** Submits; the caller has decided that the resident may submit readings for the premise. */
export async function submitReading(scope: ResidentScope, policy: ReadingPolicy, input: SubmitInput) {
  const { trx, resident, tenantId, now } = scope;
  const { timeZone, settings } = policy;
  if (!isUuid(input.meterId)) throw notFound();
  const meter = await lockMeter(trx, tenantId, input.premiseId, input.meterId);
  if (!meter) throw notFound();

  const today = localDate(now, timeZone);
  if (isRemoved(meter.removed_at, today)) {
    throw unprocessable('meter_removed', 'This meter has been removed and takes no readings.', { removedAt: meter.removed_at });
  }
  const parsed = parseReadingValue(input.value, meter.decimals);
  if (!parsed.ok) {
    throw new ApiError(400, parsed.error, VALUE_MESSAGES[parsed.error] ?? 'The reading is not valid.', { value: parsed.error, decimals: meter.decimals });
  }

  const window = await windowInForce(scope, policy, input.premiseId);
  if (!window.open) {
    throw unprocessable('reading_window_closed', 'Readings are not being accepted now.', {
      period: window.period,
      opensAt: window.opensAt.toISOString(),
      closesAt: window.closesAt.toISOString(),
      firstDay: window.firstDay,
      lastDay: window.lastDay,
    });
  }
  if (verificationStatus(meter.verification_due, today, settings.verificationReminderDays) === 'expired') {
    throw unprocessable('meter_verification_expired', 'The meter is past its verification date and takes no readings.', {
      verificationDue: meter.verification_due,
    });
  }

  const context = await submissionContext(trx, tenantId, meter.id, window.period, earlierNeeded(policy));
  const { current, lastVersion } = context;
  const earlier = context.earlier.map((r) => ({ period: r.period, value: toQuantity(r.value) }));
  const start = meterStart(meter);
  const verdict = checkPlausibility({
    value: parsed.quantity,
    period: window.period,
    earlier,
    start,
    factor: settings.plausibilityFactor,
    averagePeriods: settings.averagePeriods,
    floor: settings.floorFor(meter.kind),
  });
  const format = (q: bigint) => formatQuantity(q, meter.decimals);
  // What the consumption is counted from: the last reading, or else the meter's recorded start.
  const base = verdict.previous ?? (start ? { period: null, value: start.value } : null);
  const previousReading = base ? { period: base.period, value: format(base.value) } : null;

  if (current && toQuantity(current.value) === parsed.quantity) {
    // A retry or a double click: the reading is already there.
    const consumption = verdict.verdict === 'below_previous' ? null : verdict.consumption;
    const by = current.submitted_by ? { id: current.submitted_by, name: (await userName(trx, current.submitted_by)) ?? '' } : null;
    return {
      status: 200 as const,
      body: {
        reading: readingBody(current, meter.decimals, by),
        previousReading,
        consumption: consumption === null ? null : format(consumption),
        corrected: current.version > 1,
        unchanged: true,
      },
    };
  }
  if (verdict.verdict === 'below_previous') {
    throw unprocessable('reading_below_previous', 'The reading is lower than the previous one.', { previous: previousReading, unit: meter.unit });
  }
  if (verdict.verdict === 'confirmation_required' && !input.confirm) {
    throw unprocessable('confirmation_required', 'The consumption is much higher than usual. Check the reading, or send it anyway.', {
      consumption: format(verdict.consumption),
      average: format(verdict.average),
      limit: format(verdict.limit),
      months: verdict.months,
      previous: previousReading,
      unit: meter.unit,
    });
  }

  const stored = await insertCurrentVersion(trx, {
    tenantId,
    meterId: meter.id,
    period: window.period,
    value: parsed.value,
    version: lastVersion + 1,
    submittedBy: resident.userId,
    submittedAt: now,
  });
  // In this transaction: the billing system hears of the reading exactly when it is stored.
  await queueWebhookEvent(
    trx,
    tenantId,
    current ? 'reading.corrected' : 'reading.submitted',
    { reading: readingBody(stored, meter.decimals, { id: resident.userId, name: resident.user.name }), premiseId: input.premiseId },
    now,
  );
  // The receipt email, for a resident who chose receipts, also exactly when the reading is stored.
  await queueReadingReceipt(trx, { tenantId, readingId: stored.id, userId: resident.userId });
  return {
    status: 201 as const,
    body: {
      reading: readingBody(stored, meter.decimals, { id: resident.userId, name: resident.user.name }),
      previousReading,
      consumption: verdict.consumption === null ? null : format(verdict.consumption),
      corrected: current !== undefined,
      unchanged: false,
    },
  };
}

function readingBody(
  row: { id: string; meter_id: string; period: string; value: string; version: number; submitted_at: Date },
  decimals: number,
  submittedBy: { id: string; name: string } | null,
) {
  return {
    id: row.id,
    meterId: row.meter_id,
    period: row.period,
    value: formatQuantity(toQuantity(row.value), decimals),
    version: row.version,
    submittedAt: row.submitted_at.toISOString(),
    submittedBy,
  };
}
