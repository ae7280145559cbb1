/**
 * @module
 * The email that tells a resident the manager has answered, in the resident's language. It names
 * the thread and links to the manager's page; the reply itself is read there, after login, so a
 * forwarded or intercepted mail carries no conversation.
 */
import type { Tenant } from '../db/types.ts';
import { renderEmail, tenantPageUrl, type Language } from '../mail/layout.ts';
import type { EmailMessage } from '../mail/outbox.ts';

const TEXTS: Record<Language, { subject: (s: string) => string; heading: string; paragraph: (s: string) => string; action: string; footer: string }> = {
  lv: {
    subject: (s) => `Atbilde uz Jūsu jautājumu: ${s}`,
    heading: 'Jums ir atbilde',
    paragraph: (s) => `Pārvaldnieks ir atbildējis uz Jūsu jautājumu “${s}”. Atbildi varat izlasīt sadaļā “Saziņa”.`,
    action: 'Atvērt saziņu',
    footer: 'Šo vēstuli saņēmāt, jo jautājumā izvēlējāties saņemt paziņojumu par atbildi uz e-pastu.',
  },
  en: {
    subject: (s) => `Reply to your question: ${s}`,
    heading: 'You have a reply',
    paragraph: (s) => `The manager has replied to your question “${s}”. You can read the reply under “Contact”.`,
    action: 'Open the conversation',
    footer: 'You received this email because you asked to be told by email when your question is answered.',
  },
  ru: {
    subject: (s) => `Ответ на ваш вопрос: ${s}`,
    heading: 'Вам ответили',
    paragraph: (s) => `Управляющий ответил на ваш вопрос «${s}». Ответ можно прочитать в разделе «Saziņa» («Связь»).`,
    action: 'Открыть переписку',
    footer: 'Вы получили это письмо, потому что попросили сообщить по электронной почте об ответе на вопрос.',
  },
};

export function managerReplyEmail(
  tenant: Pick<Tenant, 'name' | 'settings'>,
  recipient: { email: string; language: Language },
  thread: { id: string; subject: string },
): EmailMessage {
  const texts = TEXTS[recipient.language] ?? TEXTS.lv;
  const { html, text } = renderEmail(tenant, {
    heading: texts.heading,
    paragraphs: [texts.paragraph(thread.subject)],
    action: { label: texts.action, url: tenantPageUrl(tenant, { thread: thread.id }) },
    footer: texts.footer,
  });
  return { to: recipient.email, subject: texts.subject(thread.subject), text, html, template: 'manager_reply' };
}
