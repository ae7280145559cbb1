/**
 * @module
 * Buildings, premises, meters and readings written straight into the database for tests that
 * work them out by hand (the readings export, the period summary): each row keyed by its
 * external ref in `ids`, so a test names what it built.
 */
import type { DatabaseHandle } from '../../../server/db/database.ts';
import type { MeterKind } from '../../../server/db/types.ts';

export function registryRows(database: () => DatabaseHandle) {
  const ids: Record<string, string> = {};
  const db = () => database().db;
  return {
    ids,
    async building(tenantId: string, ref: string, address = `Iela ${ref}`) {
      ids[ref] = (await db().insertInto('buildings').values({ tenant_id: tenantId, address, external_ref: ref }).returning('id').executeTakeFirstOrThrow()).id;
    },
    async premise(tenantId: string, buildingRef: string, ref: string, account = ref) {
      ids[ref] = (
        await db()
          .insertInto('premises')
          .values({ tenant_id: tenantId, building_id: ids[buildingRef]!, label: `Dzīvoklis ${account}`, account_number: account, external_ref: ref })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    },
    async meter(tenantId: string, premiseRef: string, ref: string, kind: MeterKind, extra: Record<string, unknown> = {}) {
      ids[ref] = (
        await db()
          .insertInto('meters')
          .values({ tenant_id: tenantId, premise_id: ids[premiseRef]!, kind, serial_number: `SN-${ref}`, external_ref: ref, location: 'Vannas istaba', ...extra })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    },
    async reading(tenantId: string, meterRef: string, period: string, value: string, extra: { version?: number; is_current?: boolean; source?: 'import' | 'manager' } = {}) {
      await db()
        .insertInto('readings')
        .values({ tenant_id: tenantId, meter_id: ids[meterRef]!, period, value, source: 'import', submitted_at: `${period}-28T09:30:00.123Z`, ...extra })
        .execute();
    },
  };
}
