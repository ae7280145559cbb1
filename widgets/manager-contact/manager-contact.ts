/**
 * @module
 * `<manager-contact>`: contact with the manager for the active address ("Saziņa"). The resident
 * sees the threads with their status, opens one to read the conversation and answer, or asks a
 * new question, with an optional attachment checked for size and type before it is sent. All
 * text is shown as text, never as HTML.
 */
// The session at the first render: only <owner-login> shows something before it arrives.
import '../core/session-store.ts';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { DoorstepElement } from '../core/base-element.ts';
import { saveResponse } from '../core/download.ts';
import { formatFileSize } from '../core/file-size.ts';
import { hasMessage, registerMessages, type MessageKey } from '../core/i18n/messages.ts';
import { PremiseResource } from '../core/premise-resource.ts';
import { shadowControlStyles } from '../core/styles/controls.ts';
import { hostStyles } from '../core/styles/tokens.ts';
import { BODY_MAX, checkFile, checkText, errorsFromServer, MAX_ATTACHMENT_BYTES, SUBJECT_MAX, type FormErrors } from './contact-form.ts';
import { renderConversation, renderMessageForm, type ThreadDetail, type ThreadMessage, type ThreadSummary } from './contact-views.ts';
import { DoorstepMessageSendEvent, DoorstepThreadCreateEvent } from './events.ts';
import { lv } from './i18n/lv.ts';
import { managerContactStyles } from './manager-contact.styles.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

let instanceCount = 0;

type View = { kind: 'list' } | { kind: 'new' } | { kind: 'thread'; id: string; detail?: ThreadDetail };

/**
 * @summary Contact with the manager: the resident's threads with status, the conversation, and a
 * form to ask or answer with an optional attachment.
 *
 * @attr api - Base URL of the Doorstep API; else taken from `<doorstep-config>`.
 * @attr tenant - The property manager's slug; else taken from `<doorstep-config>`.
 * @attr now - Demo mode only: ISO time the server takes as now.
 * @attr lang - `lv` (default), `en` or `ru`; else the closest ancestor's `lang`, else the page's.
 *
 * A link to the host page with `#thread=<id>` (as in the reply email) opens that thread.
 *
 * @event {DoorstepThreadCreateEvent} doorstep-thread-create - A new question was sent. `detail.threadId`.
 * @event {DoorstepMessageSendEvent} doorstep-message-send - An answer was sent. `detail.threadId`, `detail.messageId`.
 *
 * @csspart base - The wrapper of everything shown.
 * @csspart heading - The heading.
 * @csspart new-button - "Jauns jautājums".
 * @csspart thread - A thread in the list (a button).
 * @csspart status - A thread's status label; also `status-open`, `status-answered`, `status-closed`.
 * @csspart conversation - The messages of an open thread.
 * @csspart message-item - One message; also `message-mine`, `message-manager`.
 * @csspart attachment - A download button of an attachment.
 * @csspart form - The question or reply form.
 * @csspart back-button - "Atpakaļ uz jautājumiem".
 * @csspart message - Errors (an `aria-live` alert).
 *
 * @cssproperty --doorstep-color-primary - Buttons and the resident's own messages. Default `#0b57d0`.
 * @cssproperty --doorstep-contact-manager-background - The manager's messages. Default `#f1f3f6`.
 * @cssproperty --doorstep-contact-mine-background - The resident's messages. Default `#e8f0fe`.
 * @cssproperty --doorstep-font-size - Base text size. Default `1.125rem`.
 */
export class ManagerContact extends DoorstepElement {
  static override styles = [hostStyles, shadowControlStyles, managerContactStyles];

  readonly #id = `doorstep-contact-${++instanceCount}`;
  #view: View = { kind: 'list' };
  #error: unknown = null;
  #status = '';
  #busy = false;
  #formErrors: FormErrors = {};
  #focusAfterRender: string | null = null;
  #deepLinkDone = false;
  #premiseId: string | null = null;

