/**
 * @module
 * `<console-documents>`: the buildings' documents ("Mājas lieta") through the admin documents API
 * (server/admin/documents): the list, optionally of one building, with category, date or year,
 * who may open it (everyone in the building, or only after a strong login) and its state; a form
 * to publish one for a building — or for every building, one copy each, since a document belongs
 * to one building — by category, date, year and title, marked "requires strong login" or not;
 * per document: open the file, replace it (the same form, `PUT /documents/{id}`, the file kept
 * when none is chosen) and delete it. Staff and admins alike (the `write` admin action).
 */
import { html, nothing } from 'lit';
import type { ApiClient } from '../widgets/core/api-client.ts';
import type { Answer } from '../widgets/core/api-routes.ts';
import { saveResponse } from '../widgets/core/download.ts';
import { tenantBuildings, type Building } from './buildings.ts';
import { ConsoleDocsElement } from './console-docs-element.ts';

const CATEGORIES = ['estimate', 'report', 'repair_plan', 'meeting_protocol', 'other'] as const;

type AdminDocument = Answer<'/admin/documents/{document}', 'get'>['item'];

/** A year, quarter or month, as the server takes a document's period (document-rules.ts). */
const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;
const ALL = '*';
const PAGE = 1000;

export class ConsoleDocuments extends ConsoleDocsElement {
  static override properties = {
    client: { attribute: false },
    documents: { state: true },
    buildings: { state: true },
    filter: { state: true },
    editing: { state: true },
    status: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare client: ApiClient | undefined;
  declare documents: AdminDocument[] | undefined;
  declare buildings: Building[];
  /** The building whose documents are listed ('' = all). */
  declare filter: string;
  /** The document the form replaces, or undefined for a new one. */
  declare editing: AdminDocument | undefined;
  declare status: string;
  declare error: string;
  declare busy: boolean;

  constructor() {
    super();
    this.buildings = [];
    this.filter = '';
    this.status = '';
    this.error = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#start();
  }

  async #start() {
    if (!this.client) return;
    try {
      this.buildings = await tenantBuildings(this.client);
    } catch (error) {
      this.error = this.errorText(error);
    }
    await this.#load();
  }

  async #load() {
    if (!this.client) return;
    try {
      const items: AdminDocument[] = [];
      let cursor: string | null = null;
      do {
        const page: Answer<'/admin/documents', 'get'> = await this.client.call('get', '/admin/documents', {
          query: { limit: PAGE, ...(this.filter ? { buildingRef: this.filter } : {}), ...(cursor ? { cursor } : {}) },
        });
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      // Newest first: by the document's date, then by when it was published.
      this.documents = items.sort((a, b) => b.date.localeCompare(a.date) || b.publishAt.localeCompare(a.publishAt));
    } catch (error) {
      this.error = this.errorText(error);
    }
  }

