/**
 * @module
 * The list in a reading reminder, one line per premise: "Malkalnes prospekts 3-111: Aukstais
 * ūdens (nr. 12345, vannas istaba), …". Shared by the three languages; only the meter names differ.
 */
import type { ReminderPremise } from './types.ts';

export function premiseLines(premises: readonly ReminderPremise[], kinds: Record<string, string>): string[] {
  return premises.map((premise) => {
    const meters = premise.meters.map((m) => `${kinds[m.kind] ?? m.kind} (${[`nr. ${m.serialNumber}`, m.location].filter(Boolean).join(', ')})`);
    return `${premise.label}: ${meters.join('; ')}`;
  });
}
