/**
 * @module
 * The handlers of the settings routes (see settings.routes.ts).
 *
 * Every request finds its tenant through the tenant directory (tenancy/tenants.ts), which keeps
 * each tenant for a few seconds. GET therefore reads the row afresh, and a change tells the
 * directory to forget the tenant once it is committed, so this instance applies new origins,
 * time zone and window rule from the very next request. Other instances of the API keep their
 * copy until it expires (at most the directory's TTL, 5 seconds).
 */
import type { AppDeps } from '../../deps.ts';
import { createRouter } from '../../http/context.ts';
import { withAdmin } from '../admin-caller.ts';
import { findTenantRow, lockTenantRow, updateTenantSettings } from './settings.repository.ts';
import { getSettingsRoute, previewWindowsRoute, updateSettingsRoute } from './settings.routes.ts';
import { overridesOfPeriods } from '../readings/reading-windows.repository.ts';
import { localDate } from '../../readings/civil-time.ts';
import { addMonths, formatPeriod, overridesFor, readRule, upcomingWindows } from '../../readings/window.ts';
import { applySettingsChanges, settingsView } from './tenant-settings.ts';

export function settingsRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(getSettingsRoute, async (c) => {
    const settings = await withAdmin(deps, c, async ({ trx, tenantId }) => settingsView(await findTenantRow(trx, tenantId)));
    return c.json({ settings }, 200);
  });

  router.openapi(updateSettingsRoute, async (c) => {
    const changes = c.req.valid('json');
    const answer = await withAdmin(deps, c, async ({ trx, tenantId, audit }) => {
      const tenant = await lockTenantRow(trx, tenantId);
      const { set, changed } = applySettingsChanges(tenant, changes);
      if (changed.length === 0) return { settings: settingsView(tenant), result: 'unchanged' as const, changed };
      const updated = await updateTenantSettings(trx, tenantId, set);
      await audit('admin.settings.updated', { type: 'tenant', id: tenantId }, { fields: changed });
      return { settings: settingsView(updated), result: 'updated' as const, changed };
    });
    if (answer.result === 'updated') deps.tenantDirectory?.forget(answer.settings.slug);
    return c.json(answer, 200);
  });

  router.openapi(previewWindowsRoute, async (c) => {
    const body = c.req.valid('json');
    const answer = await withAdmin(deps, c, async ({ trx, tenantId, now }) => {
      const tenant = await findTenantRow(trx, tenantId);
      const rule = body.windowRule ?? readRule(tenant.reading_window).rule;
      const timeZone = body.timeZone ?? tenant.time_zone;
      // Every period whose moved window could fall among the ones shown.
      const today = localDate(now, timeZone);
      const periods = Array.from({ length: body.count + 3 }, (_, index) => formatPeriod(addMonths(today, index - 1)));
      const overrides = overridesFor(null, await overridesOfPeriods(trx, tenantId, periods));
      const windows = upcomingWindows(rule, now, timeZone, overrides, body.count).map((w) => ({
        period: w.period,
        opensAt: w.opensAt.toISOString(),
        closesAt: w.closesAt.toISOString(),
        firstDay: w.firstDay,
        lastDay: w.lastDay,
        source: w.source,
      }));
      return { windowRule: rule, timeZone, windows };
    });
    return c.json(answer, 200);
  });

  return router;
}
