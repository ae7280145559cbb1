/**
 * @module
 * The `readings` import: meter history from the previous system or from paper forms — one row per
 * meter and period, stored with source `import`. A period that already has this value is
 * unchanged; a different value becomes a new version of that period's reading (every version is
 * kept, as when a resident corrects one), so nothing is ever overwritten.
 *
 * Readings of a meter never fall: a value below the previous period's (in the file or stored) is
 * refused. A replaced meter is a new meter with its own reference and initial value (premises
 * import), so its readings start again from there; a meter that rolled over is replaced the same
 * way.
 *
 * A meter takes readings from the month it was installed to the month it was removed (the month
 * of its last reading): a period outside that, or a `submitted_at` after the removal day or before
 * the installation day (in the tenant's zone), refuses the row (`after_meter_removal`,
 * `before_meter_installation`), and so the whole file.
 */
import { localDate } from '../../readings/civil-time.ts';
import { decimal, period, requiredRef, timestamp } from './import-fields.ts';
import type { ImportKind } from './import-kind.ts';
import { applyReadings, checkReadings } from './readings.repository.ts';

/** The period ('YYYY-MM') `now` falls in, in the tenant's zone: readings of later periods cannot exist. */
export function currentPeriod(now: Date, timeZone: string): string {
  const today = localDate(now, timeZone);
  return `${today.year}-${String(today.month).padStart(2, '0')}`;
}

/** The current period of each import (its scope), worked out once instead of once a row (millions of rows). */
const currentPeriods = new WeakMap<object, string>();
function currentPeriodOf(scope: { now: Date; timeZone: string }): string {
  let period = currentPeriods.get(scope);
  if (period === undefined) currentPeriods.set(scope, (period = currentPeriod(scope.now, scope.timeZone)));
  return period;
}

export const readingsImport: ImportKind = {
  name: 'readings',
  columns: [{ name: 'meter_ref', required: true }, { name: 'period', required: true }, { name: 'value', required: true }, { name: 'submitted_at' }],
  stageColumns: [
    { name: 'meter_ref', type: 'text' },
    { name: 'period', type: 'text' },
    { name: 'value', type: 'numeric' },
    { name: 'submitted_at', type: 'timestamptz' },
  ],

  read(r, scope) {
    const meterRef = r.read('meter_ref', requiredRef(r.cell('meter_ref')));
    const periodText = r.read('period', period(r.cell('period')));
    if (periodText === null) r.fail('period', 'required');
    else if (periodText && periodText > currentPeriodOf(scope)) r.fail('period', 'period_in_future');
    const value = r.read('value', decimal(r.cell('value'), 6, 10));
    if (value === null) r.fail('value', 'required');
    const submittedAt = r.read('submitted_at', timestamp(r.cell('submitted_at'), scope.timeZone));
    if (submittedAt && submittedAt > scope.now) r.fail('submitted_at', 'in_future');
    return [meterRef ?? null, periodText ?? null, value ?? null, submittedAt ?? null];
  },

  check: (scope, limit) => checkReadings(scope.trx, scope.tenantId, scope.timeZone, limit),
  apply: (scope) => applyReadings(scope.trx, scope.tenantId, scope.now),
};
