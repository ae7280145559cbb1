/** @module Latvian texts of `<owner-login>`, the source of its keys. */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'owner-login': {
    email: 'E-pasts',
    password: 'Parole',
    remember: 'Atcerēties mani',
    rememberHint: 'Neatzīmējiet, ja lietojat publiski pieejamu datoru, piemēram, bibliotēkā vai darbā.',
    submit: 'Ienākt',
    submitting: 'Notiek pieslēgšanās…',
    forgotPassword: 'Aizmirsi paroli?',
    greeting: 'Sveiki, {name}!',
    logout: 'Iziet',
    passwordChanged: 'Parole ir nomainīta.',
    strongLogin: 'Pieslēgties ar {name}',
  },
} as const satisfies Dictionary;

type OwnerLoginMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends OwnerLoginMessages {}
}
