/**
 * @module
 * The invitation email in Latvian, English and Russian. Wording follows what Latvian residents
 * know from Latvijas Gāze ("papildu lietotājs", "rēķinu apskate", "skaitītāja rādījumu
 * ziņošana"). The link carries its token in the URL fragment as every Doorstep email link does
 * (`#token=…&flow=invitation`, see tenantPageUrl), so it never reaches a web server's log.
 */
import type { Right, Tenant } from '../db/types.ts';
import type { EmailMessage } from '../mail/outbox.ts';
import { renderEmail, tenantPageUrl, type Language } from '../mail/layout.ts';

interface InvitationTexts {
  locale: string;
  subject(tenant: string): string;
  heading: string;
  intro(inviter: string, addresses: string): string;
  rights(list: string): string;
  right: Record<Right, string>;
  validity(until: string): string;
  action: string;
  footer: string;
}

const TEXTS: Record<Language, InvitationTexts> = {
  lv: {
    locale: 'lv-LV',
    subject: (tenant) => `Uzaicinājums uz ${tenant} klientu portālu`,
    heading: 'Jūs esat pievienots kā papildu lietotājs',
    intro: (inviter, addresses) => `${inviter} Jūs ir pievienojis kā papildu lietotāju adresei: ${addresses}.`,
    rights: (list) => `Jums būs pieejama ${list}.`,
    right: { invoices: 'rēķinu apskate', readings: 'skaitītāju rādījumu ziņošana' },
    validity: (until) => `Saite ir derīga līdz ${until}, un to var izmantot vienu reizi.`,
    action: 'Pieņemt uzaicinājumu',
    footer: 'Ja šo vēstuli negaidījāt, neņemiet to vērā: bez uzaicinājuma pieņemšanas nekas netiks mainīts.',
  },
  en: {
    locale: 'en-GB',
    subject: (tenant) => `Invitation to the ${tenant} resident portal`,
    heading: 'You have been added as a household user',
    intro: (inviter, addresses) => `${inviter} has added you as a household user of: ${addresses}.`,
    rights: (list) => `You will be able to use ${list}.`,
    right: { invoices: 'invoices', readings: 'meter readings' },
    validity: (until) => `The link is valid until ${until} and can be used once.`,
    action: 'Accept the invitation',
    footer: 'If you did not expect this message, ignore it: nothing changes unless the invitation is accepted.',
  },
  ru: {
    locale: 'ru-RU',
    subject: (tenant) => `Приглашение на портал клиентов ${tenant}`,
    heading: 'Вас добавили как дополнительного пользователя',
    intro: (inviter, addresses) => `${inviter} добавил(а) вас как дополнительного пользователя по адресу: ${addresses}.`,
    rights: (list) => `Вам будет доступно: ${list}.`,
    right: { invoices: 'просмотр счетов', readings: 'передача показаний счётчиков' },
    validity: (until) => `Ссылка действительна до ${until}, и ею можно воспользоваться один раз.`,
    action: 'Принять приглашение',
    footer: 'Если вы не ждали этого письма, просто не обращайте на него внимания: без принятия приглашения ничего не изменится.',
  },
};

export interface InvitationEmailInput {
  tenant: Pick<Tenant, 'name' | 'settings' | 'time_zone'>;
  to: string;
  language: Language;
  inviterName: string;
  addresses: string[];
  rights: Right[];
  token: string;
  expiresAt: Date;
}

/** When an emailed link stops working, as the reader's clock in the manager's zone shows it. */
export function formatLinkExpiry(expiresAt: Date, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(expiresAt);
}

export function invitationEmail(input: InvitationEmailInput): EmailMessage {
  const t = TEXTS[input.language];
  const until = formatLinkExpiry(input.expiresAt, t.locale, input.tenant.time_zone);
  const list = new Intl.ListFormat(t.locale, { type: 'conjunction' }).format(input.rights.map((r) => t.right[r]));
  const { html, text } = renderEmail(input.tenant, {
    heading: t.heading,
    paragraphs: [t.intro(input.inviterName, input.addresses.join('; ')), t.rights(list), t.validity(until)],
    action: { label: t.action, url: tenantPageUrl(input.tenant, { token: input.token, flow: 'invitation' }) },
    footer: t.footer,
  });
  return { to: input.to, subject: t.subject(input.tenant.name), text, html, template: 'invitation' };
}
