/**
 * @module
 * The API shapes of the registry: what a PUT takes and what every answer shows, for buildings,
 * customers, premises and meters. Things point at each other by the manager's own ids
 * (`buildingRef`, `customerRef`, `premiseRef`), never by our uuids, so a billing system never
 * has to learn them (they are shown, as `id`, for correlating with other routes).
 *
 * In a PUT, a field left out keeps its value (or gets its default on create) and `null` clears
 * an optional one; required fields are required every time, so a PUT always says what the thing
 * is. Decimals travel as strings, days as 'YYYY-MM-DD'.
 */
import { z } from '@hono/zod-openapi';
import { parseDate } from '../../readings/civil-time.ts';
import { ExternalRef } from '../external-ref.ts';
import { INVALID_PERSONAL_CODE, isValidPersonalCode } from '../../personal-codes/personal-code.ts';

/** A real calendar day, 'YYYY-MM-DD', in years Postgres and people both agree on. */
export const CalendarDay = z
  .string()
  .max(10)
  .refine((text) => /^(19|2\d)\d\d-\d\d-\d\d$/.test(text) && parseDate(text) !== undefined, {
    message: 'a calendar day, YYYY-MM-DD',
    params: { code: 'invalid_date' },
  })
  .openapi({ example: '2026-05-20' });

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const MeterKind = z.enum(['cold_water', 'hot_water', 'heat', 'electricity', 'gas']);

const Stamps = { createdAt: z.string(), updatedAt: z.string() };

// --- buildings ---------------------------------------------------------------------------------

export const BuildingInput = z
  .strictObject({
    address: text(300).openapi({ example: 'Malkalnes prospekts 3' }),
    city: optionalText(100).openapi({ example: 'Ogre' }),
  })
  .openapi('BuildingInput');

export const Building = z
  .object({ id: z.string().uuid(), externalRef: z.string().nullable(), address: z.string(), city: z.string().nullable(), ...Stamps })
  .openapi('Building');

// --- customers ---------------------------------------------------------------------------------

export const CustomerInput = z
  .strictObject({
    name: text(200).openapi({ example: 'Anna Bērziņa' }),
    personalCode: z
      .string()
      .trim()
      .max(32)
      .refine((code) => code === '' || isValidPersonalCode(code), {
        message: 'a Latvian personal code: DDMMYY-NNNNN, or a new code starting with 32',
        params: { code: INVALID_PERSONAL_CODE },
      })
      .nullable()
      .optional()
      .openapi({ example: '140382-10124', description: 'Stored only as a keyed hash; never shown again (answers give `******-***23`).' }),
    email: z.email().max(254).nullable().optional(),
    phone: optionalText(40).openapi({ example: '+371 20000000' }),
  })
  .openapi('CustomerInput');

export const Customer = z
  .object({
    id: z.string().uuid(),
    externalRef: z.string().nullable(),
    name: z.string(),
    personalCode: z.string().nullable().openapi({ example: '******-***23', description: 'The last two digits only: the code itself is stored as a keyed hash.' }),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    ...Stamps,
  })
  .openapi('Customer');

// --- premises ----------------------------------------------------------------------------------

export const PremiseInput = z
  .strictObject({
    buildingRef: ExternalRef.openapi({ description: "The building's externalRef", example: 'MP3' }),
    customerRef: ExternalRef.nullable().optional().openapi({ description: "The contract holder's externalRef; null: none" }),
    label: text(200).openapi({ example: 'Malkalnes prospekts 3-111' }),
    accountNumber: text(64).openapi({ description: 'The account number on invoices, unique per manager', example: '12345' }),
    areaM2: z
      .string()
      .regex(/^\d{1,6}(\.\d{1,2})?$/, 'square metres, e.g. "54.30"')
      .nullable()
      .optional()
      .openapi({ example: '54.30' }),
  })
  .openapi('PremiseInput');

export const Premise = z
  .object({
    id: z.string().uuid(),
    externalRef: z.string().nullable(),
    buildingRef: z.string().nullable(),
    customerRef: z.string().nullable(),
    label: z.string(),
    accountNumber: z.string(),
    areaM2: z.string().nullable(),
    ...Stamps,
  })
  .openapi('Premise');

// --- meters ------------------------------------------------------------------------------------

/** A meter value as the meter shows it: a decimal string (a comma is fine), at most the meter's decimals. */
const MeterValue = z.union([z.string().max(64), z.number()]).openapi({ type: 'string', example: '123.456' });

export const MeterInput = z
  .strictObject({
    premiseRef: ExternalRef.openapi({ description: "The premise's externalRef (cannot change later)", example: 'MP3-111' }),
    kind: MeterKind,
    serialNumber: text(64).openapi({ example: 'CW-2041177' }),
    location: z.string().trim().max(100).optional().openapi({ example: 'Vannas istaba' }),
    unit: z.string().trim().min(1).max(16).optional().openapi({ description: 'Default by kind: m3, MWh for heat, kWh for electricity' }),
    decimals: z.number().int().min(0).max(6).optional().openapi({ description: 'Decimals the meter shows (default 3)' }),
    verificationDue: CalendarDay.nullable().optional().openapi({ description: 'Next verification date; residents are reminded as it nears' }),
    installedAt: CalendarDay.nullable().optional().openapi({ description: 'With initialValue: the base of the first consumption' }),
    initialValue: MeterValue.optional().openapi({ description: 'The reading on installation (default 0)' }),
  })
  .openapi('MeterInput');

export const Meter = z
  .object({
    id: z.string().uuid(),
    externalRef: z.string().nullable(),
    premiseRef: z.string().nullable(),
    kind: MeterKind,
    serialNumber: z.string(),
    location: z.string(),
    unit: z.string(),
    decimals: z.number().int(),
    verificationDue: z.string().nullable(),
    installedAt: z.string().nullable(),
    removedAt: z.string().nullable(),
    initialValue: z.string(),
    replacesRef: z.string().nullable().openapi({ description: 'The meter this one replaced' }),
    replacedByRef: z.string().nullable().openapi({ description: 'The meter that replaced this one' }),
    ...Stamps,
  })
  .openapi('AdminMeter');

export const MeterRemoval = z
  .strictObject({
    date: CalendarDay.optional().openapi({ description: "The day it was taken out (default: today in the manager's time zone); not in the future" }),
    lastReading: MeterValue.optional().openapi({ description: "Its last reading, stored as the manager's reading for the month of `date`" }),
  })
  .openapi('MeterRemoval');

export const MeterReplacement = z
  .strictObject({
    date: CalendarDay.optional().openapi({ description: "The day of the replacement (default: today in the manager's time zone); not in the future" }),
    lastReading: MeterValue.openapi({ description: "The old meter's last reading, stored as the manager's reading for the month of `date`" }),
    newMeter: z.strictObject({
      externalRef: ExternalRef,
      serialNumber: text(64),
      initialValue: MeterValue.openapi({ description: "The new meter's reading when installed" }),
      location: z.string().trim().max(100).optional(),
      unit: z.string().trim().min(1).max(16).optional(),
      decimals: z.number().int().min(0).max(6).optional(),
      verificationDue: CalendarDay.nullable().optional(),
    }),
  })
  .openapi('MeterReplacement');

export const VerificationInput = z.strictObject({ verificationDue: CalendarDay.nullable() }).openapi('MeterVerification');

export const UpsertResultField = z.enum(['created', 'updated', 'unchanged']);

export const upserted = <T extends z.ZodType>(item: T) => z.object({ item, result: UpsertResultField });
