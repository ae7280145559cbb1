/**
 * @module
 * `<notice-feed>`: the manager's notices for the active address ("Paziņojumi"). Urgent ones are
 * pinned on top; unread ones are highlighted yellow in a "new" area, as in Ludza's e-kabinets;
 * opening one shows its full text and attachments and marks it read, after which it sits in the
 * full list. Bodies are the manager's plain text, rendered as text (never as HTML).
 */
// The session at the first render: only <owner-login> shows something before it arrives.
import '../core/session-store.ts';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { DoorstepElement } from '../core/base-element.ts';
import { saveResponse } from '../core/download.ts';
import { formatFileSize } from '../core/file-size.ts';
import { registerMessages } from '../core/i18n/messages.ts';
import { renderPlainText } from '../core/plain-text.ts';
import { PremiseResource } from '../core/premise-resource.ts';
import { shadowControlStyles } from '../core/styles/controls.ts';
import { hostStyles } from '../core/styles/tokens.ts';
import { DoorstepNoticeOpenEvent, DoorstepNoticeReadEvent } from './events.ts';
import { lv } from './i18n/lv.ts';
import { compactSelection, groupNotices, unreadCount, type NoticeFile, type NoticeItem, type NoticeList } from './notice-groups.ts';
import { noticeFeedStyles } from './notice-feed.styles.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

let instanceCount = 0;

/**
 * @summary The manager's notices for the active address: urgent ones pinned, unread ones
 * highlighted with a count badge, full text and attachments on opening.
 *
 * @attr api - Base URL of the Doorstep API; else taken from `<doorstep-config>`.
 * @attr tenant - The property manager's slug; else taken from `<doorstep-config>`.
 * @attr now - Demo mode only: ISO time the server takes as now.
 * @attr lang - `lv` (default), `en` or `ru`; else the closest ancestor's `lang`, else the page's.
 * @attr mode - `full` (default): pinned, new and all notices; `compact`: for a page header, the
 *   unread badge and the latest titles.
 * @attr limit - How many titles the compact mode lists. Default 3.
 *
 * @event {DoorstepNoticeOpenEvent} doorstep-notice-open - A notice was opened. `detail.noticeId`.
 * @event {DoorstepNoticeReadEvent} doorstep-notice-read - A notice was marked read. `detail.noticeId`, `detail.readAt`.
 *
 * @csspart base - The wrapper of everything shown.
 * @csspart heading - The "Paziņojumi" heading.
 * @csspart badge - The unread count.
 * @csspart pinned - The area of pinned urgent notices.
 * @csspart unread - The highlighted area of unread notices.
 * @csspart list - The full list of read notices.
 * @csspart item - A notice's title button; also `item-unread`, `item-urgent`.
 * @csspart detail - An opened notice.
 * @csspart body - An opened notice's text.
 * @csspart attachment - A download button of an attachment.
 * @csspart back-button - "Atpakaļ uz paziņojumiem".
 * @csspart message - Errors (an `aria-live` alert).
 *
 * @cssproperty --doorstep-notice-unread-background - The highlight of unread notices. Default `#fff4b8` (yellow).
 * @cssproperty --doorstep-notice-unread-border - Their edge. Default `#e0b100`.
 * @cssproperty --doorstep-notice-urgent-color - The edge and label of urgent notices; falls back to `--doorstep-color-error`.
 * @cssproperty --doorstep-badge-background - The unread badge; falls back to `--doorstep-color-error`.
 * @cssproperty --doorstep-badge-color - The badge's text. Default `#ffffff`.
 * @cssproperty --doorstep-color-primary - Links and buttons. Default `#0b57d0`.
 * @cssproperty --doorstep-font-size - Base text size. Default `1.125rem`.
 */
export class NoticeFeed extends DoorstepElement {
  static override styles = [hostStyles, shadowControlStyles, noticeFeedStyles];
  static override properties = {
    ...DoorstepElement.properties,
    mode: { type: String, reflect: true },
    limit: { type: Number },
  };

  /** `full` or `compact`. */
  declare mode: 'full' | 'compact';
  /** Titles in compact mode. */
  declare limit: number;

  readonly #id = `doorstep-notices-${++instanceCount}`;
  #openId: string | null = null;
  #focusAfterRender: string | null = null;
  #error: unknown = null;
  #status = '';

