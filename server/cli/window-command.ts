/**
 * @module
 * `doorstep window extend --until …` takes what a person types: a date means "to the end of that
 * day" in the tenant's own time zone (Riga's, not the laptop's), an ISO time is taken as it is.
 */
import { addDays, parseDate, startOfDay } from '../readings/civil-time.ts';
import { call, CliApiError, type Connection } from './api-client.ts';

export async function closesAtFor(connection: Connection, tenant: string, until: string): Promise<string> {
  const date = parseDate(until);
  if (!date) {
    if (Number.isNaN(Date.parse(until)) || !/[T ]\d{2}:\d{2}/.test(until)) {
      throw new CliApiError(0, 'invalid_until', `--until is a date (2026-06-03) or an ISO time (2026-06-03T23:59:59+03:00), not "${until}".`, null);
    }
    return new Date(until).toISOString();
  }
  const { settings } = await call<{ settings: { timeZone: string } }>(connection, 'GET', `/v1/${tenant}/admin/settings`);
  // The window ends when the next day begins there.
  return startOfDay(addDays(date, 1), settings.timeZone).toISOString();
}
