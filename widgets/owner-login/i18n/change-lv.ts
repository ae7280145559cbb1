/**
 * @module Latvian texts of `<owner-login>`'s forced password change, the source of their keys.
 * Apart from the login form's texts: they come with password-change.ts, which few residents load.
 */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'owner-login-change': {
    changeHeading: 'Nomainiet paroli',
    changeIntro:
      'Pirms turpināt, izvēlieties jaunu paroli. Obligāti pierakstiet jauno paroli un saglabājiet to drošā vietā!',
    currentPassword: 'Pašreizējā parole',
    newPassword: 'Jaunā parole',
    repeatPassword: 'Jaunā parole vēlreiz',
    changeSubmit: 'Nomainīt paroli',
    changing: 'Notiek paroles maiņa…',
    passwordsDiffer: 'Abām jaunajām parolēm jāsakrīt.',
  },
} as const satisfies Dictionary;

type OwnerLoginChangeMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends OwnerLoginChangeMessages {}
}
