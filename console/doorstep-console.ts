/**
 * @module
 * `<doorstep-console tenant="ogre">`: the manager's console, the page Doorstep serves at
 * `/console/{tenant}/`. Logged out it shows `<console-login>`; logged in, a header (who, the
 * number of unanswered questions, the language, log out), the sections and the section's view.
 * The sections so far: the inbox, the notices, the documents, the invoices, who has not submitted readings, the residents, the staff accounts
 * (admins only), the settings (admins only, console-settings.ts) and one's own password; after an admin's password reset only the password change. Everything goes through the widgets' one API client with the
 * staff token (console-session.ts); the API is this page's own origin unless `api` says otherwise.
 *
 * @attr tenant - the manager's slug
 * @attr api - the API's base URL (default: this page's origin)
 */
import { html, nothing } from 'lit';
import { languages, type Language } from '../widgets/core/i18n/messages.ts';
import { ConsoleElement } from './console-element.ts';
import { ConsoleSession, type StoredStaffSession } from './console-session.ts';
import { demoNowFrom, type DemoNow } from './demo-now.ts';

const SECTIONS = ['inbox', 'notices', 'documents', 'invoices', 'readings', 'residents', 'staff', 'settings', 'password'] as const;
type Section = (typeof SECTIONS)[number];
const sectionOf = (hash: string): Section => SECTIONS.find((s) => `#${s}` === hash) ?? 'inbox';

export class DoorstepConsole extends ConsoleElement {
  static override properties = {
    tenant: { type: String },
    api: { type: String },
    session: { state: true },
    unanswered: { state: true },
    ended: { state: true },
    section: { state: true },
  };

