/**
 * @module
 * A manager's settings as one object, and the rule that turns a change into what is stored.
 *
 * They live in two places: columns of `tenants` (name, time zone, allowed origins, the reading
 * window rule) and keys of the `tenants.settings` jsonb that the resident side reads on its own —
 * `plausibilityFactor` and `verificationReminderDays` (readings/reading-settings.ts), `lastDayReminderHour`
 * (reminders/reminder-schedule.ts) and `bank`
 * (invoices/payment-details.ts, `{recipient, iban, registrationNumber?, bankName?, bic?}`). The
 * readers fall back to defaults when a value is missing or malformed; this side makes sure a
 * manager can only store values they accept, in exactly their shape (absent optional fields are
 * left out rather than stored as null, which the bank reader would refuse), and keeps every
 * other key of the jsonb (colours, averagePeriods, …) as it was.
 *
 * A change that would store what is there already changes nothing: no write, no audit entry, and
 * the answer says `unchanged` — so a billing system may send its whole settings every night.
 */
import type { Tenant } from '../../db/types.ts';
import { bankDetailsFrom, type BankDetails } from '../../invoices/payment-details.ts';
import { readingSettings } from '../../readings/reading-settings.ts';
import { readRule, type ReadingWindowRule } from '../../readings/window.ts';
import { lastDayHourOf } from '../../reminders/reminder-schedule.ts';

export interface SettingsChanges {
  name?: string | undefined;
  timeZone?: string | undefined;
  allowedOrigins?: string[] | undefined;
  windowRule?: ReadingWindowRule | undefined;
  plausibilityFactor?: number | undefined;
  verificationReminderDays?: number | undefined;
  /** The local hour of the last-day reading reminder (reminders/reminder-schedule.ts). */
  lastDayReminderHour?: number | undefined;
  /** The payment details as a whole; null removes them (invoices then offer no payment). */
  bank?: BankDetailsInput | null | undefined;
}

export interface BankDetailsInput {
  recipient: string;
  iban: string;
  registrationNumber?: string | null | undefined;
  bankName?: string | null | undefined;
  bic?: string | null | undefined;
}

export type SettingsField = keyof SettingsChanges;

type TenantSettingsRow = Pick<Tenant, 'slug' | 'name' | 'time_zone' | 'allowed_origins' | 'reading_window' | 'settings'>;

export interface StoredSettings {
  name: string;
  time_zone: string;
  allowed_origins: string[];
  reading_window: ReadingWindowRule;
  settings: Record<string, unknown>;
}

export function settingsView(tenant: TenantSettingsRow) {
  const reading = readingSettings(tenant.settings);
  const bank = bankDetailsFrom(tenant.settings);
  return {
    slug: tenant.slug,
    name: tenant.name,
    timeZone: tenant.time_zone,
    allowedOrigins: tenant.allowed_origins,
    windowRule: readRule(tenant.reading_window).rule,
    plausibilityFactor: reading.plausibilityFactor,
    verificationReminderDays: reading.verificationReminderDays,
    lastDayReminderHour: lastDayHourOf(tenant.settings),
    bank: bank
      ? { recipient: bank.recipient, registrationNumber: bank.registrationNumber || null, iban: bank.iban, bankName: bank.bankName || null, bic: bank.bic || null }
      : null,
  };
}

/** The bank details as `settings.bank` holds them: only the fields that have a value. */
export function storedBank(input: BankDetailsInput): BankDetails {
  const optional = (value: string | null | undefined) => (value ? value : undefined);
  const bank: BankDetails = { recipient: input.recipient, iban: input.iban };
  const registrationNumber = optional(input.registrationNumber);
  const bankName = optional(input.bankName);
  const bic = optional(input.bic);
  if (registrationNumber) bank.registrationNumber = registrationNumber;
  if (bankName) bank.bankName = bankName;
  if (bic) bank.bic = bic;
  return bank;
}

/**
 * What to store for `changes` on top of `tenant`, and which fields really differ. The fields
 * left out of `changes` keep their values; `set` holds only the columns that change.
 */
export function applySettingsChanges(tenant: TenantSettingsRow, changes: SettingsChanges): { set: Partial<StoredSettings>; changed: SettingsField[] } {
  const set: Partial<StoredSettings> = {};
  const changed: SettingsField[] = [];
  if (changes.name !== undefined && changes.name !== tenant.name) {
    set.name = changes.name;
    changed.push('name');
  }
  if (changes.timeZone !== undefined && changes.timeZone !== tenant.time_zone) {
    set.time_zone = changes.timeZone;
    changed.push('timeZone');
  }
  if (changes.allowedOrigins !== undefined && !sameJson(changes.allowedOrigins, tenant.allowed_origins)) {
    set.allowed_origins = changes.allowedOrigins;
    changed.push('allowedOrigins');
  }
  if (changes.windowRule !== undefined && !sameJson(changes.windowRule, tenant.reading_window)) {
    set.reading_window = changes.windowRule;
    changed.push('windowRule');
  }

  const before = isPlainObject(tenant.settings) ? tenant.settings : {};
  const settings: Record<string, unknown> = { ...before };
  const setKey = (field: SettingsField, key: string, value: unknown) => {
    if (sameJson(value, before[key])) return;
    if (value === undefined) delete settings[key];
    else settings[key] = value;
    changed.push(field);
  };
  if (changes.plausibilityFactor !== undefined) setKey('plausibilityFactor', 'plausibilityFactor', changes.plausibilityFactor);
  if (changes.verificationReminderDays !== undefined) setKey('verificationReminderDays', 'verificationReminderDays', changes.verificationReminderDays);
  if (changes.lastDayReminderHour !== undefined) setKey('lastDayReminderHour', 'lastDayReminderHour', changes.lastDayReminderHour);
  if (changes.bank !== undefined) setKey('bank', 'bank', changes.bank === null ? undefined : storedBank(changes.bank));
  if (changed.some((field) => field === 'plausibilityFactor' || field === 'verificationReminderDays' || field === 'lastDayReminderHour' || field === 'bank')) set.settings = settings;
  return { set, changed };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Equal as JSON, whatever the order of object keys (jsonb keeps its own order). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((key) => value[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return value === undefined ? 'undefined' : JSON.stringify(value);
}