  #buildingName(ref: string | null): string {
    const building = this.buildings.find((b) => b.externalRef === ref);
    return building ? `${building.address}${building.city ? `, ${building.city}` : ''}` : (ref ?? '');
  }

  override render() {
    return html`<h1 id="documents-heading" tabindex="-1">${this.t('console-docs.documentsHeading')}</h1>
      ${this.#form()}
      <p class="status" role="status" aria-live="polite">${this.status}</p>
      <p class="error" role="alert" aria-live="assertive">${this.error}</p>
      <form class="filters" @submit=${this.#filter}>
        <div>
          <label for="documents-filter">${this.t('console-docs.docFilterBuilding')}</label>
          <select id="documents-filter" name="building">
            <option value="">${this.t('console.allBuildings')}</option>
            ${this.buildings.map((b) => html`<option value=${b.externalRef!} ?selected=${b.externalRef === this.filter}>${this.#buildingName(b.externalRef)}</option>`)}
          </select>
        </div>
        <button type="submit">${this.t('console.show')}</button>
      </form>
      ${this.#list()}`;
  }

  #form() {
    const editing = this.editing;
    const value = <K extends keyof AdminDocument>(key: K) => editing?.[key];
    return html`<form class="notice-form document-form" @submit=${this.#save} novalidate aria-labelledby="document-form-heading">
      <h2 id="document-form-heading" tabindex="-1">${editing ? this.t('console-docs.replaceDocument', { title: editing.title }) : this.t('console-docs.newDocument')}</h2>
      <div class="fields">
        <div>
          <label for="document-building">${this.t('console-docs.docBuilding')}</label>
          <select id="document-building" name="building" required>
            ${this.buildings.map(
              (b) => html`<option value=${b.externalRef!} ?selected=${editing ? b.externalRef === editing.buildingRef : b.externalRef === this.filter}>${this.#buildingName(b.externalRef)}</option>`,
            )}
            ${editing ? nothing : html`<option value=${ALL}>${this.t('console-docs.docAllBuildings')}</option>`}
          </select>
        </div>
        <div>
          <label for="document-category">${this.t('console-docs.docCategory')}</label>
          <select id="document-category" name="category">
            ${CATEGORIES.map((c) => html`<option value=${c} ?selected=${value('category') === c}>${this.t(`console-docs.category_${c}`)}</option>`)}
          </select>
        </div>
      </div>
      <label for="document-title">${this.t('console-docs.docTitle')}</label>
      <input id="document-title" name="title" maxlength="600" required .value=${value('title') ?? ''} />
      <div class="fields">
        <div>
          <label for="document-date">${this.t('console-docs.docDate')}</label>
          <input id="document-date" name="date" type="date" required .value=${value('date') ?? this.today()} />
        </div>
        <div>
          <label for="document-year">${this.t('console-docs.docYear')}</label>
          <input id="document-year" name="period" maxlength="10" inputmode="text" aria-describedby="document-year-hint" .value=${value('period') ?? ''} />
          <p id="document-year-hint" class="muted">${this.t('console-docs.docYearHint')}</p>
        </div>
      </div>
      <label class="choice"><input type="checkbox" name="strong" .checked=${value('requiresStrongAuth') ?? false} /> ${this.t('console-docs.docStrong')}</label>
      <label for="document-file">${editing ? this.t('console-docs.docFileKeep') : this.t('console-docs.docFile')}</label>
      <input id="document-file" name="file" type="file" ?required=${!editing} />
      <div>
        <button type="submit" ?disabled=${this.busy}>${editing ? this.t('console-docs.docSave') : this.t('console-docs.docUpload')}</button>
        ${editing ? html`<button type="button" class="secondary" @click=${this.#cancel}>${this.t('console-docs.docCancel')}</button>` : nothing}
      </div>
    </form>`;
  }

  #list() {
    const documents = this.documents;
    if (!documents) return html`<p>${this.t('console.loading')}</p>`;
    if (documents.length === 0) return html`<p>${this.t('console-docs.docsEmpty')}</p>`;
    return html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="documents-caption"><table class="threads documents">
      <caption id="documents-caption">${this.t('console-docs.docList')}</caption>
      <thead>
        <tr>
          <th scope="col">${this.t('console-docs.docTitle')}</th>
          <th scope="col">${this.t('console-docs.docBuilding')}</th>
          <th scope="col">${this.t('console-docs.docCategory')}</th>
          <th scope="col">${this.t('console-docs.docDate')}</th>
          <th scope="col">${this.t('console-docs.docAccess')}</th>
          <th scope="col">${this.t('console-docs.docActions')}</th>
        </tr>
      </thead>
      <tbody>
        ${documents.map(
          (d) => html`<tr>
            <th scope="row">${d.title}</th>
            <td>${this.#buildingName(d.buildingRef)}</td>
            <td>${this.t(`console-docs.category_${d.category}`)}</td>
            <td>${d.date}${d.period ? html`<br /><span class="muted">${d.period}</span>` : nothing}</td>
            <td>
              ${d.requiresStrongAuth ? html`<span class="badge open">${this.t('console-docs.docStrongBadge')}</span>` : this.t('console-docs.docBasic')}
              <br /><span class="muted">${this.t(`console-docs.docState_${d.state}`)}</span>
            </td>
            <td>
              <button type="button" class="link" aria-label=${`${this.t('console-docs.docOpen')}: ${d.title}`} @click=${() => this.#open(d)}>${this.t('console-docs.docOpen')}</button><br />
              <button type="button" class="link" aria-label=${`${this.t('console-docs.docReplace')}: ${d.title}`} @click=${() => this.#edit(d)}>${this.t('console-docs.docReplace')}</button><br />
              <button type="button" class="link" aria-label=${`${this.t('console-docs.docDelete')}: ${d.title}`} @click=${() => this.#delete(d)}>${this.t('console-docs.docDelete')}</button>
            </td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  async #filter(event: SubmitEvent) {
    event.preventDefault();
    this.filter = ((event.currentTarget as HTMLFormElement).elements.namedItem('building') as HTMLSelectElement).value;
    this.documents = undefined;
    await this.#load();
  }

  async #edit(document: AdminDocument) {
    this.editing = document;
    this.status = '';
    this.error = '';
    await this.updateComplete;
    this.querySelector<HTMLElement>('#document-form-heading')?.focus();
  }

  async #cancel() {
    this.editing = undefined;
    await this.updateComplete;
    this.querySelector<HTMLFormElement>('form.document-form')?.reset();
    this.querySelector<HTMLElement>('#document-title')?.focus();
  }

  async #open(document: AdminDocument) {
    if (!this.client) return;
    try {
      await saveResponse(await this.client.fetch('GET', `/admin/documents/${encodeURIComponent(document.id)}/file`), document.file.fileName);
    } catch (error) {
      this.error = this.errorText(error);
    }
  }

  async #delete(document: AdminDocument) {
    if (!this.client || this.busy) return;
    if (!confirm(this.t('console-docs.docDeleteConfirm', { title: document.title }))) return;
    this.busy = true;
    this.error = '';
    this.status = '';
    try {
      await this.client.call('delete', '/admin/documents/{document}', { params: { document: document.id } });
      if (this.editing?.id === document.id) this.editing = undefined;
      this.status = this.t('console-docs.docDeleted', { title: document.title });
      await this.#load();
    } catch (error) {
      this.error = this.errorText(error);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.querySelector<HTMLElement>('#documents-heading')?.focus();
  }

  async #save(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    const building = (form.elements.namedItem('building') as HTMLSelectElement).value;
    const title = field('title').value.trim();
    const date = field('date').value;
    const period = field('period').value.trim();
    const file = field('file').files?.[0];
    const editing = this.editing;
    const missing = !title ? 'title' : !date ? 'date' : !editing && !file ? 'file' : undefined;
    if (missing) {
      this.error = this.t('console-docs.docRequired');
      field(missing).focus();
      return;
    }
    if (period && !PERIOD.test(period)) {
      this.error = this.t('console-docs.docBadYear');
      field('period').focus();
      return;
    }
    if (!this.client || this.busy) return;
    const describe = (buildingRef: string) => ({
      buildingRef,
      category: (form.elements.namedItem('category') as HTMLSelectElement).value,
      title,
      date,
      period: period || null,
      requiresStrongAuth: field('strong').checked,
    });
    const formFor = (buildingRef: string) => {
      const payload = new FormData();
      payload.append('document', JSON.stringify(describe(buildingRef)));
      if (file) payload.append('file', file, file.name);
      return payload;
    };
    this.busy = true;
    this.error = '';
    this.status = '';
    try {
      if (editing) {
        await this.client.put(`/admin/documents/${encodeURIComponent(editing.id)}`, formFor(building));
        this.status = this.t('console-docs.docReplaced', { title });
        this.editing = undefined;
      } else {
        const targets = building === ALL ? this.buildings.map((b) => b.externalRef!) : [building];
        for (const ref of targets) await this.client.post('/admin/documents', formFor(ref));
        this.status = building === ALL ? this.t('console-docs.docUploadedMany', { title, count: targets.length }) : this.t('console-docs.docUploaded', { title });
      }
      form.reset();
      field('date').value = this.today();
      await this.#load();
    } catch (error) {
      this.error = this.errorText(error);
    } finally {
      this.busy = false;
    }
  }
}
