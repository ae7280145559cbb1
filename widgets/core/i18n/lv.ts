/**
 * @module
 * Latvian texts of the core: words every widget uses and the password rules (the API's error
 * codes are in errors/lv.ts).
 * Latvian is the default language and the source of keys. Wording follows what residents already
 * know from WebNams and Ludza's e-kabinets.
 */
import type { Dictionary } from './messages.ts';

export const lv = {
  common: {
    loading: 'Ielādē…',
    configMissing: 'Doorstep: nav norādīts API adrese (api) vai apsaimniekotājs (tenant).',
    required: 'Šis lauks ir jāaizpilda.',
    invalidEmail: 'Ievadiet e-pasta adresi, piemēram, vards@example.lv.',
    ruleMet: 'izpildīts',
    ruleNotMet: 'nav izpildīts',
    showPassword: 'Rādīt paroli',
  },
  // The one error text a form shows before it asks the server (a new password breaking the
  // rules); every other error text is in errors/lv.ts, fetched when first needed.
  error: {
    password_rejected: 'Jaunā parole neatbilst drošības prasībām.',
  },
} as const satisfies Dictionary;

// The `error` namespace's type comes from errors/lv.ts, which has every key (this one too).
type CoreMessages = Omit<typeof lv, 'error'>;
declare module './messages.ts' {
  interface MessageCatalog extends CoreMessages {}
}
