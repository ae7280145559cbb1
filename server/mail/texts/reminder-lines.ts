/**
 * @module
 * The list in a reading reminder, one line per premise: "Malkalnes prospekts 3-111: Aukstais
 * ūdens (nr. 12345, vannas istaba), …". Shared by the three languages; only the meter names differ.
 */
import type { ReminderPremise, VerificationReminderParams } from './types.ts';

export function premiseLines(premises: readonly ReminderPremise[], kinds: Record<string, string>): string[] {
  return premises.map((premise) => {
    const meters = premise.meters.map((m) => meterName(m, kinds));
    return `${premise.label}: ${meters.join('; ')}`;
  });
}

/** "Malkalnes prospekts 3-111: Aukstais ūdens (nr. 12345, vannas istaba) – 30.07.2026", one line per meter. */
export function verificationLines(meters: VerificationReminderParams['meters'], kinds: Record<string, string>): string[] {
  return meters.map((m) => `${m.premise}: ${meterName(m, kinds)} – ${m.dueDate}`);
}

export const meterName = (m: { kind: string; serialNumber: string; location: string }, kinds: Record<string, string>) =>
  `${kinds[m.kind] ?? m.kind} (${[`nr. ${m.serialNumber}`, m.location].filter(Boolean).join(', ')})`;
