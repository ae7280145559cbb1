/**
 * @module
 * The handler of the import route (see imports.routes.ts). The body is read here as a stream —
 * the app's JSON body reader leaves CSV and NDJSON alone — with its own size limit, and the whole
 * import runs in the tenant's transaction. A dry run, and an import with any row error, roll back
 * at the end, so neither writes anything; only a real import that went through is audited (with
 * an id of its own) and announced by one webhook event (`readings.imported`, `premises.imported`,
 * `invoices.imported`).
 */
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../deps.ts';
import { ApiError } from '../../errors.ts';
import { createRouter } from '../../http/context.ts';
import { withAdmin } from '../admin-caller.ts';
import { requestLanguage } from '../../http/language.ts';
import type { ImportReport } from './import-report.ts';
import { IMPORT_TEXTS, importMessage, type ImportTextLanguage } from './import-texts.ts';
import { payloadTooLarge, readSource, sourceFormat } from './import-source.ts';
import { runImport, type ImportOutcome } from './import.service.ts';
import { importRoute } from './imports.routes.ts';
import { queueImportedEvent, queueReadingsImportedEvent } from '../../webhooks/webhook-events.ts';

/** The largest file one import takes: about 4–5 million readings. */
export const IMPORT_BODY_LIMIT = 200 * 1024 * 1024;

/** Ends the transaction without committing, carrying what the import found. */
class RollBack extends Error {
  constructor(readonly outcome: ImportOutcome) {
    super('import rolled back');
  }
}

/** Postgres refused a write for a reason the checks did not foresee (a constraint): a conflict, not a crash. */
function isConstraintError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23)/.test(code);
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}

export function importsRouter(deps: AppDeps) {
  const router = createRouter();

  router.openapi(importRoute, async (c) => {
    const { kind } = c.req.valid('param');
    const dryRun = c.req.valid('query').dryRun === 'true';
    const format = sourceFormat(c.req.header('content-type'));
    if (!format) throw new ApiError(415, 'unsupported_media_type', 'Send the file as text/csv or application/x-ndjson.');
    if (Number(c.req.header('content-length') ?? 0) > IMPORT_BODY_LIMIT) throw payloadTooLarge(IMPORT_BODY_LIMIT);
    const body = (c.req.raw.body as unknown as AsyncIterable<Uint8Array> | null) ?? emptyBody();

    let outcome: ImportOutcome;
    // The tenant's default language when the request names none of ours; settled in the transaction.
    let language: ImportTextLanguage = 'lv';
    try {
      outcome = await withAdmin(deps, c, async ({ trx, tenant, tenantId, now, audit }) => {
        language = requestLanguage(c, tenant.default_language);
        const result = await runImport({ trx, tenantId, now, timeZone: tenant.time_zone, personalCodeKey: deps.personalCodeKey, mailNewInvoices: true, plantedFault: deps.config.plantedFault }, kind, readSource(body, format, IMPORT_BODY_LIMIT), language);
        if (dryRun || result.errorCount > 0) throw new RollBack(result);
        const { rows, created, updated, unchanged, details } = result;
        const importId = randomUUID();
        await audit(`admin.import.${kind}`, { type: 'import', id: kind }, { importId, rows, created, updated, unchanged, details });
        // One event for the whole file, in its transaction (a dry run or a refused file rolled back above).
        if (kind === 'readings') await queueReadingsImportedEvent(trx, tenant, { importId, rows, created, updated, unchanged }, now);
        else await queueImportedEvent(trx, tenant, kind, { importId, rows, created, updated, unchanged, details }, now);
        return result;
      });
    } catch (error) {
      if (error instanceof RollBack) outcome = error.outcome;
      else if (isConstraintError(error)) {
        outcome = { kind, rows: 0, created: 0, updated: 0, unchanged: 0, errors: [{ row: 0, column: '', code: 'conflict', message: importMessage('conflict', language) }], errorCount: 1, details: {} };
      } else throw error;
    }
    const texts = IMPORT_TEXTS[language];
    const report: ImportReport = { ...outcome, dryRun, language, summary: texts.summary({ ...outcome, dryRun }) };
    if (report.errorCount > 0) {
      return c.json({ error: { code: 'import_rejected' as const, message: texts.rejected(report.errorCount) }, report }, 422);
    }
    return c.json(report, 200);
  });

  return router;
}
