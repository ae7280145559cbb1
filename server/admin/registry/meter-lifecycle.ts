/**
 * @module
 * A meter's life after installation: its verification date, its removal, its replacement. Each
 * runs in the admin transaction with the meter locked, checks the rules (registry-rules.ts) and
 * writes with its audit entry, so a refused request leaves nothing behind.
 *
 * The last reading of a removed meter is the manager's reading (`source` 'manager') for the
 * calendar month of the removal day: a new current version of that period, so a resident's
 * reading of the same month stays in the history. A removal repeated exactly (same day, same
 * reading), or a replacement repeated with the same new meter, is `unchanged`: a billing system
 * may retry.
 */
import { conflict, notFound, unprocessable, validationFailed } from '../../errors.ts';
import { formatDate, localDate } from '../../readings/civil-time.ts';
import { meterStart } from '../../readings/meter-views.ts';
import { formatQuantity, parseReadingValue, toQuantity } from '../../readings/reading-value.ts';
import type { AdminScope } from '../admin-caller.ts';
import { insertManagerReading, insertMeter, lockMeter, meterRefTaken, readingsAround, successorOf, updateMeter, type LockedMeter } from './meters.repository.ts';
import { changedValues, lastReadingRefusal, periodOfDay, removalRefusal, storedQuantityText, type UpsertResult } from './registry-rules.ts';

const REFUSALS: Record<string, string> = {
  date_in_future: 'A meter is removed on a day that has come.',
  date_before_installation: 'The meter was not installed yet on that day.',
  reading_below_previous: 'The last reading is below the reading before it.',
  readings_after_removal: 'The meter has readings of a month after that day.',
};

/** A meter value the way a resident's is read, with the meter's decimals; 400 with the field's code. */
function meterValue(input: unknown, decimals: number, field: string) {
  const parsed = parseReadingValue(input, decimals);
  if (!parsed.ok) throw validationFailed({ [field]: parsed.error });
  return parsed.quantity;
}

async function lockedMeter(scope: AdminScope, ref: string): Promise<LockedMeter> {
  const meter = await lockMeter(scope.trx, scope.tenantId, ref);
  if (!meter) throw notFound();
  return meter;
}

const todayOf = (scope: AdminScope) => formatDate(localDate(scope.now, scope.tenant.time_zone));

function checkRemovalDay(meter: LockedMeter, day: string, today: string) {
  const refusal = removalRefusal(day, today, meter.installed_at);
  if (refusal) throw unprocessable(refusal, REFUSALS[refusal]!, { date: refusal, today, installedAt: meter.installed_at });
}

/**
 * Stores `value` as the meter's reading for the month of `day`, unless it is that month's current
 * reading already. Answers whether it wrote.
 */
async function storeLastReading(scope: AdminScope, meter: LockedMeter, day: string, value: bigint, field: string): Promise<boolean> {
  const { trx, tenantId, now } = scope;
  const period = periodOfDay(day);
  const around = await readingsAround(trx, tenantId, meter.id, period);
  if (around.own && toQuantity(around.own.value) === value) return false;
  const start = meterStart(meter);
  const previous = around.previous ?? (start ? { value: start.value } : null);
  const refusal = lastReadingRefusal(value, period, previous, around.latestPeriod);
  if (refusal) {
    const shown = previous ? formatQuantity(typeof previous.value === 'bigint' ? previous.value : toQuantity(previous.value), meter.decimals) : null;
    throw unprocessable(refusal, REFUSALS[refusal]!, { [field]: refusal, previous: shown, latestPeriod: around.latestPeriod });
  }
  await insertManagerReading(trx, { tenantId, meterId: meter.id, period, value: storedQuantityText(value), version: around.lastVersion + 1, at: now });
  return true;
}

const meterRemoved = (meter: LockedMeter) => conflict('meter_removed', 'This meter has been removed already.', { removedAt: meter.removed_at });

