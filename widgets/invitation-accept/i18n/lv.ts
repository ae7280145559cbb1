/** @module Latvian texts of `<invitation-accept>`, the source of its keys. */
import type { Dictionary } from '../../core/i18n/messages.ts';

export const lv = {
  'invitation-accept': {
    heading: 'Uzaicinājums',
    offer: '{inviter} Jūs ir pievienojis kā papildu lietotāju adresei: {addresses}.',
    rights: 'Jums būs pieejama {rights}.',
    invoices: 'rēķinu apskate',
    readings: 'skaitītāju rādījumu ziņošana',
    validUntil: 'Uzaicinājums derīgs līdz {date}.',
    existing: 'Jums jau ir konts ar e-pastu {email}. Pieņemot uzaicinājumu, adrese tiks pievienota šim kontam; parole nemainīsies.',
    createIntro: 'Izveidojiet paroli kontam {email}. Ar šo e-pastu un paroli turpmāk pieslēgsieties portālam.',
    name: 'Vārds, uzvārds',
    newPassword: 'Parole',
    repeatPassword: 'Parole vēlreiz',
    passwordsDiffer: 'Abām parolēm jāsakrīt.',
    accept: 'Pieņemt uzaicinājumu',
    create: 'Izveidot kontu un pieņemt',
    accepting: 'Notiek…',
    created: 'Uzaicinājums pieņemts. Jūs esat pieslēdzies.',
    linked: 'Uzaicinājums pieņemts: adrese pievienota Jūsu kontam. Pieslēdzieties ar savu paroli.',
    invitation_not_found: 'Šī uzaicinājuma saite nav derīga. Iespējams, uzaicinājums ir atsaukts vai nosūtīts jauns.',
    invitation_used: 'Šis uzaicinājums jau ir pieņemts. Pieslēdzieties ar savu e-pastu un paroli.',
    invitation_expired: 'Uzaicinājuma derīguma termiņš ir beidzies. Lūdziet, lai Jums nosūta jaunu.',
    invitation_withdrawn: 'Uzaicinātājs vairs nevar piešķirt piekļuvi šai adresei.',
    account_disabled: 'Šis konts ir bloķēts. Sazinieties ar apsaimniekotāju.',
    invitation_conflict: 'Neizdevās pieņemt uzaicinājumu. Lūdzu, mēģiniet vēlreiz.',
  },
} as const satisfies Dictionary;

type InvitationAcceptMessages = typeof lv;
declare module '../../core/i18n/messages.ts' {
  interface MessageCatalog extends InvitationAcceptMessages {}
}
