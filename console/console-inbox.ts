/**
 * @module
 * `<console-inbox>`: residents' questions (the admin threads API, server/admin/threads): the list
 * with the unanswered first and longest-waiting first, as the server orders it; a thread with its
 * messages; a reply (the resident gets the email the thread asked for), a reply that closes it,
 * and closing without a reply. The list is a table with a header per column, so a screen reader
 * says which column it is in; each thread opens with a real button.
 *
 * @event console-unanswered - detail: `{count}`, the threads waiting for an answer (the header's badge).
 */
import { html, nothing } from 'lit';
import type { ApiClient } from '../widgets/core/api-client.ts';
import { ConsoleElement } from './console-element.ts';

interface InboxThread {
  id: string;
  subject: string;
  status: 'open' | 'answered' | 'closed';
  premise: { id: string; externalRef: string | null; label: string };
  resident: { id: string; name: string; email: string };
  notifyByEmail: boolean;
  messageCount: number;
  updatedAt: string;
}

interface ThreadDetail {
  thread: InboxThread;
  messages: Array<{ id: string; authorKind: 'resident' | 'manager'; authorName: string; body: string; createdAt: string }>;
}

export class ConsoleInbox extends ConsoleElement {
  static override properties = {
    client: { attribute: false },
    threads: { state: true },
    detail: { state: true },
    status: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare client: ApiClient | undefined;
  declare threads: InboxThread[] | undefined;
  declare detail: ThreadDetail | undefined;
  declare status: string;
  declare error: string;
  declare busy: boolean;
  #lastOpened: string | undefined;

  constructor() {
    super();
    this.status = '';
    this.error = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  async reload(): Promise<void> {
    if (!this.client) return;
    try {
      const page = await this.client.get<{ items: InboxThread[] }>('/admin/threads?limit=100');
      this.threads = page.items;
      const count = page.items.filter((t) => t.status === 'open').length;
      this.dispatchEvent(new CustomEvent('console-unanswered', { detail: { count }, bubbles: true, composed: true }));
    } catch (error) {
      this.error = this.errorText(error);
    }
  }

  override render() {
    return html`${this.detail ? this.#thread(this.detail) : this.#list()}
      <p class="status" role="status" aria-live="polite">${this.status}</p>
      <p class="error" role="alert" aria-live="assertive">${this.error}</p>`;
  }

  #list() {
    const threads = this.threads;
    return html`<h1 id="inbox-heading" tabindex="-1">${this.t('console.inbox')}</h1>
      ${!threads
        ? html`<p>${this.t('console.loading')}</p>`
        : threads.length === 0
          ? html`<p>${this.t('console.inboxEmpty')}</p>`
          : html`<table class="threads">
              <caption>${this.t('console.threadList')}</caption>
              <thead>
                <tr>
                  <th scope="col">${this.t('console.conversation')}</th>
                  <th scope="col">${this.t('console.premise')}</th>
                  <th scope="col">${this.t('console.resident')}</th>
                  <th scope="col">${this.t('console.updated')}</th>
                </tr>
              </thead>
              <tbody>
                ${threads.map(
                  (thread) => html`<tr class=${thread.status}>
                    <th scope="row">
                      <button type="button" class="thread-link" data-thread=${thread.id} @click=${() => this.#open(thread.id)}>${thread.subject}</button>
                      <span class="badge ${thread.status}">${this.t(`console.status_${thread.status}`)}</span>
                    </th>
                    <td>${thread.premise.label}${thread.premise.externalRef ? html`<br /><span class="muted">${this.t('console.account')}: ${thread.premise.externalRef}</span>` : nothing}</td>
                    <td>${thread.resident.name}<br /><span class="muted">${thread.resident.email}</span></td>
                    <td>${this.dateTime(thread.updatedAt)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`}`;
  }

  #thread({ thread, messages }: ThreadDetail) {
    return html`<button type="button" class="link" @click=${this.#back}>${this.t('console.backToInbox')}</button>
      <h1 id="thread-heading" tabindex="-1">${thread.subject}</h1>
      <p>
        <span class="badge ${thread.status}">${this.t(`console.status_${thread.status}`)}</span>
        ${thread.premise.label}${thread.premise.externalRef ? ` · ${this.t('console.account')}: ${thread.premise.externalRef}` : ''} · ${thread.resident.name}
        (${thread.resident.email})
      </p>
      <ol class="messages" aria-label=${this.t('console.conversation')}>
        ${messages.map(
          (m) => html`<li class=${m.authorKind}>
            <p class="meta">${m.authorKind === 'manager' ? this.t('console.manager') : m.authorName} · ${this.dateTime(m.createdAt)}</p>
            <p class="body">${m.body}</p>
          </li>`,
        )}
      </ol>
      ${thread.status === 'closed'
        ? nothing
        : html`<form class="reply" @submit=${this.#reply} novalidate>
            <label for="reply-body">${this.t('console.reply')}</label>
            <textarea id="reply-body" name="body" rows="6" required></textarea>
            <div class="actions">
              <button type="submit" name="close" value="false" ?disabled=${this.busy}>${this.t('console.send')}</button>
              <button type="submit" name="close" value="true" ?disabled=${this.busy}>${this.t('console.sendAndClose')}</button>
              <button type="button" class="secondary" ?disabled=${this.busy} @click=${this.#close}>${this.t('console.close')}</button>
            </div>
          </form>`}`;
  }

  async #open(threadId: string) {
    if (!this.client) return;
    this.error = '';
    this.status = '';
    try {
      this.detail = await this.client.get<ThreadDetail>(`/admin/threads/${encodeURIComponent(threadId)}`);
      this.#lastOpened = threadId;
      await this.updateComplete;
      this.querySelector<HTMLElement>('#thread-heading')?.focus();
    } catch (error) {
      this.error = this.errorText(error);
    }
  }

  async #back() {
    this.detail = undefined;
    await this.reload();
    await this.updateComplete;
    (this.querySelector<HTMLElement>(`[data-thread="${this.#lastOpened}"]`) ?? this.querySelector<HTMLElement>('#inbox-heading'))?.focus();
  }

  async #reply(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const textarea = form.elements.namedItem('body') as HTMLTextAreaElement;
    const close = (event.submitter as HTMLButtonElement | null)?.value === 'true';
    if (!textarea.value.trim()) {
      this.error = this.t('console.required');
      textarea.focus();
      return;
    }
    const body = new FormData();
    body.append('body', textarea.value);
    body.append('close', String(close));
    await this.#write(async (client, threadId) => {
      const answer = await client.post<ThreadDetail & { emailQueued: boolean }>(`/admin/threads/${threadId}/replies`, body);
      this.detail = answer;
      this.status = this.t(answer.emailQueued ? 'console.replySentEmail' : 'console.replySent');
    });
  }

  async #close() {
    await this.#write(async (client, threadId) => {
      this.detail = await client.post<ThreadDetail>(`/admin/threads/${threadId}/close`);
      this.status = this.t('console.closed');
    });
  }

  async #write(work: (client: ApiClient, threadId: string) => Promise<void>) {
    if (!this.client || !this.detail || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await work(this.client, encodeURIComponent(this.detail.thread.id));
      await this.updateComplete;
      this.querySelector<HTMLElement>('#thread-heading')?.focus();
    } catch (error) {
      this.error = this.errorText(error);
    } finally {
      this.busy = false;
    }
  }
}
