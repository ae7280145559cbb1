/**
 * @module
 * The handlers of the meter-reading routes (contracts in readings.routes.ts). The rules live in
 * window.ts, plausibility.ts, verification.ts and reading-value.ts; submitting in submit-reading.ts.
 */
import type { AppDeps } from '../deps.ts';
import { withPremiseAccess } from '../auth/resident.ts';
import { validationFailed, notFound } from '../errors.ts';
import { createRouter } from '../http/context.ts';
import { isUuid } from '../http/ids.ts';
import { decide } from '../rights/rights.ts';
import { formatDate, localDate } from './civil-time.ts';
import { historyView, meterIdentity, meterView, windowView } from './meter-views.ts';
import { findMeter, historyOfMeter, premiseMeters, readingBefore, windowOverrides } from './readings.repository.ts';
import { listMetersRoute, readingHistoryRoute, submitReadingRoute } from './readings.routes.ts';
import { submitReading } from './submit-reading.ts';
import { readingPolicy } from './tenant-policy.ts';
import { addMonths, candidatePeriods, formatPeriod, monthsBetween, parsePeriod, readingWindowAt } from './window.ts';

/** The history shows two years unless asked otherwise, and never more than ten. */
const DEFAULT_HISTORY_MONTHS = 24;
const MAX_HISTORY_MONTHS = 120;
/** Readings shown per meter: the window's period (or the latest before it) and the one before. */
const READINGS_PER_METER = 2;

export function readingsRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(listMetersRoute, async (c) => {
    const { premiseId } = c.req.valid('param');
    const policy = readingPolicy(c.get('tenant'), c.get('log'));
    const { timeZone } = policy;
    const body = await withPremiseAccess(deps, c, { premiseId, action: 'readings.view' }, async ({ trx, grant, tenantId, now }) => {
      const today = localDate(now, timeZone);
      const overrides = await windowOverrides(trx, tenantId, premiseId, candidatePeriods(now, timeZone), now);
      const window = readingWindowAt(policy.rule, now, timeZone, overrides);
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
    });
    return c.json(body, 200);
  });

  router.openapi(submitReadingRoute, async (c) => {
    const { premiseId, meterId } = c.req.valid('param');
    const { value, confirm } = c.req.valid('json');
    const policy = readingPolicy(c.get('tenant'), c.get('log'));
    const input = { premiseId, meterId, value, confirm };
    const result = await withPremiseAccess(deps, c, { premiseId, action: 'readings.submit' }, (scope) => submitReading(scope, policy, input));
    return c.json(result.body, result.status);
  });

  router.openapi(readingHistoryRoute, async (c) => {
    const { premiseId, meterId } = c.req.valid('param');
    const query = c.req.valid('query');
    const { timeZone } = readingPolicy(c.get('tenant'), c.get('log'));
    const body = await withPremiseAccess(deps, c, { premiseId, action: 'readings.view' }, async ({ trx, tenantId, now }) => {
      if (!isUuid(meterId)) throw notFound();
      const thisMonth = formatPeriod(localDate(now, timeZone));
      const to = query.to ?? (query.from ? formatPeriod(addMonths(parsePeriod(query.from)!, DEFAULT_HISTORY_MONTHS - 1)) : thisMonth);
      const from = query.from ?? formatPeriod(addMonths(parsePeriod(to)!, 1 - DEFAULT_HISTORY_MONTHS));
      const span = monthsBetween(from, to);
      if (span < 0) throw validationFailed({ from: 'after_to' });
      if (span >= MAX_HISTORY_MONTHS) throw validationFailed({ from: 'range_too_long' });
      // History includes meters removed since: their readings are still the resident's.
      const meter = await findMeter(trx, tenantId, premiseId, meterId);
      if (!meter) throw notFound();
      const rows = await historyOfMeter(trx, tenantId, meter.id, from, to);
      const before = await readingBefore(trx, tenantId, meter.id, from);
      return { meter: meterIdentity(meter), from, to, periods: historyView(meter, rows, before) };
    });
    return c.json(body, 200);
  });

  return router;
}