export async function setVerificationDue(scope: AdminScope, ref: string, verificationDue: string | null): Promise<UpsertResult> {
  const meter = await lockedMeter(scope, ref);
  const set = changedValues(meter, { verification_due: verificationDue });
  if (Object.keys(set).length === 0) return 'unchanged';
  await updateMeter(scope.trx, meter.id, { ...set, updated_at: scope.now });
  await scope.audit('admin.meter.verification_set', { type: 'meter', id: meter.id }, { externalRef: ref, verificationDue, before: meter.verification_due });
  return 'updated';
}

export async function removeMeter(scope: AdminScope, ref: string, input: { date?: string | undefined; lastReading?: unknown }): Promise<UpsertResult> {
  const meter = await lockedMeter(scope, ref);
  const value = input.lastReading === undefined ? undefined : meterValue(input.lastReading, meter.decimals, 'lastReading');
  if (meter.removed_at) {
    // The same removal again is fine; anything else is a different story about a meter that is gone.
    if (input.date !== undefined && input.date !== meter.removed_at) throw meterRemoved(meter);
    if (value !== undefined) {
      const { own } = await readingsAround(scope.trx, scope.tenantId, meter.id, periodOfDay(meter.removed_at));
      if (!own || toQuantity(own.value) !== value) throw meterRemoved(meter);
    }
    return 'unchanged';
  }
  const day = input.date ?? todayOf(scope);
  checkRemovalDay(meter, day, todayOf(scope));
  if (value !== undefined) await storeLastReading(scope, meter, day, value, 'lastReading');
  await updateMeter(scope.trx, meter.id, { removed_at: day, updated_at: scope.now });
  await scope.audit('admin.meter.removed', { type: 'meter', id: meter.id }, { externalRef: ref, date: day, lastReading: value === undefined ? null : formatQuantity(value, meter.decimals) });
  return 'updated';
}

export interface Replacement {
  date?: string | undefined;
  lastReading: unknown;
  newMeter: {
    externalRef: string;
    serialNumber: string;
    initialValue: unknown;
    location?: string | undefined;
    unit?: string | undefined;
    decimals?: number | undefined;
    verificationDue?: string | null | undefined;
  };
}

/** Removes the meter `ref` and installs its successor in its place, on the same premise. */
export async function replaceMeter(scope: AdminScope, ref: string, input: Replacement): Promise<UpsertResult> {
  const { trx, tenantId, now } = scope;
  const old = await lockedMeter(scope, ref);
  const next = input.newMeter;
  if (old.removed_at) {
    const successor = await successorOf(trx, tenantId, old.id);
    if (successor?.external_ref === next.externalRef && (input.date === undefined || input.date === old.removed_at)) return 'unchanged';
    throw meterRemoved(old);
  }
  const taken = () => conflict('external_ref_taken', 'Another meter has this externalRef.', { 'newMeter.externalRef': 'taken' });
  if (next.externalRef === ref || (await meterRefTaken(trx, tenantId, next.externalRef))) throw taken();

  const decimals = next.decimals ?? old.decimals;
  const lastReading = meterValue(input.lastReading, old.decimals, 'lastReading');
  const initialValue = meterValue(next.initialValue, decimals, 'newMeter.initialValue');
  const today = todayOf(scope);
  const day = input.date ?? today;
  checkRemovalDay(old, day, today);

  await storeLastReading(scope, old, day, lastReading, 'lastReading');
  await updateMeter(trx, old.id, { removed_at: day, updated_at: now });
  const created = await insertMeter(trx, {
    tenantId,
    ref: next.externalRef,
    premiseId: old.premise_id,
    kind: old.kind,
    serialNumber: next.serialNumber,
    location: next.location ?? old.location,
    unit: next.unit ?? old.unit,
    decimals,
    verificationDue: next.verificationDue ?? null,
    installedAt: day,
    initialValue: storedQuantityText(initialValue),
    replacesMeterId: old.id,
    now,
  });
  if (!created) throw taken();
  await scope.audit('admin.meter.replaced', { type: 'meter', id: old.id }, {
    externalRef: ref,
    newMeter: { id: created.id, externalRef: next.externalRef, serialNumber: next.serialNumber },
    date: day,
    lastReading: formatQuantity(lastReading, old.decimals),
    initialValue: formatQuantity(initialValue, decimals),
  });
  return 'created';
}
