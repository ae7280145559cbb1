/**
 * @module
 * `<house-documents>`: the building's documents for the active address ("Mājas lieta"):
 * estimates, income and expense reports, planned repairs, meeting minutes, grouped by category
 * and year, newest first, with a category filter and downloads. Documents the manager keeps for
 * a strong login (bank, eParaksts, Smart-ID) show locked in a password session, with a word on
 * how to open them and, when the manager has set up identity providers, their buttons in place
 * (step-up): "Atvērt" on a locked document offers them, the strong login runs in a popup (or in
 * this window when the popup is blocked, coming back here), and the same document then opens.
 */
// The session at the first render: only <owner-login> shows something before it arrives.
import '../core/session-store.ts';
import { html, nothing, type TemplateResult } from 'lit';
import { DoorstepElement } from '../core/base-element.ts';
import { saveResponse } from '../core/download.ts';
import { formatFileSize } from '../core/file-size.ts';
import { hasMessage, registerMessages, type MessageKey } from '../core/i18n/messages.ts';
import { PremiseResource } from '../core/premise-resource.ts';
import type { SessionStore } from '../core/session-store.ts';
import { shadowControlStyles } from '../core/styles/controls.ts';
import { hostStyles } from '../core/styles/tokens.ts';
import { CATEGORIES, countByCategory, fileTypeLabel, groupDocuments, parsePeriod, type DocumentCategory, type DocumentList, type HouseDocument } from './document-groups.ts';
import { houseDocumentsStyles } from './house-documents.styles.ts';
import { lv } from './i18n/lv.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

let instanceCount = 0;

/** The document a step-up in this window (popup blocked) is to open when the page is back. */
const STEP_UP_KEY = 'doorstep-step-up-document';

/** A padlock drawn inline: emoji fonts are missing on some systems, and it must not be read out. */
const lockIcon = html`<svg class="lock" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
  <path fill="currentColor" d="M12 1a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V11a2 2 0 0 0-2-2h-1V6a5 5 0 0 0-5-5zm-3 8V6a3 3 0 0 1 6 0v3H9z" />
</svg>`;

/**
 * @summary The building's documents of the active address, by category and year, with a filter
 * and downloads; strong-login documents locked in a password session.
 *
 * @attr api - Base URL of the Doorstep API; else taken from `<doorstep-config>`.
 * @attr tenant - The property manager's slug; else taken from `<doorstep-config>`.
 * @attr now - Demo mode only: ISO time the server takes as now.
 * @attr lang - `lv` (default), `en` or `ru`; else the closest ancestor's `lang`, else the page's.
 * @attr category - Show one category only (`estimate`, `report`, `repair_plan`, `meeting_protocol`,
 *   `other`); the resident can change it with the filter.
 *
 * @csspart base - The wrapper of everything shown.
 * @csspart heading - The heading.
 * @csspart filter - The category select.
 * @csspart strong-auth - The explanation of the strong login.
 * @csspart category - One category's section.
 * @csspart year - One year's heading.
 * @csspart document - One document's row.
 * @csspart download-button - A document's download button.
 * @csspart locked - The "available after a secure login" note of a locked document.
 * @csspart open-locked-button - A locked document's "Atvērt" button: offers the strong-login providers in its row.
 * @csspart strong-login - A row of strong-login buttons (in the explanation, or in a locked document's row).
 * @csspart strong-login-button - One identity provider's button: "Pieslēgties ar Smart-ID".
 * @csspart message - Errors (an `aria-live` alert).
 *
 * @cssproperty --doorstep-color-primary - Buttons. Default `#0b57d0`.
 * @cssproperty --doorstep-documents-info-background - The strong-login explanation. Default `#eef3fb`.
 * @cssproperty --doorstep-font-size - Base text size. Default `1.125rem`.
 */
