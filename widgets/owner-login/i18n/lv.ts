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
    changeHeading: 'Nomainiet paroli',
    changeIntro:
      'Pirms turpināt, izvēlieties jaunu paroli. Obligāti pierakstiet jauno paroli un saglabājiet to drošā vietā!',
    currentPassword: 'Pašreizējā parole',
    newPassword: 'Jaunā parole',
    repeatPassword: 'Jaunā parole vēlreiz',
    changeSubmit: 'Nomainīt paroli',
    changing: 'Notiek paroles maiņa…',
    passwordChanged: 'Parole ir nomainīta.',
    passwordsDiffer: 'Abām jaunajām parolēm jāsakrīt.',
    strongLogin: 'Pieslēgties ar {name}',
  },
} as const satisfies Dictionary;

type OwnerLoginMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends OwnerLoginMessages {}
}
