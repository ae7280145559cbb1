/**
 * @module
 * The demo's buildings, customers, premises, meters, meter history and invoices arrive the way a
 * manager's arrive: as files (CSV and NDJSON, in the columns of docs/import.md) that go through
 * the bulk import (server/admin/imports/). So the demo data is exactly what a manager's file
 * makes, and a seed that would not pass the import's checks — a reading dated after the demo
 * clock, a value that falls — fails loudly instead of showing something no real import could.
 *
 * What no manager's file carries is added by seed.ts afterwards: the portal's own history (which
 * readings residents submitted, and by whom) and the logins.
 */
import { stringify } from 'csv-stringify/sync';
import type { Tx } from '../db/database.ts';
import type { ImportKindName } from '../admin/imports/import-report.ts';
import { readSource, type SourceFormat } from '../admin/imports/import-source.ts';
import { runImport } from '../admin/imports/import.service.ts';
import type { ImportScope } from '../admin/imports/import-kind.ts';
import { premisesImport } from '../admin/imports/premises.import.ts';
import type { PremiseHistory } from './history.ts';
import type { PremiseSpec, TenantSpec } from './fixture.ts';

/** The manager's references of the demo's things, as its billing system would have them. */
export const demoRefs = {
  building: (key: string) => `B-${key}`,
  premise: (premise: PremiseSpec) => `P-${premise.accountNumber}`,
  meter: (serial: string) => `M-${serial}`,
};

export interface DemoFiles {
  premises: string;
  /** One NDJSON file per version: the first readings, then the corrections. */
  readings: string[];
  invoices: string;
}

/** The files the demo manager's billing system exports, from the fixture and its planned history. */
export function demoFiles(spec: TenantSpec, histories: ReadonlyMap<PremiseSpec, PremiseHistory>): DemoFiles {
  const buildings = new Map(spec.buildings.map((building) => [building.key, building]));
  const premiseRows = spec.premises.flatMap((premise) => {
    const building = buildings.get(premise.building)!;
    const base = {
      building_ref: demoRefs.building(building.key),
      building_address: building.address,
      building_city: building.city,
      premise_ref: demoRefs.premise(premise),
      premise_label: premise.label,
      account_number: premise.accountNumber,
      area_m2: (premise.areaHundredths / 100).toFixed(2),
      customer_ref: premise.customer.externalRef,
      customer_name: premise.customer.name,
      customer_personal_code: premise.customer.personalCode ?? '',
      customer_email: premise.customer.email ?? '',
      customer_phone: premise.customer.phone ?? '',
    };
    const meters = histories.get(premise)?.meters ?? [];
    if (meters.length === 0) return [base];
    return meters.map((meter) => ({
      ...base,
      meter_ref: demoRefs.meter(meter.spec.serial),
      meter_kind: meter.spec.kind,
      meter_serial: meter.spec.serial,
      meter_location: meter.spec.location,
      meter_unit: 'm3',
      meter_decimals: '3',
      meter_installed_at: meter.installedAt,
      meter_verification_due: meter.verificationDue,
      meter_initial_value: '0',
    }));
  });

  const versions: string[][] = [];
  for (const premise of spec.premises) {
    for (const meter of histories.get(premise)?.meters ?? []) {
      for (const reading of meter.readings) {
        (versions[reading.version - 1] ??= []).push(
          JSON.stringify({ meterRef: demoRefs.meter(meter.spec.serial), period: reading.period, value: reading.value, submittedAt: reading.submittedAt.toISOString() }),
        );
      }
    }
  }

  const invoiceRows = spec.premises.flatMap((premise) =>
    (histories.get(premise)?.invoices ?? []).flatMap((invoice) =>
      invoice.lines.map((line) => ({
        invoice_number: invoice.number,
        premise_ref: demoRefs.premise(premise),
        period: invoice.period,
        issue_date: invoice.issue_date,
        due_date: invoice.due_date,
        balance_carried: invoice.balance_carried,
        paid_amount: invoice.paid_amount,
        paid_at: invoice.paid_at?.toISOString() ?? '',
        line_service: line.service,
        line_quantity: line.quantity,
        line_unit: line.unit,
        line_unit_price: line.unit_price,
        line_sum: line.sum,
      })),
    ),
  );

  return {
    premises: stringify(premiseRows, { header: true, columns: premisesImport.columns.map((column) => column.name) }),
    readings: versions.map((lines) => `${lines.join('\n')}\n`),
    invoices: invoiceRows.length ? stringify(invoiceRows, { header: true }) : '',
  };
}

/** Imports one demo file into the tenant, in the seed's transaction; a refused file is a bug in the fixture. */
export async function importDemoFile(trx: Tx, scope: Omit<ImportScope, 'trx'>, kind: ImportKindName, text: string, format: SourceFormat) {
  const bytes = new TextEncoder().encode(text);
  const body = (async function* () {
    yield bytes;
  })();
  const outcome = await runImport({ trx, ...scope }, kind, readSource(body, format, bytes.byteLength));
  if (outcome.errorCount > 0) throw new Error(`the demo's ${kind} file was refused: ${JSON.stringify(outcome.errors.slice(0, 5))}`);
  return outcome;
}