  readonly #threads = new PremiseResource<{ threads: ThreadSummary[] }>(this, {
    session: () => this.session,
    action: 'threads.use',
    load: (client, premise, signal) => client.get(`/premises/${encodeURIComponent(premise.id)}/threads`, { signal }),
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Another address (or user): whatever thread was open belongs to the previous one.
    const premiseId = this.session?.activePremiseId ?? null;
    if (premiseId !== this.#premiseId) {
      this.#premiseId = premiseId;
      this.#view = { kind: 'list' };
      this.#formErrors = {};
      this.#error = null;
    }
  }

  protected override render(): TemplateResult {
    const state = this.#threads.state;
    const threads = this.#threads.value?.threads;
    return html`
      <div part="base" class="base" aria-busy=${state === 'loading' || state === 'restoring' || this.#busy ? 'true' : 'false'}>
        <h2 part="heading" class="heading" tabindex="-1">${this.t('manager-contact.heading')}</h2>
        <div part="message" class="message" role="alert" tabindex="-1">${this.#error ? this.#errorText(this.#error) : ''}</div>
        <div class="notice" role="status">${this.#status}</div>
        ${state === 'unconfigured' ? html`<p>${this.t('common.configMissing')}</p>` : nothing}
        ${state === 'restoring' || (state === 'loading' && !threads) ? html`<p>${this.t('common.loading')}</p>` : nothing}
        ${state === 'anonymous' ? html`<p>${this.t('manager-contact.loginFirst')}</p>` : nothing}
        ${state === 'no-address' ? html`<p>${this.t('manager-contact.noAddress')}</p>` : nothing}
        ${state === 'forbidden' ? html`<p class="info">${this.t('manager-contact.forbidden')}</p>` : nothing}
        ${state === 'error' ? html`<p class="message" role="alert">${this.#errorText(this.#threads.error)}</p>` : nothing}
        ${threads ? this.#renderView(threads) : nothing}
      </div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#openDeepLink();
    const target = this.#focusAfterRender;
    if (!target) return;
    this.#focusAfterRender = null;
    this.shadowRoot?.querySelector<HTMLElement>(target)?.focus();
  }

  #renderView(threads: ThreadSummary[]): TemplateResult {
    const view = this.#view;
    if (view.kind === 'new') return this.#renderNew();
    if (view.kind === 'thread') return this.#renderThread(view);
    return html`
      <p class="intro">${this.t('manager-contact.intro')}</p>
      <button part="new-button" class="button new" type="button" @click=${this.#startNew}>${this.t('manager-contact.newThread')}</button>
      <section aria-labelledby="${this.#id}-threads">
        <h3 id="${this.#id}-threads" class="section-heading">${this.t('manager-contact.threadsHeading')}</h3>
        ${threads.length === 0
          ? html`<p>${this.t('manager-contact.empty')}</p>`
          : html`<ul class="threads">
              ${threads.map(
                (thread) => html`<li>
                  <button part="thread" class="thread" type="button" data-thread=${thread.id} @click=${() => this.#openThread(thread.id)}>
                    <span class="thread-subject">${thread.subject}</span>
                    <span class="thread-meta">
                      <span part="status status-${thread.status}" class="status status--${thread.status}">${this.t(`manager-contact.status_${thread.status}`)}</span>
                      <span>${this.t('manager-contact.messages', { count: thread.messageCount })}</span>
                      <span>${this.t('manager-contact.updated', { date: new Date(thread.updatedAt) })}</span>
                    </span>
                  </button>
                </li>`,
              )}
            </ul>`}
      </section>
    `;
  }

  #renderNew(): TemplateResult {
    return html`
      <button part="back-button" class="button button--secondary back" type="button" @click=${this.#backToList}>
        <span aria-hidden="true">←</span> ${this.t('manager-contact.back')}
      </button>
      <h3 class="section-heading">${this.t('manager-contact.newThread')}</h3>
      ${renderMessageForm(this, { id: `${this.#id}-new`, withSubject: true, busy: this.#busy, errors: this.#formErrors, onSubmit: this.#submitNew })}
    `;
  }

  #renderThread(view: Extract<View, { kind: 'thread' }>): TemplateResult {
    const detail = view.detail;
    return html`
      <button part="back-button" class="button button--secondary back" type="button" @click=${this.#backToList}>
        <span aria-hidden="true">←</span> ${this.t('manager-contact.back')}
      </button>
      ${detail
        ? html`
            ${renderConversation(this, detail, (message) => this.#download(detail.thread.id, message))}
            ${detail.thread.status === 'closed'
              ? html`<p class="info">${this.t('manager-contact.closedNote')}</p>`
              : renderMessageForm(this, { id: `${this.#id}-reply`, withSubject: false, busy: this.#busy, errors: this.#formErrors, onSubmit: this.#submitReply })}
          `
        : html`<p>${this.t('common.loading')}</p>`}
    `;
  }

  /** Field error text, with the limits filled in. */
  fieldErrorText(code: string, field?: string): string {
    const size = formatFileSize(this.language, MAX_ATTACHMENT_BYTES);
    return this.t(`manager-contact.${code}` as MessageKey, { size, max: String(field === 'subject' ? SUBJECT_MAX : BODY_MAX) });
  }

  #errorText(error: unknown): string {
    const code = (error as { code?: string }).code ?? '';
    const key = `manager-contact.${code}`;
    return hasMessage(key) ? this.fieldErrorText(code) : this.errorText(error);
  }

  readonly #startNew = (): void => {
    this.#view = { kind: 'new' };
    this.#formErrors = {};
    this.#error = null;
    this.#status = '';
    this.#focusAfterRender = '[name="subject"]';
    this.requestUpdate();
  };

  readonly #backToList = (): void => {
    const from = this.#view.kind === 'thread' ? this.#view.id : null;
    this.#view = { kind: 'list' };
    this.#formErrors = {};
    this.#error = null;
    this.#focusAfterRender = from ? `[data-thread="${CSS.escape(from)}"]` : '[part~="new-button"]';
    this.requestUpdate();
  };

  async #openThread(threadId: string): Promise<void> {
    const client = this.client;
    const premiseId = this.#premiseId;
    if (!client || !premiseId) return;
    this.#view = { kind: 'thread', id: threadId };
    this.#formErrors = {};
    this.#error = null;
    this.#status = '';
    this.requestUpdate();
    try {
      const detail = await client.call('get', '/premises/{premiseId}/threads/{threadId}/messages', { params: { premiseId, threadId } });
      if (this.#view.kind !== 'thread' || this.#view.id !== threadId) return;
      this.#view = { kind: 'thread', id: threadId, detail };
      this.#focusAfterRender = '.conversation-heading';
    } catch (error) {
      this.#showError(error);
      this.#view = { kind: 'list' };
    }
    this.requestUpdate();
  }

  /** Opens the thread a reply email links to (`#thread=<id>`), once. */
  #openDeepLink(): void {
    if (this.#deepLinkDone || this.#threads.state !== 'ready') return;
    this.#deepLinkDone = true;
    const wanted = new URLSearchParams(location.hash.slice(1)).get('thread');
    if (wanted && this.#threads.value?.threads.some((t) => t.id === wanted)) void this.#openThread(wanted);
  }

  readonly #submitNew = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const subject = (form.elements.namedItem('subject') as HTMLInputElement).value;
    const body = (form.elements.namedItem('body') as HTMLTextAreaElement).value;
    const notify = (form.elements.namedItem('notifyByEmail') as HTMLInputElement).checked;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    const errors: FormErrors = { subject: checkText(subject, SUBJECT_MAX), body: checkText(body, BODY_MAX), file: checkFile(file) };
    const data = new FormData();
    data.append('subject', subject);
    data.append('body', body);
    data.append('notifyByEmail', notify ? 'true' : 'false');
    if (file) data.append('file', file);
    const detail = await this.#send(errors, 'threads', data);
    if (!detail) return;
    this.#view = { kind: 'thread', id: detail.thread.id, detail };
    this.#status = this.t('manager-contact.created');
    this.#focusAfterRender = '.conversation-heading';
    this.#threads.reload();
    this.dispatchEvent(new DoorstepThreadCreateEvent(detail.thread.id));
  };

  readonly #submitReply = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this.#view.kind !== 'thread') return;
    const threadId = this.#view.id;
    const form = event.currentTarget as HTMLFormElement;
    const body = (form.elements.namedItem('body') as HTMLTextAreaElement).value;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    const data = new FormData();
    data.append('body', body);
    if (file) data.append('file', file);
    const detail = await this.#send({ body: checkText(body, BODY_MAX), file: checkFile(file) }, `threads/${encodeURIComponent(threadId)}/messages`, data);
    if (!detail) return;
    form.reset();
    this.#view = { kind: 'thread', id: threadId, detail };
    this.#status = this.t('manager-contact.sent');
    this.#threads.reload();
    const last = detail.messages.at(-1);
    if (last) this.dispatchEvent(new DoorstepMessageSendEvent(threadId, last.id));
  };

  /** Checks, then posts the form; the thread as it now stands, or undefined after showing errors. */
  async #send(errors: FormErrors, path: string, data: FormData): Promise<ThreadDetail | undefined> {
    const client = this.client;
    const premiseId = this.#premiseId;
    if (!client || !premiseId || this.#busy) return undefined;
    this.#error = null;
    this.#status = '';
    this.#formErrors = Object.fromEntries(Object.entries(errors).filter(([, code]) => code)) as FormErrors;
    if (this.#showFormErrors()) return undefined;
    this.#busy = true;
    this.requestUpdate();
    try {
      return await client.post<ThreadDetail>(`/premises/${encodeURIComponent(premiseId)}/${path}`, data);
    } catch (error) {
      this.#formErrors = errorsFromServer(error as { code?: string; fields?: Record<string, unknown> });
      if (!this.#showFormErrors()) this.#showError(error);
      return undefined;
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  }

  /**
   * An error about no field (the network, a thread that is gone, a refused download) after the
   * resident did something: shown in the alert, which takes focus, so it is read out and the next
   * Tab starts there. A load error when the widget appears takes no focus: nobody asked yet.
   */
  #showError(error: unknown): void {
    this.#error = error;
    this.#focusAfterRender = '[part="message"]';
    this.requestUpdate();
  }

  /** Renders the field errors and focuses the first field with one; false when there are none. */
  #showFormErrors(): boolean {
    const first = (['subject', 'body', 'file'] as const).find((name) => this.#formErrors[name]);
    if (!first) return false;
    this.#focusAfterRender = `[name="${first}"]`;
    this.requestUpdate();
    return true;
  }

  async #download(threadId: string, message: ThreadMessage): Promise<void> {
    const client = this.client;
    const premiseId = this.#premiseId;
    if (!client || !premiseId || !message.attachment) return;
    this.#error = null;
    try {
      const response = await client.fetch('GET', `/premises/${encodeURIComponent(premiseId)}/threads/${encodeURIComponent(threadId)}/messages/${encodeURIComponent(message.id)}/file`);
      await saveResponse(response, message.attachment.fileName);
    } catch (error) {
      this.#showError(error);
    }
    this.requestUpdate();
  }
}
