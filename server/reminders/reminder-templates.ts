/**
 * @module
 * The reading reminder rendered once per language, with placeholders where each person's message
 * differs, so the database can write thousands of messages in one statement
 * (reminders.repository.ts `queueReminders`) instead of JavaScript rendering each one.
 *
 * A message differs per person in three places only: the greeting's name (or the greeting without
 * a name), the lines listing the premises and meters the person still owes, and the one-click
 * unsubscribe token (in the footer link and the List-Unsubscribe header). The template is made by
 * the very code that renders a single message (reminderEmailWithToken, the language's texts and the
 * shared layout), fed placeholders: so the wording, the layout and the escaping stay in one place,
 * and the database only puts the person's values in (HTML-escaped in the HTML body). The premise
 * lines are built in SQL in the shape of `premiseLines` (texts/reminder-lines.ts) with the
 * language's meter names; a test compares a message made this way with one rendered in
 * JavaScript, character for character.
 */
import type { Tenant } from '../db/types.ts';
import { tenantPageUrl, type Language } from '../mail/layout.ts';
import { MAIL_TEXTS, peopleDate } from '../mail/templates.ts';
import { reminderEmailWithToken } from '../mail/unsubscribe.ts';
import type { DueReminder } from './reminder-schedule.ts';

/** ASCII placeholders: URL-encoding and HTML-escaping leave them as they are. */
export const PLACEHOLDER = { name: 'DoorstepPlaceholderName7Q', lines: 'DoorstepPlaceholderLines7Q', token: 'DoorstepPlaceholderToken7Q' } as const;

export interface ReminderTemplate {
  language: Language;
  /** The variant greeting the person by name (false: the greeting without a name, for an empty name). */
  named: boolean;
  subject: string;
  text_body: string;
  html_body: string;
  /** The headers as JSON text, with the token's placeholder. */
  headers: string;
  /** What goes between two premise lines in each body (two paragraphs' seam). */
  text_separator: string;
  html_separator: string;
}

export interface ReminderTemplates {
  templates: ReminderTemplate[];
  /** Per language, the meter kinds' names (as premiseLines uses them). */
  meterKinds: Record<Language, Record<string, string>>;
}

const FIRST = 'DoorstepPlaceholderFirst7Q';
const SECOND = 'DoorstepPlaceholderSecond7Q';

/** Cuts `<first>: ` … `<second>: ` (two premise lines without meters) into the lines placeholder; answers the seam. */
function linesPlaceholder(body: string): { body: string; separator: string } {
  const start = body.indexOf(`${FIRST}: `);
  const second = body.indexOf(`${SECOND}: `);
  if (start < 0 || second < start) throw new Error('reminder template: the premise lines were not found where expected');
  const separator = body.slice(start + FIRST.length + 2, second);
  return { body: body.slice(0, start) + PLACEHOLDER.lines + body.slice(second + SECOND.length + 2), separator };
}

export function reminderTemplates(tenant: Tenant, reminder: Pick<DueReminder, 'kind' | 'window'>, apiBaseUrl: string): ReminderTemplates {
  const templates: ReminderTemplate[] = [];
  for (const language of Object.keys(MAIL_TEXTS) as Language[]) {
    const texts = MAIL_TEXTS[language];
    const premises = [FIRST, SECOND].map((label) => ({ label, meters: [] }));
    const params = { tenant: tenant.name, firstDay: peopleDate(reminder.window.firstDay), lastDay: peopleDate(reminder.window.lastDay), premises };
    for (const named of [true, false]) {
      const message = reminderEmailWithToken(
        {
          apiBaseUrl,
          tenant,
          recipient: { userId: '', email: '', name: named ? PLACEHOLDER.name : '', language },
          category: 'readingReminders',
          template: `reminder_${reminder.kind}`,
          block: reminder.kind === 'window_open' ? texts.windowOpens(params) : texts.windowLastDay(params),
          actionUrl: tenantPageUrl(tenant, {}),
        },
        PLACEHOLDER.token,
      );
      const text = linesPlaceholder(message.text);
      const html = linesPlaceholder(message.html ?? '');
      templates.push({
        language,
        named,
        subject: message.subject.replace(/[\r\n]+/g, ' ').trim(),
        text_body: text.body,
        html_body: html.body,
        headers: JSON.stringify(message.headers ?? {}),
        text_separator: text.separator,
        html_separator: html.separator,
      });
    }
  }
  const meterKinds = Object.fromEntries((Object.keys(MAIL_TEXTS) as Language[]).map((language) => [language, MAIL_TEXTS[language].meterKinds])) as ReminderTemplates['meterKinds'];
  return { templates, meterKinds };
}
