/**
 * @module
 * Dates and times in the manager's invoices, notices and documents. ISO 8601 as everywhere, and
 * within years 1900–2999: zod's ISO formats accept year 0000, which Postgres refuses (a date out
 * of range would surface as a 500), and no bill or notice of a building manager is dated outside.
 */
import { z } from '@hono/zod-openapi';

const plausibleYear = (text: string) => {
  const year = Number(text.slice(0, 4));
  return year >= 1900 && year <= 2999;
};

/** `YYYY-MM-DD`, a real calendar date. */
export const CalendarDate = z.iso
  .date()
  .refine(plausibleYear, { params: { code: 'out_of_range' } })
  .openapi({ example: '2026-05-08' });

/** An instant with its offset, `2026-05-20T10:00:00Z` or `2026-05-20T13:00:00+03:00`. */
export const Instant = z.iso
  .datetime({ offset: true })
  // zod runs refinements after a failed format check too: an unparsable text is left to that check.
  .refine((text) => Number.isNaN(Date.parse(text)) || plausibleYear(new Date(text).toISOString()), { params: { code: 'out_of_range' } })
  .openapi({ example: '2026-05-20T10:00:00Z' });