export class HouseDocuments extends DoorstepElement {
  static override styles = [hostStyles, shadowControlStyles, houseDocumentsStyles];
  static override properties = {
    ...DoorstepElement.properties,
    category: { type: String },
  };

  /** The category shown, or '' for all. */
  declare category: DocumentCategory | '';

  readonly #id = `doorstep-documents-${++instanceCount}`;
  #error: unknown = null;
  #downloading: string | null = null;

  /** The tenant's strong-login providers (step-up), read once a locked document shows; and for which session. */
  #providers: ReadonlyArray<{ slug: string; displayName: string }> = [];
  #providersOf: SessionStore | undefined;
  /** The locked document whose "Atvērt" was pressed: its row offers the providers. */
  #stepUpFor: string | null = null;
  #stepUpBusy = false;

  readonly #documents = new PremiseResource<DocumentList>(this, {
    session: () => this.session,
    action: 'documents.view',
    load: (client, premise, signal) => client.call('get', '/premises/{premiseId}/documents', { params: { premiseId: premise.id }, signal }),
    // A strong login (here or in <owner-login>) unlocks documents: load them again.
    dependsOn: () => this.session?.user?.authLevel ?? '',
  });

  constructor() {
    super();
    this.category = '';
  }

  protected override render(): TemplateResult {
    this.#finishReturnedStepUp();
    const state = this.#documents.state;
    const list = this.#documents.value;
    return html`
      <div part="base" class="base" aria-busy=${state === 'loading' || state === 'restoring' || this.#downloading ? 'true' : 'false'}>
        <h2 part="heading" class="heading">${this.t('house-documents.heading')}</h2>
        <div part="message" class="message" role="alert">${this.#error ? this.#errorText(this.#error) : ''}</div>
        ${state === 'unconfigured' ? html`<p>${this.t('common.configMissing')}</p>` : nothing}
        ${state === 'restoring' || (state === 'loading' && !list) ? html`<p>${this.t('common.loading')}</p>` : nothing}
        ${state === 'anonymous' ? html`<p>${this.t('house-documents.loginFirst')}</p>` : nothing}
        ${state === 'no-address' ? html`<p>${this.t('house-documents.noAddress')}</p>` : nothing}
        ${state === 'forbidden' ? html`<p class="info">${this.t('house-documents.forbidden')}</p>` : nothing}
        ${state === 'error' ? html`<p class="message" role="alert">${this.#errorText(this.#documents.error)}</p>` : nothing}
        ${list ? this.#renderList(list) : nothing}
      </div>
    `;
  }

  #renderList(list: DocumentList): TemplateResult {
    if (list.documents.length === 0) return html`<p>${this.t('house-documents.empty')}</p>`;
    const selected = CATEGORIES.includes(this.category as DocumentCategory) ? this.category : '';
    const groups = groupDocuments(list.documents, selected);
    return html`
      ${list.lockedCount > 0 ? this.#renderStrongAuth() : nothing} ${this.#renderFilter(list.documents, selected)}
      ${groups.map(
        (group) => html`
          <section part="category" class="category" data-category=${group.category} aria-labelledby="${this.#id}-${group.category}">
            <h3 id="${this.#id}-${group.category}" class="category-heading">${this.t(`house-documents.category_${group.category}`)}</h3>
            ${group.years.map(
              (year) => html`
                <h4 part="year" class="year">${year.year}</h4>
                <ul class="documents">
                  ${year.documents.map((document) => this.#renderDocument(document))}
                </ul>
              `,
            )}
          </section>
        `,
      )}
    `;
  }

  #renderStrongAuth(): TemplateResult {
    return html`
      <section part="strong-auth" class="info" aria-labelledby="${this.#id}-strong">
        <h3 id="${this.#id}-strong" class="info-heading">${lockIcon} ${this.t('house-documents.strongHeading')}</h3>
        <p>${this.t(this.#providers.length > 0 ? 'house-documents.strongTextHere' : 'house-documents.strongText')}</p>
        ${this.#renderProviders(null)}
      </section>
    `;
  }

  #renderFilter(documents: HouseDocument[], selected: string): TemplateResult {
    const counts = countByCategory(documents);
    const id = `${this.#id}-filter`;
    return html`
      <div class="filter">
        <label for=${id}>${this.t('house-documents.filter')}</label>
        <select id=${id} part="filter" class="select" @change=${this.#filter}>
          <option value="" ?selected=${selected === ''}>${this.t('house-documents.allCategories')}</option>
          ${CATEGORIES.filter((c) => counts[c] > 0).map(
            (c) => html`<option value=${c} ?selected=${selected === c}>
              ${this.t('house-documents.withCount', { name: this.t(`house-documents.category_${c}`), count: counts[c] })}
            </option>`,
          )}
        </select>
      </div>
    `;
  }

  #renderDocument(document: HouseDocument): TemplateResult {
    const period = this.#periodText(document.period);
    const describedBy = `${this.#id}-doc-${document.id}`;
    return html`
      <li part="document" class="document ${document.locked ? 'locked' : ''}" data-document=${document.id}>
        <div class="document-text" id=${describedBy}>
          <span class="document-title">${document.title}</span>
          <span class="document-meta">
            ${this.formatDate(new Date(`${document.date}T12:00:00Z`))}${period ? html` · ${period}` : nothing} ·
            ${fileTypeLabel(document.file)}, ${formatFileSize(this.language, document.file.sizeBytes)}
          </span>
        </div>
        ${document.locked
          ? html`<span part="locked" class="locked-note">${lockIcon} ${this.t('house-documents.locked')}</span>
              ${this.#providers.length === 0
                ? nothing
                : this.#stepUpFor === document.id
                  ? this.#renderProviders(document)
                  : html`<button
                      part="open-locked-button"
                      class="button button--secondary"
                      type="button"
                      aria-describedby=${describedBy}
                      @click=${() => this.#offerStepUp(document)}
                    >
                      ${this.t('house-documents.openLocked')}
                    </button>`}`
          : html`<button
              part="download-button"
              class="button button--secondary"
              type="button"
              aria-describedby=${describedBy}
              aria-disabled=${this.#downloading === document.id ? 'true' : 'false'}
              @click=${() => this.#download(document)}
            >
              ${this.t('house-documents.download')}
            </button>`}
      </li>
    `;
  }

  /** The providers' buttons: in the explanation (`document` null) or in a locked document's row. */
  #renderProviders(document: HouseDocument | null): TemplateResult | typeof nothing {
    this.#loadProviders();
    if (this.#providers.length === 0) return nothing;
    return html`
      <div part="strong-login" class="strong-login" role="group" aria-label=${this.t('house-documents.strongHeading')}>
        ${this.#providers.map(
          (provider) => html`<button
            part="strong-login-button"
            class="button"
            type="button"
            aria-disabled=${this.#stepUpBusy ? 'true' : 'false'}
            @click=${() => this.#stepUp(provider.slug, document)}
          >
            ${this.t('house-documents.strongLogin', { name: provider.displayName })}
          </button>`,
        )}
      </div>
    `;
  }

  #loadProviders(): void {
    const session = this.session;
    if (!session || this.#providersOf === session) return;
    this.#providersOf = session;
    session.client.call('get', '/auth/oidc/providers', { auth: false }).then(
      ({ providers }) => {
        this.#providers = providers;
        // Ready before a click, so the popup opens within the click's activation.
        if (providers.length > 0) void import('../owner-login/strong-login.ts');
        this.requestUpdate();
      },
      () => undefined, // none offered: the explanation says how to log in strongly
    );
  }

  #offerStepUp(document: HouseDocument): void {
    this.#stepUpFor = document.id;
    this.requestUpdate();
    void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>(`[data-document="${document.id}"] [part="strong-login-button"]`)?.focus());
  }

  /** A strong login with `provider`, then `document` (if any) opens. */
  async #stepUp(provider: string, document: HouseDocument | null): Promise<void> {
    const session = this.session;
    if (!session || this.#stepUpBusy) return;
    this.#stepUpBusy = true;
    this.#error = null;
    this.requestUpdate();
    try {
      const { openStrongLogin } = await import('../owner-login/strong-login.ts');
      // Should the browser block the popup, this page leaves and comes back: remember the document.
      if (document) sessionStorage.setItem(STEP_UP_KEY, JSON.stringify({ id: document.id, fileName: document.file.fileName }));
      const code = await openStrongLogin({ api: session.api, tenant: session.tenant, provider, remember: session.remember });
      sessionStorage.removeItem(STEP_UP_KEY);
      await session.loginWithStrongCode(code);
      await this.#afterStepUp(document && { id: document.id, fileName: document.file.fileName });
    } catch (error) {
      sessionStorage.removeItem(STEP_UP_KEY);
      this.#error = error;
    } finally {
      this.#stepUpBusy = false;
      this.requestUpdate();
    }
  }

  async #afterStepUp(document: { id: string; fileName: string } | null): Promise<void> {
    this.#stepUpFor = null;
    await this.#documents.reload();
    if (document) await this.#download({ id: document.id, file: { fileName: document.fileName } });
  }

  /** Back from a step-up that ran in this window (the popup was blocked): finish it, open the document. */
  #finishReturnedStepUp(): void {
    const session = this.session;
    if (!session || !location.hash.startsWith('#doorstep-oidc')) return;
    void import('../owner-login/strong-login.ts').then(async ({ finishReturnedLogin }) => {
      const stored = sessionStorage.getItem(STEP_UP_KEY);
      try {
        const user = await finishReturnedLogin(session);
        if (!user) return; // another widget on the page took it
        sessionStorage.removeItem(STEP_UP_KEY);
        await this.#afterStepUp(stored ? (JSON.parse(stored) as { id: string; fileName: string }) : null);
      } catch (error) {
        sessionStorage.removeItem(STEP_UP_KEY);
        this.#error = error;
        this.requestUpdate();
      }
    });
  }

  #periodText(period: string | null): string {
    const parsed = parsePeriod(period);
    if (!parsed) return period ?? '';
    if (parsed.kind === 'year') return this.t('house-documents.period_year', { year: parsed.year });
    if (parsed.kind === 'quarter') return this.t('house-documents.period_quarter', { year: parsed.year, part: parsed.part! });
    const month = this.formatDate(new Date(Date.UTC(Number(parsed.year), Number(parsed.part) - 1, 15)), { month: 'long', timeZone: 'UTC' });
    return this.t('house-documents.period_month', { year: parsed.year, month });
  }

  readonly #filter = (event: Event): void => {
    this.category = (event.target as HTMLSelectElement).value as DocumentCategory | '';
  };

  /** This widget's words for its own error codes; the core's for the rest. */
  #errorText(error: unknown): string {
    const key = `house-documents.${(error as { code?: string }).code ?? ''}`;
    return hasMessage(key) ? this.t(key as MessageKey) : this.errorText(error);
  }

  async #download(document: Pick<HouseDocument, 'id'> & { file: Pick<HouseDocument['file'], 'fileName'> }): Promise<void> {
    const client = this.client;
    const premise = this.#documents.premise;
    if (!client || !premise || this.#downloading) return;
    this.#downloading = document.id;
    this.#error = null;
    this.requestUpdate();
    try {
      const response = await client.fetch('GET', `/premises/${encodeURIComponent(premise.id)}/documents/${encodeURIComponent(document.id)}/file`);
      await saveResponse(response, document.file.fileName);
    } catch (error) {
      this.#error = error;
    } finally {
      this.#downloading = null;
      this.requestUpdate();
    }
  }
}
