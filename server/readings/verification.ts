/**
 * @module
 * Meter verification (metroloģiskā verificēšana): a water meter must be re-verified by a date; past
 * it the meter's readings have no legal weight, so it accepts none (`meter_verification_expired`)
 * until the manager records a new date. Before that, within a tenant-set number of days (default
 * 60), residents are reminded so they can book the replacement in time.
 */
import { type CivilDate, daysBetween, parseDate } from './civil-time.ts';

export type VerificationStatus = 'unknown' | 'valid' | 'due_soon' | 'expired';

export function verificationStatus(due: string | null, today: CivilDate, reminderDays: number): VerificationStatus {
  const dueDate = due ? parseDate(due) : undefined;
  if (!dueDate) return 'unknown';
  const daysLeft = daysBetween(today, dueDate);
  // The due date itself is still a valid day for the meter.
  if (daysLeft < 0) return 'expired';
  return daysLeft <= reminderDays ? 'due_soon' : 'valid';
}

/** A meter removed on or before today accepts nothing; one removed later still works until then. */
export function isRemoved(removedAt: string | null, today: CivilDate): boolean {
  const removed = removedAt ? parseDate(removedAt) : undefined;
  return removed !== undefined && daysBetween(removed, today) >= 0;
}
