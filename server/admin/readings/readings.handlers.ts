/**
 * @module
 * The handlers of the admin readings routes (contracts in readings.routes.ts): who has not
 * submitted, the per-building summary, and the export (streamed by export-stream.ts, read by readings-export.repository.ts,
 * written by export-format.ts).
 */
import type { AppDeps } from '../../deps.ts';
import { validationFailed } from '../../errors.ts';
import { createRouter } from '../../http/context.ts';
import { daysInMonth } from '../../readings/civil-time.ts';
import { parsePeriod } from '../../readings/window.ts';
import { withAdmin } from '../admin-caller.ts';
import { afterId, toPage } from '../pagination.ts';
import { parseSince } from './export-cursor.ts';
import { crlfRecords, exportEncoder, type ExportFormat } from './export-format.ts';
import { nextBytes, streamInSnapshot } from './export-stream.ts';
import { drain } from '../../db/database.ts';
import { premisesMissingReadings } from './missing-readings.repository.ts';
import { buildingOf } from './reading-windows.handlers.ts';
import { copyExportCsv, fetchExportLines, openExportCursor } from './readings-export.repository.ts';
import { readingsSummaryByBuilding } from './readings-summary.repository.ts';
import { exportReadingsRoute, missingReadingsRoute, readingsSummaryRoute } from './readings.routes.ts';

/**
 * Rows per FETCH: enough that round trips vanish, few enough that a batch dies young in the
 * garbage collector (5000 measured slower: whole batches outlived the young generation).
 */
const EXPORT_BATCH = 1000;

/** The most buildings one summary answers (by address); `more` says the tenant has more. */
export const SUMMARY_BUILDINGS = 1000;

/** The period's last day, 'YYYY-MM-DD'. */
function lastDayOf(period: string): string {
  const { year, month } = parsePeriod(period)!;
  return `${period}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

export function adminReadingsRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(missingReadingsRoute, async (c) => {
    const query = c.req.valid('query');
    const after = afterId(query.cursor);
    const page = await withAdmin(deps, c, async ({ trx, tenantId }) => {
      const building = await buildingOf(trx, tenantId, query.building);
      const rows = await premisesMissingReadings(trx, {
        tenantId,
        period: query.period,
        periodEnd: lastDayOf(query.period),
        buildingId: building?.id,
        afterId: after,
        limit: query.limit,
      });
      return toPage(rows, query.limit, (row) => ({
        externalRef: row.external_ref,
        label: row.label,
        accountNumber: row.account_number,
        building: row.building_ref,
        meters: row.meters,
      }));
    });
    return c.json(page, 200);
  });

  router.openapi(readingsSummaryRoute, async (c) => {
    const { period } = c.req.valid('query');
    const rows = await withAdmin(deps, c, ({ trx, tenantId }) => readingsSummaryByBuilding(trx, { tenantId, period, periodEnd: lastDayOf(period), limit: SUMMARY_BUILDINGS }));
    const more = rows.length > SUMMARY_BUILDINGS;
    const buildings = rows.slice(0, SUMMARY_BUILDINGS);
    const totals = { owing: 0, submitted: 0, missing: 0 };
    for (const b of buildings) {
      totals.owing += b.owing;
      totals.submitted += b.submitted;
      totals.missing += b.missing;
    }
    return c.json({ period, buildings, totals, more }, 200);
  });

  router.openapi(exportReadingsRoute, async (c) => {
    const query = c.req.valid('query');
    if (query.period === undefined && query.since === undefined) throw validationFailed({ period: 'required_without_since' });
    const since = query.since === undefined ? undefined : parseSince(query.since);
    if (query.since !== undefined && !since) throw validationFailed({ since: 'invalid_cursor' });
    const format: ExportFormat = query.format ?? (/application\/x-ndjson/i.test(c.req.header('accept') ?? '') ? 'ndjson' : 'csv');
    const encoder = exportEncoder(format, { delimiter: query.delimiter === 'semicolon' ? ';' : ',', bom: query.bom === '1' || query.bom === 'true' });
    const name = `readings-${query.period ?? 'since'}.${encoder.extension}`;

    const response = await streamInSnapshot(deps, c, async ({ trx, tenantId }) => {
      const filter = { tenantId, period: query.period, since };
      const headers = (nextCursor: string) => ({
        'Content-Type': encoder.contentType,
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
        'Doorstep-Next-Cursor': nextCursor,
      });
      let started = false;
      // CSV on Postgres: written by Postgres's COPY and passed on as bytes (readings-export.repository.ts).
      const copy = await copyExportCsv(deps.database, trx, filter, encoder.layout);
      if (copy) {
        const crlf = crlfRecords();
        return {
          headers: headers(copy.nextCursor),
          next: async () => {
            if (!started) {
              started = true;
              return encoder.start();
            }
            const bytes = await nextBytes(copy.rows);
            return bytes && crlf(bytes);
          },
          abandon: () => drain(copy.rows),
        };
      }
      const nextCursor = await openExportCursor(trx, filter, encoder.layout);
      let done = false;
      return {
        headers: headers(nextCursor),
        next: async () => {
          if (!started) {
            started = true;
            return encoder.start();
          }
          if (done) return null;
          const lines = await fetchExportLines(trx, EXPORT_BATCH);
          if (lines.length < EXPORT_BATCH) done = true;
          return encoder.lines(lines);
        },
      };
    });
    return response;
  });

  return router;
}
