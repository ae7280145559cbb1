/**
 * @module
 * A tenant's reading settings, top-level keys of `tenants.settings` (jsonb) beside the others
 * (bank details, colours, …), e.g. `{"plausibilityFactor":2.5,"averagePeriods":12,
 * "verificationReminderDays":30,"minimumMonthlyAverage":{"cold_water":"5"}}`. Each falls back to
 * its default on its own when missing or malformed, so one bad value a manager typed never stops
 * residents submitting.
 */
import { z } from 'zod';
import type { MeterKind } from '../db/types.ts';
import { toQuantity, type Quantity } from './reading-value.ts';

/**
 * Floors for the average monthly consumption, in each kind's usual unit (m³, m³, MWh, kWh, m³):
 * roughly what one person uses, so a new meter is not questioned for an ordinary month.
 */
const DEFAULT_FLOORS: Record<MeterKind, string> = {
  cold_water: '5',
  hot_water: '3',
  heat: '1',
  electricity: '300',
  gas: '50',
};

const Decimal = z.string().regex(/^\d{1,9}(\.\d{1,6})?$/);

/** How many times the recent average a consumption may be before the resident must confirm it. */
export const PlausibilityFactor = z.number().min(1).max(100);
/** How many days before a meter's verification date residents are reminded of it. */
export const VerificationReminderDays = z.number().int().min(0).max(366);

const ReadingSettingsSchema = z.object({
  plausibilityFactor: PlausibilityFactor.catch(3).default(3),
  averagePeriods: z.number().int().min(1).max(36).catch(12).default(12),
  verificationReminderDays: VerificationReminderDays.catch(60).default(60),
  minimumMonthlyAverage: z.record(z.string(), Decimal.optional().catch(undefined)).catch({}).default({}),
});

export interface ReadingSettings {
  plausibilityFactor: number;
  averagePeriods: number;
  verificationReminderDays: number;
  floorFor(kind: MeterKind): Quantity;
}

export function readingSettings(settings: unknown): ReadingSettings {
  const parsed = ReadingSettingsSchema.safeParse(typeof settings === 'object' && settings !== null && !Array.isArray(settings) ? settings : {});
  const data = parsed.success ? parsed.data : ReadingSettingsSchema.parse({});
  return {
    plausibilityFactor: data.plausibilityFactor,
    averagePeriods: data.averagePeriods,
    verificationReminderDays: data.verificationReminderDays,
    floorFor: (kind) => toQuantity(data.minimumMonthlyAverage[kind] ?? DEFAULT_FLOORS[kind] ?? '0'),
  };
}
