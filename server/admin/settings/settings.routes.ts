/**
 * @module
 * The manager's own settings: `GET /v1/{tenant}/admin/settings` (any key) and
 * `PATCH /v1/{tenant}/admin/settings` (a `write` key; staff only as `admin`). What the residents'
 * side does with each value is in tenant-settings.ts; the checks here are the ones a manager
 * needs told at once rather than discovered by a resident: origins as exact
 * `https://host[:port]`, an IANA time zone, a window rule of a known kind, an IBAN whose
 * ISO 13616 mod-97 check holds, a BIC of the SWIFT shape.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonBody, adminSecurity } from '../../http/openapi.ts';
import { normalizeIban } from '../../invoices/epc-qr.ts';
import { BankSettings } from '../../invoices/payment-details.ts';
import { PlausibilityFactor, VerificationReminderDays } from '../../readings/reading-settings.ts';
import { AllowedOrigins, TimeZone, WindowRule } from '../../tenancy/tenant-fields.ts';
import { adminAction } from '../admin-caller.ts';

/** Spaces and lower case are fine ("lv80 bank 0000 …"); it is stored compact, in capitals. */
export const Iban = z
  .string()
  .max(64)
  .transform((text, ctx) => {
    const iban = normalizeIban(text);
    if (!iban) ctx.addIssue({ code: 'custom', message: 'not an IBAN, or its check digits are wrong', params: { code: 'invalid_iban' } });
    return iban ?? text;
  })
  .openapi({ example: 'LV80BANK0000435195001' });

export const Bic = z
  .string()
  .max(20)
  .transform((text, ctx) => {
    const bic = text.replace(/\s+/g, '').toUpperCase();
    if (bic && !/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) ctx.addIssue({ code: 'custom', message: 'a BIC is 8 or 11 letters and digits', params: { code: 'invalid_bic' } });
    return bic;
  })
  .openapi({ example: 'HABALV22' });

const { recipient, registrationNumber, bankName } = BankSettings.shape;

export const BankDetailsInput = z
  .strictObject({
    // The limits of settings.bank as the invoices read it (the recipient fits an EPC QR code).
    recipient: recipient.describe('Who is paid, as the bank shows it (at most 70 characters)'),
    registrationNumber: registrationNumber.nullable(),
    iban: Iban,
    bankName: bankName.nullable(),
    bic: Bic.nullable().optional(),
  })
  .openapi('BankDetailsInput');

const BankDetailsView = z
  .object({
    recipient: z.string(),
    registrationNumber: z.string().nullable(),
    iban: z.string(),
    bankName: z.string().nullable(),
    bic: z.string().nullable(),
  })
  .openapi('BankDetails');

export const TenantSettings = z
  .object({
    slug: z.string(),
    name: z.string(),
    timeZone: z.string(),
    allowedOrigins: z.array(z.string()),
    windowRule: WindowRule,
    plausibilityFactor: z.number().openapi({ description: 'A consumption above this many times the recent average needs the resident to confirm it' }),
    verificationReminderDays: z.number().int().openapi({ description: "Residents are reminded this many days before a meter's verification date" }),
    lastDayReminderHour: z.number().int().openapi({ description: "The local hour of the window's last day at which residents who still owe readings are reminded (default 10)" }),
    bank: BankDetailsView.nullable().openapi({ description: 'Payment details shown with every unpaid invoice (and its EPC QR code); null: none' }),
  })
  .openapi('TenantSettings');

export const SettingsChanges = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    timeZone: TimeZone.optional(),
    allowedOrigins: AllowedOrigins.optional(),
    windowRule: WindowRule.optional(),
    plausibilityFactor: PlausibilityFactor.optional().openapi({ example: 3 }),
    verificationReminderDays: VerificationReminderDays.optional().openapi({ example: 60 }),
    lastDayReminderHour: z.number().int().min(0).max(23).optional().openapi({ example: 10 }),
    bank: BankDetailsInput.nullable().optional().openapi({ description: 'The payment details as a whole (replaced, not merged); null removes them' }),
  })
  .openapi('TenantSettingsChanges');

const SettingsAnswer = z
  .object({
    settings: TenantSettings,
    result: z.enum(['updated', 'unchanged']),
    changed: z.array(z.string()).openapi({ description: 'The fields whose value really changed' }),
  })
  .openapi('TenantSettingsAnswer');

export const getSettingsRoute = createRoute({
  method: 'get',
  path: '/settings',
  tags: ['admin: settings'],
  summary: "The manager's settings: name, time zone, origins, reading window, reading checks, payment details",
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  responses: {
    200: { description: 'The settings as the residents’ side uses them now', content: { 'application/json': { schema: z.object({ settings: TenantSettings }) } } },
    ...errorResponses(401, 403),
  },
});

export const updateSettingsRoute = createRoute({
  method: 'patch',
  path: '/settings',
  tags: ['admin: settings'],
  summary: 'Change some settings (the fields left out keep their values)',
  security: adminSecurity,
  middleware: [adminAction('settings.write')] as const,
  request: jsonBody(SettingsChanges),
  responses: {
    200: { description: 'The settings as they are now, and what changed', content: { 'application/json': { schema: SettingsAnswer } } },
    ...errorResponses(400, 401, 403),
  },
});

export const PreviewWindow = z
  .object({
    period: z.string().openapi({ example: '2026-05' }),
    opensAt: z.string().openapi({ example: '2026-05-29T21:00:00.000Z' }),
    closesAt: z.string().openapi({ description: 'The first instant after the window', example: '2026-06-01T21:00:00.000Z' }),
    firstDay: z.string().openapi({ description: 'First local day of the window', example: '2026-05-30' }),
    lastDay: z.string().openapi({ description: 'Last local day of the window', example: '2026-06-01' }),
    source: z.enum(['rule', 'override']).openapi({ description: "override: the manager moved this period's window for the whole tenant" }),
  })
  .openapi('PreviewWindow');

export const WindowPreviewRequest = z
  .strictObject({
    windowRule: WindowRule.optional().openapi({ description: 'The rule to preview; left out, the stored one' }),
    timeZone: TimeZone.optional().openapi({ description: "Left out, the tenant's" }),
    count: z.number().int().min(1).max(24).default(12),
  })
  .openapi('WindowPreviewRequest');

const WindowPreview = z
  .object({
    windowRule: WindowRule,
    timeZone: z.string(),
    windows: z.array(PreviewWindow).openapi({ description: 'The window open now (or the next to open) and the ones after it, one per period' }),
  })
  .openapi('WindowPreview');

export const previewWindowsRoute = createRoute({
  method: 'post',
  path: '/settings/window-preview',
  tags: ['admin: settings'],
  summary: 'The next windows under a reading window rule (the stored one, or one not saved yet): nothing is changed',
  description:
    'Computed by the same rule the residents\' side uses (readings/window.ts), with the tenant-wide moved windows (PUT /reading-windows/{period}) in force. ' +
    'The first window is the one open now, or else the next to open; then one per following period.',
  security: adminSecurity,
  middleware: [adminAction('read')] as const,
  request: jsonBody(WindowPreviewRequest),
  responses: {
    200: { description: 'The windows', content: { 'application/json': { schema: WindowPreview } } },
    ...errorResponses(400, 401, 403),
  },
});