  declare tenant: string;
  declare api: string | undefined;
  declare session: ConsoleSession | undefined;
  declare unanswered: number | undefined;
  declare ended: boolean;
  /** The section shown, from the address's fragment (`#inbox`, `#notices`), so Back works. */
  declare section: Section;
  /** `?now=` of the demo (demo-now.ts): the moment the server is asked to stand at. */
  #demoNow: DemoNow | undefined;
  readonly #onHash = () => {
    this.section = sectionOf(location.hash);
  };

  constructor() {
    super();
    this.tenant = '';
    this.ended = false;
    this.section = 'inbox';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHash);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.section = sectionOf(location.hash);
    window.addEventListener('hashchange', this.#onHash);
    this.#demoNow = demoNowFrom(location.search);
    this.session = new ConsoleSession({
      api: this.api ?? location.origin,
      tenant: this.tenant,
      ...(this.#demoNow ? { now: this.#demoNow.iso } : {}),
      onEnded: () => {
        this.ended = true;
        this.requestUpdate();
      },
    });
    const staff = this.session.current?.staff;
    if (staff && !document.documentElement.getAttribute('data-language-chosen')) document.documentElement.lang = staff.language;
  }

  override render() {
    const session = this.session;
    if (!session) return nothing;
    document.title = `${this.t('console.title')} — ${this.tenant}`;
    const current = session.current;
    if (!current) {
      return html`<header class="top"><span class="brand">${this.t('console.title')}</span>${this.#languagePicker()}</header>
        <main id="main">
          <console-login .client=${session.anonymous} .notice=${this.ended ? this.t('console.sessionEnded') : undefined} @console-logged-in=${this.#loggedIn}></console-login>
        </main>`;
    }
    if (current.staff.mustChangePassword) {
      return html`<header class="top"><span class="brand">${this.t('console.title')}</span>${this.#languagePicker()}
          <button type="button" class="secondary" @click=${this.#logout}>${this.t('console.logout')}</button></header>
        <main id="main">
          <console-password forced .client=${session.client} @console-password-changed=${this.#passwordChanged}></console-password>
        </main>`;
    }
    const admin = current.staff.role === 'admin';
    const section = (this.section === 'staff' || this.section === 'settings') && !admin ? 'inbox' : this.section;
    return html`<a class="skip" href="#main">${this.t('console.skipToMain')}</a>
      <header class="top">
        <span class="brand">${this.t('console.title')}</span>
        <nav aria-label=${this.t('console.nav')}>
          <a href="#inbox" aria-current=${section === 'inbox' ? 'page' : 'false'}
            >${this.t('console.inbox')}
            ${this.unanswered ? html`<span class="count">${this.t('console.unanswered', { count: this.unanswered })}</span>` : nothing}</a
          >
          <a href="#notices" aria-current=${section === 'notices' ? 'page' : 'false'}>${this.t('console.notices')}</a>
          <a href="#documents" aria-current=${section === 'documents' ? 'page' : 'false'}>${this.t('console-docs.documents')}</a>
          <a href="#invoices" aria-current=${section === 'invoices' ? 'page' : 'false'}>${this.t('console-docs.invoices')}</a>
          <a href="#readings" aria-current=${section === 'readings' ? 'page' : 'false'}>${this.t('console.readings')}</a>
          <a href="#residents" aria-current=${section === 'residents' ? 'page' : 'false'}>${this.t('console.residents')}</a>
          ${admin ? html`<a href="#staff" aria-current=${section === 'staff' ? 'page' : 'false'}>${this.t('console.staff')}</a>` : nothing}
          ${admin ? html`<a href="#settings" aria-current=${section === 'settings' ? 'page' : 'false'}>${this.t('console.settingsNav')}</a>` : nothing}
          <a href="#password" aria-current=${section === 'password' ? 'page' : 'false'}>${this.t('console.passwordNav')}</a>
        </nav>
        <span class="who">${this.t('console.loggedInAs', { name: current.staff.name, role: this.t(`console.role_${current.staff.role}`) })}</span>
        ${this.#languagePicker()}
        <button type="button" class="secondary" @click=${this.#logout}>${this.t('console.logout')}</button>
        ${this.#demoNow ? html`<p class="demo-time">${this.t('console.demoTime', { time: this.dateTime(this.#demoNow.iso) })}</p>` : nothing}
      </header>
      <main id="main" tabindex="-1">
        ${section === 'notices'
          ? html`<console-notices .client=${session.client}></console-notices>`
          : section === 'documents'
          ? html`<console-documents .client=${session.client}></console-documents>`
          : section === 'invoices'
          ? html`<console-invoices .client=${session.client}></console-invoices>`
          : section === 'readings'
          ? html`<console-readings .client=${session.client} period=${this.#demoNow?.month ?? nothing}></console-readings>`
          : section === 'residents'
          ? html`<console-residents .client=${session.client}></console-residents>`
          : section === 'staff'
          ? html`<console-staff .client=${session.client} self=${current.staff.id}></console-staff>`
          : section === 'settings'
          ? html`<console-settings .client=${session.client}></console-settings>`
          : section === 'password'
          ? html`<console-password .client=${session.client} @console-password-changed=${this.#passwordChanged}></console-password>`
          : html`<console-inbox .client=${session.client} @console-unanswered=${(e: CustomEvent<{ count: number }>) => (this.unanswered = e.detail.count)}></console-inbox>`}
      </main>`;
  }

  #languagePicker() {
    const names: Record<Language, string> = { lv: 'Latviešu', en: 'English', ru: 'Русский' };
    return html`<label class="language"
      >${this.t('console.language')}
      <select @change=${this.#chooseLanguage}>
        ${languages.map((l) => html`<option value=${l} ?selected=${l === this.language} lang=${l}>${names[l]}</option>`)}
      </select></label
    >`;
  }

  #chooseLanguage(event: Event) {
    document.documentElement.setAttribute('data-language-chosen', '');
    document.documentElement.lang = (event.target as HTMLSelectElement).value;
  }

  async #loggedIn(event: CustomEvent<StoredStaffSession>) {
    this.session!.start(event.detail);
    this.ended = false;
    if (!document.documentElement.hasAttribute('data-language-chosen')) document.documentElement.lang = event.detail.staff.language;
    this.requestUpdate();
    await this.updateComplete;
    this.querySelector<HTMLElement>('#inbox-heading')?.focus();
  }

  async #passwordChanged(event: CustomEvent<StoredStaffSession['staff']>) {
    const session = this.session!;
    const wasForced = session.current?.staff.mustChangePassword === true;
    session.start({ token: session.current!.token, staff: event.detail });
    this.requestUpdate();
    if (wasForced) {
      await this.updateComplete;
      this.querySelector<HTMLElement>('#inbox-heading')?.focus();
    }
  }

  async #logout() {
    const session = this.session!;
    try {
      await session.client.post('/staff/logout');
    } catch {
      // Ended already: forgetting it here is all that is left to do.
    }
    session.forget();
    this.ended = false;
    this.unanswered = undefined;
    this.requestUpdate();
  }
}