  readonly #notices = new PremiseResource<NoticeList>(this, {
    session: () => this.session,
    action: 'notices.view',
    // The manager's version in the widget's language when there is one (else Latvian).
    load: (client, premise, signal) => {
      this.#loadedLanguage = this.language;
      return client.call('get', '/notices', { query: { premise: premise.id }, signal, headers: { 'Accept-Language': this.language } });
    },
  });
  #loadedLanguage: string | undefined;

  readonly #onReadElsewhere = (event: DoorstepNoticeReadEvent) => {
    if (event.composedPath()[0] === this) return;
    this.#markLocally(event.detail.noticeId, event.detail.readAt);
  };

  constructor() {
    super();
    this.mode = 'full';
    this.limit = 3;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.ownerDocument.addEventListener(DoorstepNoticeReadEvent.eventName, this.#onReadElsewhere);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ownerDocument.removeEventListener(DoorstepNoticeReadEvent.eventName, this.#onReadElsewhere);
  }

  /** The unread count shown on the badge. */
  get unreadCount(): number {
    return unreadCount(this.#notices.value?.notices ?? []);
  }

  protected override render(): TemplateResult {
    const state = this.#notices.state;
    const notices = this.#notices.value?.notices;
    const open = this.#openId ? notices?.find((n) => n.id === this.#openId) : undefined;
    return html`
      <div part="base" class="base ${this.mode === 'compact' ? 'compact' : 'full'}" aria-busy=${state === 'loading' || state === 'restoring' ? 'true' : 'false'}>
        <div part="message" class="message" role="alert">${this.#error ? this.errorText(this.#error) : ''}</div>
        <div class="visually-hidden" role="status">${this.#status}</div>
        ${this.#renderHeader(notices)}
        ${state === 'unconfigured' ? html`<p>${this.t('common.configMissing')}</p>` : nothing}
        ${state === 'restoring' || (state === 'loading' && !notices) ? html`<p>${this.t('common.loading')}</p>` : nothing}
        ${state === 'anonymous' ? html`<p>${this.t('notice-feed.loginFirst')}</p>` : nothing}
        ${state === 'no-address' ? html`<p>${this.t('notice-feed.noAddress')}</p>` : nothing}
        ${state === 'error' ? html`<p class="message" role="alert">${this.errorText(this.#notices.error)}</p>` : nothing}
        ${notices ? (open ? this.#renderDetail(open) : this.mode === 'compact' ? this.#renderCompact(notices) : this.#renderFull(notices)) : nothing}
      </div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The page switched language: fetch the notices again, in the new one.
    if (this.#loadedLanguage !== undefined && this.#loadedLanguage !== this.language) {
      this.#loadedLanguage = this.language;
      void this.#notices.reload();
    }
    const target = this.#focusAfterRender;
    if (!target) return;
    this.#focusAfterRender = null;
    const selector = target === 'detail' ? '.detail-title' : `[data-notice="${CSS.escape(target)}"]`;
    this.shadowRoot?.querySelector<HTMLElement>(selector)?.focus();
  }

  #renderHeader(notices: NoticeItem[] | undefined): TemplateResult {
    const count = unreadCount(notices ?? []);
    const label = this.t('notice-feed.unread', { count });
    return html`
      <div class="header">
        <h2 part="heading" class="heading" id="${this.#id}-heading">${this.t('notice-feed.heading')}</h2>
        ${notices && count > 0
          ? html`<span part="badge" class="badge" role="img" aria-label=${label} title=${label}>${this.formatNumber(count)}</span>`
          : nothing}
      </div>
    `;
  }

  #renderFull(notices: NoticeItem[]): TemplateResult {
    if (notices.length === 0) return html`<p>${this.t('notice-feed.empty')}</p>`;
    const groups = groupNotices(notices);
    return html`
      ${groups.pinned.length ? this.#renderSection('pinned', 'notice-feed.pinnedHeading', groups.pinned) : nothing}
      ${groups.unread.length ? this.#renderSection('unread', 'notice-feed.newHeading', groups.unread) : nothing}
      ${groups.read.length ? this.#renderSection('list', 'notice-feed.allHeading', groups.read) : nothing}
      ${groups.unread.length || groups.pinned.some((n) => !n.read) ? html`<p class="hint">${this.t('notice-feed.openHint')}</p>` : nothing}
    `;
  }

  #renderSection(part: 'pinned' | 'unread' | 'list', heading: 'notice-feed.pinnedHeading' | 'notice-feed.newHeading' | 'notice-feed.allHeading', items: NoticeItem[]): TemplateResult {
    const id = `${this.#id}-${part}`;
    return html`
      <section part=${part} class="section section--${part}" aria-labelledby=${id}>
        <h3 id=${id} class="section-heading">${this.t(heading)}</h3>
        <ul class="items">
          ${items.map((notice) => this.#renderItem(notice))}
        </ul>
      </section>
    `;
  }

  #renderCompact(notices: NoticeItem[]): TemplateResult {
    if (notices.length === 0) return html`<p>${this.t('notice-feed.empty')}</p>`;
    return html`<ul class="items">${compactSelection(notices, this.limit).map((notice) => this.#renderItem(notice))}</ul>`;
  }

  #renderItem(notice: NoticeItem): TemplateResult {
    const parts = ['item', notice.read ? '' : 'item-unread', notice.kind === 'urgent' ? 'item-urgent' : ''].filter(Boolean).join(' ');
    return html`
      <li class="item ${notice.read ? 'read' : 'unread'} ${notice.kind}" data-state=${notice.read ? 'read' : 'unread'} data-kind=${notice.kind}>
        <button part=${parts} class="item-button" type="button" data-notice=${notice.id} @click=${() => this.#open(notice)}>
          <span class="item-title">${notice.title}</span>
          <span class="item-meta">
            ${notice.kind === 'urgent' ? html`<span class="tag tag--urgent">${this.t('notice-feed.urgent')}</span>` : nothing}
            ${notice.read ? nothing : html`<span class="tag tag--new">${this.t('notice-feed.new')}</span>`}
            <span>${this.formatDate(new Date(notice.publishAt))}</span>
          </span>
        </button>
      </li>
    `;
  }

  #renderDetail(notice: NoticeItem): TemplateResult {
    const expires = notice.expiresAt ? new Date(notice.expiresAt) : null;
    return html`
      <article part="detail" class="detail ${notice.kind}" aria-labelledby="${this.#id}-detail-title">
        <button part="back-button" class="button button--secondary back" type="button" @click=${this.#back}>
          <span aria-hidden="true">←</span> ${this.t('notice-feed.back')}
        </button>
        <h3 id="${this.#id}-detail-title" class="detail-title" tabindex="-1">${notice.title}</h3>
        <p class="detail-meta">
          ${notice.kind === 'urgent' ? html`<span class="tag tag--urgent">${this.t('notice-feed.urgent')}</span>` : nothing}
          ${this.t('notice-feed.published', { date: new Date(notice.publishAt) })}
          ${expires ? html` · ${this.t('notice-feed.validUntil', { date: expires, time: this.formatTime(expires) })}` : nothing}
        </p>
        <div part="body" class="body">${renderPlainText(notice.body)}</div>
        ${notice.attachments.length ? this.#renderAttachments(notice) : nothing}
      </article>
    `;
  }

  #renderAttachments(notice: NoticeItem): TemplateResult {
    return html`
      <section class="attachments" aria-labelledby="${this.#id}-attachments">
        <h4 id="${this.#id}-attachments">${this.t('notice-feed.attachments')}</h4>
        <ul class="files">
          ${notice.attachments.map(
            (file) => html`
              <li>
                <button part="attachment" class="button button--secondary file" type="button" @click=${() => this.#download(notice, file)}>
                  <span class="visually-hidden">${this.t('notice-feed.download')}:</span>
                  <span>${file.fileName}</span>
                  <span class="file-size">(${formatFileSize(this.language, file.sizeBytes)})</span>
                </button>
              </li>
            `,
          )}
        </ul>
      </section>
    `;
  }

  #open(notice: NoticeItem): void {
    this.#openId = notice.id;
    this.#error = null;
    this.#focusAfterRender = 'detail';
    this.requestUpdate();
    this.dispatchEvent(new DoorstepNoticeOpenEvent(notice.id));
    if (!notice.read) void this.#markRead(notice);
  }

  readonly #back = (): void => {
    this.#focusAfterRender = this.#openId;
    this.#openId = null;
    this.#status = '';
    this.requestUpdate();
  };

  async #markRead(notice: NoticeItem): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await client.post(`/notices/${encodeURIComponent(notice.id)}/read`);
      const readAt = new Date().toISOString();
      this.#markLocally(notice.id, readAt);
      this.#status = this.t('notice-feed.markedRead');
      this.dispatchEvent(new DoorstepNoticeReadEvent(notice.id, readAt));
    } catch (error) {
      this.#error = error;
    }
    this.requestUpdate();
  }

  #markLocally(noticeId: string, readAt: string): void {
    const list = this.#notices.value;
    if (!list || !list.notices.some((n) => n.id === noticeId && !n.read)) return;
    const notices = list.notices.map((n) => (n.id === noticeId ? { ...n, read: true, readAt } : n));
    this.#notices.set({ notices, unreadCount: unreadCount(notices) });
  }

  async #download(notice: NoticeItem, file: NoticeFile): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.#error = null;
    try {
      const response = await client.fetch('GET', `/notices/${encodeURIComponent(notice.id)}/attachments/${encodeURIComponent(file.id)}`);
      await saveResponse(response, file.fileName);
    } catch (error) {
      this.#error = error;
    }
    this.requestUpdate();
  }
}
