/**
 * @module
 * Every account email, built from one language's texts (texts/lv.ts, en.ts, ru.ts) and the shared
 * layout (layout.ts: the tenant's name and colour, HTML and plain text). The language is the
 * recipient's `users.language`; for someone who has no account yet, the language the widget was
 * showing. Links go to the manager's page that embeds the widgets, with the token and the flow in
 * the fragment (`#token=…&flow=reset`), which the browser never sends to any server.
 */
import type { Tenant } from '../db/types.ts';
import { renderEmail, tenantPageUrl, type EmailContent, type Language } from './layout.ts';
import type { EmailMessage } from './outbox.ts';
import { en } from './texts/en.ts';
import { lv } from './texts/lv.ts';
import { ru } from './texts/ru.ts';
import type { MailBlock, MailTexts } from './texts/types.ts';

export const MAIL_TEXTS: Record<Language, MailTexts> = { lv, en, ru };

export type MailTenant = Pick<Tenant, 'name' | 'settings'>;

export interface Recipient {
  email: string;
  name?: string | null;
  language: Language;
}

/** The fragment's `flow` tells the widgets on the page which link this is. */
export type LinkFlow = 'register' | 'reset' | 'email' | 'unsubscribe';

export function textsFor(language: string | null | undefined): MailTexts {
  return MAIL_TEXTS[(language ?? 'lv') as Language] ?? lv;
}

export function composeEmail(
  tenant: MailTenant,
  recipient: Recipient,
  template: string,
  block: MailBlock,
  options: { actionUrl?: string; footerLink?: EmailContent['footerLink']; footer?: string; headers?: Record<string, string> } = {},
): EmailMessage {
  const texts = textsFor(recipient.language);
  const content: EmailContent = {
    heading: block.heading,
    paragraphs: [texts.greeting((recipient.name ?? '').trim()), ...block.paragraphs],
    ...(block.action && options.actionUrl ? { action: { label: block.action, url: options.actionUrl } } : {}),
    ...(options.footer ?? block.footer ? { footer: options.footer ?? block.footer } : {}),
    ...(options.footerLink ? { footerLink: options.footerLink } : {}),
  };
  const { html, text } = renderEmail(tenant, content);
  return { to: recipient.email, subject: block.subject, text, html, template, ...(options.headers ? { headers: options.headers } : {}) };
}

const link = (tenant: MailTenant, flow: LinkFlow, token: string) => tenantPageUrl(tenant, { token, flow });

export const registrationConfirmEmail = (tenant: MailTenant, to: Recipient, token: string) =>
  composeEmail(tenant, to, 'register_confirm', textsFor(to.language).registerConfirm({ tenant: tenant.name }), {
    actionUrl: link(tenant, 'register', token),
  });

export const alreadyRegisteredEmail = (tenant: MailTenant, to: Recipient) =>
  composeEmail(tenant, to, 'register_existing', textsFor(to.language).alreadyRegistered({ tenant: tenant.name }), {
    actionUrl: tenantPageUrl(tenant, {}),
  });

export const passwordResetEmail = (tenant: MailTenant, to: Recipient, token: string) =>
  composeEmail(tenant, to, 'password_reset', textsFor(to.language).passwordReset({ tenant: tenant.name }), {
    actionUrl: link(tenant, 'reset', token),
  });

export const passwordChangedEmail = (tenant: MailTenant, to: Recipient) =>
  composeEmail(tenant, to, 'password_changed', textsFor(to.language).passwordChanged({ tenant: tenant.name }), {
    actionUrl: tenantPageUrl(tenant, {}),
  });

export const emailChangeConfirmEmail = (tenant: MailTenant, to: Recipient, token: string) =>
  composeEmail(tenant, to, 'email_change_confirm', textsFor(to.language).emailChangeConfirm({ tenant: tenant.name }), {
    actionUrl: link(tenant, 'email', token),
  });

export const emailChangeNoticeEmail = (tenant: MailTenant, to: Recipient, newEmail: string) =>
  composeEmail(tenant, to, 'email_change_notice', textsFor(to.language).emailChangeNotice({ tenant: tenant.name, newEmail: maskEmail(newEmail) }));

/** A date as people read it in every language of the texts: '2026-05-30' → '30.05.2026'. */
export const peopleDate = (isoDate: string) => isoDate.slice(0, 10).split('-').reverse().join('.');

/** `nina@example.lv` → `n***@example.lv`: enough for the owner to recognise, not to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
