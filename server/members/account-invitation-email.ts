/**
 * @module
 * The email a resident gets when the manager opens a portal account for them (POST
 * /admin/users with `signIn: "invitation"`), in Latvian, English and Russian. Its link is the
 * same `#token=…&flow=invitation` link a household invitation carries, so the manager's page
 * opens the same `<invitation-accept>` element, where the resident chooses a password.
 */
import { formatLinkExpiry } from './invitation-email.ts';
import type { Tenant } from '../db/types.ts';
import type { EmailMessage } from '../mail/outbox.ts';
import { renderEmail, tenantPageUrl, type Language } from '../mail/layout.ts';

interface AccountInvitationTexts {
  locale: string;
  subject(tenant: string): string;
  heading: string;
  intro(tenant: string, email: string): string;
  addresses(list: string): string;
  choosePassword: string;
  validity(until: string): string;
  action: string;
  footer: string;
}

const TEXTS: Record<Language, AccountInvitationTexts> = {
  lv: {
    locale: 'lv-LV',
    subject: (tenant) => `Piekļuve ${tenant} klientu portālam`,
    heading: 'Jums ir izveidots klientu portāla konts',
    intro: (tenant, email) => `${tenant} Jums ir izveidojis kontu klientu portālā ar e-pasta adresi ${email}.`,
    addresses: (list) => `Portālā būs redzamas adreses: ${list}.`,
    choosePassword: 'Lai sāktu lietot portālu, izvēlieties paroli.',
    validity: (until) => `Saite ir derīga līdz ${until}, un to var izmantot vienu reizi.`,
    action: 'Izvēlēties paroli',
    footer: 'Ja šo vēstuli negaidījāt, neņemiet to vērā: bez paroles izvēles kontu nevar izmantot.',
  },
  en: {
    locale: 'en-GB',
    subject: (tenant) => `Your access to the ${tenant} resident portal`,
    heading: 'A resident portal account has been opened for you',
    intro: (tenant, email) => `${tenant} has opened a resident portal account for you with the email address ${email}.`,
    addresses: (list) => `In the portal you will see: ${list}.`,
    choosePassword: 'Choose a password to start using the portal.',
    validity: (until) => `The link is valid until ${until} and can be used once.`,
    action: 'Choose a password',
    footer: 'If you did not expect this message, ignore it: the account cannot be used until a password is chosen.',
  },
  ru: {
    locale: 'ru-RU',
    subject: (tenant) => `Доступ к порталу клиентов ${tenant}`,
    heading: 'Для вас открыта учётная запись на портале клиентов',
    intro: (tenant, email) => `${tenant} открыл(а) для вас учётную запись на портале клиентов с адресом электронной почты ${email}.`,
    addresses: (list) => `На портале будут видны адреса: ${list}.`,
    choosePassword: 'Чтобы начать пользоваться порталом, выберите пароль.',
    validity: (until) => `Ссылка действительна до ${until}, и ею можно воспользоваться один раз.`,
    action: 'Выбрать пароль',
    footer: 'Если вы не ждали этого письма, просто не обращайте на него внимания: без выбора пароля учётной записью нельзя пользоваться.',
  },
};

export interface AccountInvitationEmailInput {
  tenant: Pick<Tenant, 'name' | 'settings' | 'time_zone'>;
  to: string;
  language: Language;
  /** The premises the account reaches already (may be none yet). */
  addresses: string[];
  token: string;
  expiresAt: Date;
}

export function accountInvitationEmail(input: AccountInvitationEmailInput): EmailMessage {
  const t = TEXTS[input.language];
  const until = formatLinkExpiry(input.expiresAt, t.locale, input.tenant.time_zone);
  const paragraphs = [t.intro(input.tenant.name, input.to)];
  if (input.addresses.length > 0) paragraphs.push(t.addresses(input.addresses.join('; ')));
  paragraphs.push(t.choosePassword, t.validity(until));
  const { html, text } = renderEmail(input.tenant, {
    heading: t.heading,
    paragraphs,
    action: { label: t.action, url: tenantPageUrl(input.tenant, { token: input.token, flow: 'invitation' }) },
    footer: t.footer,
  });
  return { to: input.to, subject: t.subject(input.tenant.name), text, html, template: 'account_invitation' };
}
