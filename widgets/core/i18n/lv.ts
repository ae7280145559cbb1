/**
 * @module
 * Latvian texts of the core: words every widget uses, every API error code, the password rules.
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
    tryAgainAt: 'Mēģiniet vēlreiz pēc plkst. {time}.',
    tryAgainOn: 'Mēģiniet vēlreiz {date} pēc plkst. {time}.',
    tryAgainIn: {
      zero: 'Mēģiniet vēlreiz pēc {count} minūtēm.',
      one: 'Mēģiniet vēlreiz pēc {count} minūtes.',
      other: 'Mēģiniet vēlreiz pēc {count} minūtēm.',
    },
    ruleMet: 'izpildīts',
    ruleNotMet: 'nav izpildīts',
    showPassword: 'Rādīt paroli',
  },
  error: {
    validation_failed: 'Lūdzu, pārbaudiet ievadītos datus.',
    invalid_credentials: 'Nepareizs e-pasts vai parole.',
    locked_out: 'Pārāk daudz neveiksmīgu mēģinājumu, pieslēgšanās uz laiku ir bloķēta.',
    rate_limited: 'Pārāk daudz pieprasījumu. Lūdzu, nedaudz uzgaidiet.',
    invalid_refresh_token: 'Sesija ir beigusies. Lūdzu, pieslēdzieties vēlreiz.',
    current_password_incorrect: 'Pašreizējā parole nav pareiza.',
    password_rejected: 'Jaunā parole neatbilst drošības prasībām.',
    password_change_required: 'Pirms turpināt, nomainiet paroli.',
    unauthorized: 'Lūdzu, pieslēdzieties.',
    forbidden: 'Jums nav tiesību veikt šo darbību.',
    not_found: 'Meklētais nav atrasts.',
    tenant_not_found: 'Apsaimniekotājs nav atrasts. Pārbaudiet portāla iestatījumus.',
    internal_error: 'Radās kļūda. Lūdzu, mēģiniet vēlāk.',
    oidc_cancelled: 'Pieslēgšanās tika pārtraukta.',
    oidc_login_failed: 'Pieslēgties neizdevās. Lūdzu, mēģiniet vēlreiz.',
    oidc_provider_unavailable: 'Pieslēgšanās pakalpojums pašlaik nav pieejams. Lūdzu, mēģiniet vēlāk.',
    oidc_state_invalid: 'Pieslēgšanās laiks ir beidzies. Lūdzu, mēģiniet vēlreiz.',
    oidc_code_invalid: 'Pieslēgšanās laiks ir beidzies. Lūdzu, mēģiniet vēlreiz.',
    personal_code_not_found: 'Jūsu personas kods nav atrasts mūsu klientu sarakstā. Lūdzu, sazinieties ar apsaimniekotāju.',
    personal_code_missing: 'Pieslēgšanās pakalpojums nenodeva personas kodu.',
    popup_blocked: 'Pārlūks neatļāva atvērt pieslēgšanās logu. Atļaujiet uznirstošos logus un mēģiniet vēlreiz.',
    network_error: 'Neizdevās sazināties ar serveri. Pārbaudiet interneta savienojumu un mēģiniet vēlreiz.',
    unknown: 'Radās neparedzēta kļūda. Lūdzu, mēģiniet vēlāk.',
  },
  password: {
    rulesHeading: 'Parolei jāatbilst prasībām:',
    length: 'no {min} līdz {max} rakstzīmēm',
    contains_email: 'nesatur Jūsu e-pasta adresi',
    common: 'nav pārāk vienkārša vai bieži lietota',
    same_as_current: 'atšķiras no pašreizējās paroles',
    match: 'abas jaunās paroles sakrīt',
  },
} as const satisfies Dictionary;

type CoreMessages = typeof lv;
declare module './messages.ts' {
  interface MessageCatalog extends CoreMessages {}
}
