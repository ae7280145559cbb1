/**
 * @module
 * The `premises` import: one row per meter, each carrying its building, premise and the premise's
 * contract holder (customer), so the file a billing system exports ("apartment list with meters")
 * goes in as it is. A premise without meters is one row with the meter columns empty. Everything
 * is keyed by the manager's own references (`*_ref`), so the same file imported again changes
 * nothing, and a changed address or serial number updates the thing in place.
 */
import { date, decimal, email, integer, oneOf, personalCode, ref, requiredRef, requiredText, text } from './import-fields.ts';
import type { ImportKind } from './import-kind.ts';
import { applyPremises, checkPremises } from './premises.repository.ts';

export const METER_KINDS = ['cold_water', 'hot_water', 'heat', 'electricity', 'gas'] as const;

const METER_COLUMNS = [
  'meter_ref',
  'meter_kind',
  'meter_serial',
  'meter_location',
  'meter_unit',
  'meter_decimals',
  'meter_installed_at',
  'meter_verification_due',
  'meter_initial_value',
] as const;
const CUSTOMER_COLUMNS = ['customer_ref', 'customer_name', 'customer_personal_code', 'customer_email', 'customer_phone'] as const;

export const premisesImport: ImportKind = {
  name: 'premises',
  columns: [
    { name: 'building_ref', required: true },
    { name: 'building_address', required: true },
    { name: 'building_city' },
    { name: 'premise_ref', required: true },
    { name: 'premise_label', required: true },
    { name: 'account_number', required: true },
    { name: 'area_m2' },
    ...CUSTOMER_COLUMNS.map((name) => ({ name })),
    ...METER_COLUMNS.map((name) => ({ name })),
  ],
  stageColumns: [
    { name: 'building_ref', type: 'text' },
    { name: 'building_address', type: 'text' },
    { name: 'building_city', type: 'text' },
    { name: 'premise_ref', type: 'text' },
    { name: 'premise_label', type: 'text' },
    { name: 'account_number', type: 'text' },
    { name: 'area_m2', type: 'numeric' },
    { name: 'customer_ref', type: 'text' },
    { name: 'customer_name', type: 'text' },
    { name: 'customer_personal_code_hash', type: 'text' },
    { name: 'customer_personal_code_hint', type: 'text' },
    { name: 'customer_email', type: 'text' },
    { name: 'customer_phone', type: 'text' },
    { name: 'meter_ref', type: 'text' },
    { name: 'meter_kind', type: 'text' },
    { name: 'meter_serial', type: 'text' },
    { name: 'meter_location', type: 'text' },
    { name: 'meter_unit', type: 'text' },
    { name: 'meter_decimals', type: 'int' },
    { name: 'meter_installed_at', type: 'date' },
    { name: 'meter_verification_due', type: 'date' },
    { name: 'meter_initial_value', type: 'numeric' },
  ],

  read(r, scope) {
    const values = [
      r.read('building_ref', requiredRef(r.cell('building_ref'))),
      r.read('building_address', requiredText(r.cell('building_address'), 200)),
      r.read('building_city', text(r.cell('building_city'), 100)),
      r.read('premise_ref', requiredRef(r.cell('premise_ref'))),
      r.read('premise_label', requiredText(r.cell('premise_label'), 200)),
      r.read('account_number', requiredText(r.cell('account_number'), 50)),
      r.read('area_m2', decimal(r.cell('area_m2'), 2, 6)),
    ];
    const customerRef = r.read('customer_ref', ref(r.cell('customer_ref')));
    const code = r.read('customer_personal_code', personalCode(r.cell('customer_personal_code'), scope.personalCodeKey));
    const customer = [
      customerRef,
      r.read('customer_name', text(r.cell('customer_name'), 200)),
      code === undefined ? undefined : (code?.hash ?? null),
      code === undefined ? undefined : (code?.hint ?? null),
      r.read('customer_email', email(r.cell('customer_email'))),
      r.read('customer_phone', text(r.cell('customer_phone'), 50)),
    ];
    // A contract holder is named by its reference; the other columns describe it.
    if (customerRef === null && customer.slice(1).some((value) => value !== null)) r.fail('customer_ref', 'required');
    if (customerRef && customer[1] === null) r.fail('customer_name', 'required');

    const meterRef = r.read('meter_ref', ref(r.cell('meter_ref')));
    const meter = [
      meterRef,
      r.read('meter_kind', oneOf(r.cell('meter_kind'), METER_KINDS)),
      r.read('meter_serial', text(r.cell('meter_serial'), 100)),
      r.read('meter_location', text(r.cell('meter_location'), 200)),
      r.read('meter_unit', text(r.cell('meter_unit'), 10)),
      r.read('meter_decimals', integer(r.cell('meter_decimals'), 0, 6)),
      r.read('meter_installed_at', date(r.cell('meter_installed_at'))),
      r.read('meter_verification_due', date(r.cell('meter_verification_due'))),
      r.read('meter_initial_value', decimal(r.cell('meter_initial_value'), 6, 10)),
    ];
    if (meterRef === null && METER_COLUMNS.some((column) => (r.cell(column) ?? '').trim() !== '')) r.fail('meter_ref', 'required');
    if (meterRef) {
      if (meter[1] === null) r.fail('meter_kind', 'required');
      if (meter[2] === null) r.fail('meter_serial', 'required');
    }
    const all = [...values, ...customer, ...meter];
    return all.some((value) => value === undefined) ? undefined : (all as Array<string | number | null>);
  },

  check: (scope, limit) => checkPremises(scope.trx, scope.tenantId, limit),
  apply: (scope) => applyPremises(scope.trx, scope.tenantId, scope.now, scope.plantedFault),
};
