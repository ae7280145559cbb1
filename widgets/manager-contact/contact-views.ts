/**
 * @module
 * The parts of `<manager-contact>` that only render: the conversation and the question/reply form.
 * Every text from the server goes into a text binding or through renderPlainText, never innerHTML.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { formatFileSize } from '../core/file-size.ts';
import { renderPlainText } from '../core/plain-text.ts';
import { ACCEPTED_EXTENSIONS, BODY_MAX, MAX_ATTACHMENT_BYTES, SUBJECT_MAX, type FormErrors } from './contact-form.ts';
import type { ManagerContact } from './manager-contact.ts';

export interface ThreadSummary {
  id: string;
  subject: string;
  status: 'open' | 'answered' | 'closed';
  notifyByEmail: boolean;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
  lastAuthorKind: 'resident' | 'manager' | null;
  createdBy: { name: string; mine: boolean };
}

export interface ThreadMessage {
  id: string;
  authorKind: 'resident' | 'manager';
  authorName: string;
  mine: boolean;
  body: string;
  createdAt: string;
  attachment: { id: string; fileName: string; contentType: string; sizeBytes: number } | null;
}

export interface ThreadDetail {
  thread: ThreadSummary;
  messages: ThreadMessage[];
}

export function renderConversation(host: ManagerContact, detail: ThreadDetail, onDownload: (message: ThreadMessage) => void): TemplateResult {
  const { thread } = detail;
  return html`
    <h3 class="conversation-heading" tabindex="-1">${thread.subject}</h3>
    <p class="thread-meta">
      <span part="status status-${thread.status}" class="status status--${thread.status}">${host.t(`manager-contact.status_${thread.status}`)}</span>
    </p>
    <ol part="conversation" class="conversation" aria-label=${host.t('manager-contact.conversation')}>
      ${detail.messages.map((message) => {
        const at = new Date(message.createdAt);
        const kind = message.authorKind === 'manager' ? 'message-manager' : message.mine ? 'message-mine' : 'message-resident';
        return html`
          <li part="message-item ${kind}" class="message-item ${kind}">
            <p class="message-author">
              <strong>${message.authorName}</strong>${message.mine ? html` (${host.t('manager-contact.you')})` : nothing}
              <span class="message-time">${host.formatDate(at)} ${host.formatTime(at)}</span>
            </p>
            <div class="message-body">${renderPlainText(message.body)}</div>
            ${message.attachment
              ? html`<button part="attachment" class="button button--secondary file" type="button" @click=${() => onDownload(message)}>
                  <span class="visually-hidden">${host.t('manager-contact.download')}:</span>
                  <span>${message.attachment.fileName}</span>
                  <span class="file-size">(${formatFileSize(host.language, message.attachment.sizeBytes)})</span>
                </button>`
              : nothing}
          </li>
        `;
      })}
    </ol>
  `;
}

export interface MessageFormOptions {
  id: string;
  /** A new question has a subject and the email choice; a reply has neither. */
  withSubject: boolean;
  busy: boolean;
  errors: FormErrors;
  onSubmit: (event: SubmitEvent) => void;
}

export function renderMessageForm(host: ManagerContact, options: MessageFormOptions): TemplateResult {
  const { id, errors } = options;
  const error = (field: 'subject' | 'body' | 'file') => html`<p id="${id}-${field}-error" class="field-error">${errors[field] ? host.fieldErrorText(errors[field]!, field) : ''}</p>`;
  return html`
    <form part="form" class="form" novalidate aria-busy=${options.busy ? 'true' : 'false'} @submit=${options.onSubmit}>
      ${options.withSubject
        ? html`<div class="field">
            <label for="${id}-subject">${host.t('manager-contact.subject')}</label>
            <input
              id="${id}-subject"
              name="subject"
              class="input"
              type="text"
              maxlength=${SUBJECT_MAX}
              required
              aria-invalid=${errors.subject ? 'true' : 'false'}
              aria-describedby="${id}-subject-error"
            />
            ${error('subject')}
          </div>`
        : nothing}
      <div class="field">
        <label for="${id}-body">${host.t(options.withSubject ? 'manager-contact.body' : 'manager-contact.reply')}</label>
        <textarea
          id="${id}-body"
          name="body"
          class="input textarea"
          rows="6"
          maxlength=${BODY_MAX}
          required
          aria-invalid=${errors.body ? 'true' : 'false'}
          aria-describedby="${id}-body-error"
        ></textarea>
        ${error('body')}
      </div>
      <div class="field">
        <label for="${id}-file">${host.t('manager-contact.file')}</label>
        <input
          id="${id}-file"
          name="file"
          class="input file-input"
          type="file"
          accept=${ACCEPTED_EXTENSIONS.join(',')}
          aria-invalid=${errors.file ? 'true' : 'false'}
          aria-describedby="${id}-file-error ${id}-file-hint"
        />
        <p id="${id}-file-hint" class="hint">${host.t('manager-contact.fileHint', { size: formatFileSize(host.language, MAX_ATTACHMENT_BYTES) })}</p>
        ${error('file')}
      </div>
      ${options.withSubject
        ? html`<div class="check">
            <input id="${id}-notify" name="notifyByEmail" type="checkbox" checked />
            <label for="${id}-notify">${host.t('manager-contact.notify')}</label>
          </div>`
        : nothing}
      <div class="actions">
        <button class="button" type="submit" aria-disabled=${options.busy ? 'true' : 'false'}>
          ${host.t(options.busy ? 'manager-contact.sending' : 'manager-contact.send')}
        </button>
      </div>
    </form>
  `;
}
