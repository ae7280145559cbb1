/**
 * @module Latvian texts of the live password rules (password-rule-list.ts), the source of their
 * keys. Apart from the core's texts: only the forms that set a password show them.
 */
import type { Dictionary } from '../../i18n/messages.ts';

export const lv = {
  password: {
    rulesHeading: 'Parolei jāatbilst prasībām:',
    length: 'no {min} līdz {max} rakstzīmēm',
    contains_email: 'nesatur Jūsu e-pasta adresi',
    common: 'nav pārāk vienkārša vai bieži lietota',
    same_as_current: 'atšķiras no pašreizējās paroles',
    match: 'abas jaunās paroles sakrīt',
  },
} as const satisfies Dictionary;

type PasswordRuleMessages = typeof lv;
declare module '../../i18n/messages.ts' {
  interface MessageCatalog extends PasswordRuleMessages {}
}
