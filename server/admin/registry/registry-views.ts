/**
 * @module
 * Registry rows as the API shows them: camelCase, the manager's refs beside our ids, days as
 * 'YYYY-MM-DD', meter values with the meter's own number of decimals.
 */
import { formatQuantity, toQuantity } from '../../readings/reading-value.ts';
import type { MeterViewRow } from './meters.repository.ts';
import type { BuildingRow, CustomerRow, PremiseViewRow } from './registry.repository.ts';

const stamps = (row: { created_at: Date; updated_at: Date }) => ({ createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() });

export const buildingView = (row: BuildingRow) => ({ id: row.id, externalRef: row.external_ref, address: row.address, city: row.city, ...stamps(row) });

export const customerView = (row: CustomerRow) => ({
  id: row.id,
  externalRef: row.external_ref,
  name: row.name,
  personalCode: row.personal_code_hint,
  email: row.email,
  phone: row.phone,
  ...stamps(row),
});

export const premiseView = (row: PremiseViewRow) => ({
  id: row.id,
  externalRef: row.external_ref,
  buildingRef: row.building_ref,
  customerRef: row.customer_ref,
  label: row.label,
  accountNumber: row.account_number,
  areaM2: row.area_m2,
  ...stamps(row),
});

export const meterView = (row: MeterViewRow) => ({
  id: row.id,
  externalRef: row.external_ref,
  premiseRef: row.premise_ref,
  kind: row.kind,
  serialNumber: row.serial_number,
  location: row.location,
  unit: row.unit,
  decimals: row.decimals,
  verificationDue: row.verification_due,
  installedAt: row.installed_at,
  removedAt: row.removed_at,
  initialValue: formatQuantity(toQuantity(row.initial_value), row.decimals),
  replacesRef: row.replaces_ref,
  replacedByRef: row.replaced_by_ref,
  ...stamps(row),
});
