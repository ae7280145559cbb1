/**
 * @module
 * Latvian texts of every API error code (`error.<code>`), and when a locked-out or rate-limited
 * login may try again (`retry.*`, shown only with such an error). Not part of any element's first load:
 * fetched when an error is about to be shown (the API client waits for them before it rejects) or
 * when the browser is idle, only in the languages the page uses (messages.ts, `loadErrorTexts`).
 */
import type { Dictionary } from '../messages.ts';

export const lv = {
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
  // When a locked-out or rate-limited login may try again: shown only after such an error.
  retry: {
    at: 'Mēģiniet vēlreiz pēc plkst. {time}.',
    on: 'Mēģiniet vēlreiz {date} pēc plkst. {time}.',
    in: {
      zero: 'Mēģiniet vēlreiz pēc {count} minūtēm.',
      one: 'Mēģiniet vēlreiz pēc {count} minūtes.',
      other: 'Mēģiniet vēlreiz pēc {count} minūtēm.',
    },
  },
} as const satisfies Dictionary;

type ErrorMessages = typeof lv;
declare module '../messages.ts' {
  interface MessageCatalog extends ErrorMessages {}
}
