/**
 * @module
 * `<console-notices>`: the manager's notices (the admin notices API, server/admin/notices): the
 * list with state, audience, languages, attachments, showing time and how many residents read each
 * (for an urgent one, who); and a form to publish one:
 * - the text in Latvian, with optional Russian and English versions, each language a fieldset
 *   with its legend (a resident reads the version of their language, else the Latvian one);
 * - to every resident, to chosen buildings (a checkbox each) or to single premises, found by a
 *   search over address and account number and kept chosen while the search changes;
 * - urgent (pinned, with an end time) or not, now or at a given time, with an optional end;
 * - up to five attachments, 25 MB in all, sent with the notice as multipart/form-data.
 * Times are the browser's local time, sent as ISO instants. Every problem is announced in the
 * alert region and focus goes to the field concerned.
 */
import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { ApiClient } from '../widgets/core/api-client.ts';
import { ApiError } from '../widgets/core/api-error.ts';
import { tenantBuildings, type Building } from './buildings.ts';
import { ConsoleElement } from './console-element.ts';
import './i18n/notices/index.ts';

interface Version {
  title: string;
  body: string;
}

interface AdminNotice {
  id: string;
  title: string;
  kind: 'normal' | 'urgent';
  audience: 'tenant' | 'buildings' | 'premises';
  buildings: Array<{ id: string; externalRef: string | null }>;
  premises: Array<{ id: string; externalRef: string | null; label: string }>;
  publishAt: string;
  expiresAt: string | null;
  state: 'scheduled' | 'live' | 'expired';
  readCount: number;
  translations?: Partial<Record<'ru' | 'en', Version>>;
  attachments: Array<{ id: string; fileName: string }>;
}

interface Reader {
  name: string;
  email: string;
  readAt: string;
}


interface Premise {
  id: string;
  externalRef: string | null;
  label: string;
  accountNumber: string;
}

type Audience = 'tenant' | 'buildings' | 'premises';
const AUDIENCES: readonly Audience[] = ['tenant', 'buildings', 'premises'];
const OTHER_LANGUAGES = ['ru', 'en'] as const;
/** As the server takes them (server/admin/notices/notices.routes.ts, NOTICE_ATTACHMENTS). */
const MAX_FILES = 5;
const MAX_TOTAL_BYTES = 25 * 1024 * 1024;
/** Search results shown at once; the chosen premises always show. */
const MAX_MATCHES = 30;
const PAGE = 1000;

export class ConsoleNotices extends ConsoleElement {
  static override properties = {
    client: { attribute: false },
    notices: { state: true },
    buildings: { state: true },
    premises: { state: true },
    audience: { state: true },
    search: { state: true },
    chosen: { state: true },
    status: { state: true },
    error: { state: true },
    busy: { state: true },
    readers: { state: true },
  };

  declare client: ApiClient | undefined;
  declare notices: AdminNotice[] | undefined;
  declare buildings: Building[];
  /** Every premise with an externalRef, loaded when "single premises" is first chosen. */
  declare premises: Premise[] | undefined;
  declare audience: Audience;
  declare search: string;
  /** The chosen premises' externalRefs. */
  declare chosen: ReadonlySet<string>;
  declare status: string;
  declare error: string;
  declare busy: boolean;
  /** Who read each urgent notice, loaded when its list is opened. */
  declare readers: Map<string, Reader[]>;

  constructor() {
    super();
    this.buildings = [];
    this.audience = 'tenant';
    this.search = '';
    this.chosen = new Set();
    this.status = '';
    this.error = '';
    this.busy = false;
    this.readers = new Map();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    if (!this.client) return;
    try {
      const [notices, buildings] = await Promise.all([
        this.client.get<{ items: AdminNotice[] }>('/admin/notices?limit=100'),
        tenantBuildings(this.client),
      ]);
      // Newest first, as the caption says.
      this.notices = [...notices.items].sort((a, b) => b.publishAt.localeCompare(a.publishAt));
      this.buildings = buildings;
    } catch (error) {
      this.error = this.errorText(error);
    }
  }

  async #loadPremises() {
    if (!this.client || this.premises) return;
    try {
      const all: Premise[] = [];
      let cursor: string | null = null;
      do {
        const query: URLSearchParams = new URLSearchParams({ limit: String(PAGE), ...(cursor ? { cursor } : {}) });
        const page: { items: Premise[]; nextCursor: string | null } = await this.client.get(`/admin/premises?${query}`);
        all.push(...page.items.filter((p) => p.externalRef !== null));
        cursor = page.nextCursor;
      } while (cursor);
      this.premises = all.sort((a, b) => a.label.localeCompare(b.label, 'lv', { numeric: true }));
    } catch (error) {
      this.error = this.errorText(error);
    }
  }

  override render() {
    return html`<h1 id="notices-heading" tabindex="-1">${this.t('console.notices')}</h1>
      ${this.#form()}
      <p class="status" role="status" aria-live="polite">${this.status}</p>
      <p class="error" role="alert" aria-live="assertive">${this.error}</p>
      ${this.#list()}`;
  }

  #form() {
    return html`<form class="notice-form" @submit=${this.#publish} novalidate aria-labelledby="new-notice-heading">
      <h2 id="new-notice-heading">${this.t('console.newNotice')}</h2>
      <fieldset class="language" lang="lv">
        <legend>${this.t('consoleNotices.legend_lv')}</legend>
        <label for="notice-title">${this.t('console.noticeTitle')}</label>
        <input id="notice-title" name="title" maxlength="200" required aria-required="true" />
        <label for="notice-body">${this.t('console.noticeBody')}</label>
        <textarea id="notice-body" name="body" rows="6" required aria-required="true"></textarea>
      </fieldset>
      ${OTHER_LANGUAGES.map(
        (language) => html`<fieldset class="language" lang=${language}>
          <legend>${this.t(`consoleNotices.legend_${language}`)}</legend>
          <label for="notice-title-${language}">${this.t(`consoleNotices.title_${language}`)}</label>
          <input id="notice-title-${language}" name="title_${language}" maxlength="200" />
          <label for="notice-body-${language}">${this.t(`consoleNotices.body_${language}`)}</label>
          <textarea id="notice-body-${language}" name="body_${language}" rows="4"></textarea>
        </fieldset>`,
      )}
      <fieldset>
        <legend>${this.t('console.audience')}</legend>
        ${AUDIENCES.map(
          (value) => html`<label class="choice"
            ><input type="radio" name="audience" value=${value} .checked=${live(this.audience === value)} @change=${() => this.#chooseAudience(value)} />
            ${value === 'premises' ? this.t('consoleNotices.audience_premises') : this.t(`console.audience_${value}`)}</label
          >`,
        )}
      </fieldset>
      ${this.audience === 'buildings'
        ? html`<fieldset class="buildings">
            <legend>${this.t('console.buildings')}</legend>
            ${this.buildings.map(
              (b) => html`<label class="choice"><input type="checkbox" name="building" value=${b.externalRef!} /> ${b.address}${b.city ? `, ${b.city}` : ''}</label>`,
            )}
          </fieldset>`
        : nothing}
      ${this.audience === 'premises' ? this.#premisePicker() : nothing}
      <label for="notice-files">${this.t('consoleNotices.attachments')}</label>
      <input id="notice-files" name="attachments" type="file" multiple />
      <label class="choice"><input type="checkbox" name="urgent" /> ${this.t('console.urgent')}</label>
      <label for="notice-publish">${this.t('console.publishAt')}</label>
      <input id="notice-publish" name="publishAt" type="datetime-local" />
      <label for="notice-expires">${this.t('console.expiresAt')}</label>
      <input id="notice-expires" name="expiresAt" type="datetime-local" />
      <button type="submit" ?disabled=${this.busy}>${this.t('console.publish')}</button>
    </form>`;
  }

  #premisePicker() {
    const premises = this.premises;
    if (!premises) return html`<p>${this.t('console.loading')}</p>`;
    const words = this.search.toLocaleLowerCase('lv').split(/\s+/).filter(Boolean);
    const matches = words.length === 0 ? [] : premises.filter((p) => !this.chosen.has(p.externalRef!) && words.every((w) => `${p.label} ${p.accountNumber} ${p.externalRef}`.toLocaleLowerCase('lv').includes(w)));
    const chosen = premises.filter((p) => this.chosen.has(p.externalRef!));
    const box = (p: Premise) =>
      html`<label class="choice"
        ><input type="checkbox" name="premise" value=${p.externalRef!} .checked=${live(this.chosen.has(p.externalRef!))} @change=${(e: Event) => this.#toggle(p.externalRef!, (e.target as HTMLInputElement).checked)} />
        ${p.label} <span class="muted">· ${this.t('console.account')} ${p.accountNumber}</span></label
      >`;
    return html`<fieldset class="premises">
      <legend>${this.t('consoleNotices.premises')}</legend>
      <p class="muted" id="premises-chosen" aria-live="polite">${this.t('consoleNotices.premisesChosen', { count: chosen.length })}</p>
      ${chosen.map(box)}
      <label for="premise-search">${this.t('consoleNotices.premiseSearch')}</label>
      <input id="premise-search" type="search" autocomplete="off" .value=${live(this.search)} aria-describedby="premise-matches" @input=${(e: Event) => (this.search = (e.target as HTMLInputElement).value)} @keydown=${this.#noSubmitOnEnter} />
      <p class="muted" id="premise-matches" role="status">
        ${words.length === 0 ? '' : this.t('consoleNotices.premiseMatches', { count: matches.length })}
        ${matches.length > MAX_MATCHES ? this.t('consoleNotices.premiseMatchesMore', { count: MAX_MATCHES }) : ''}
      </p>
      ${matches.slice(0, MAX_MATCHES).map(box)}
    </fieldset>`;
  }

  /** Enter in the search field searches (it already does, as one types); it does not publish the half-written notice. */
  #noSubmitOnEnter(event: KeyboardEvent) {
    if (event.key === 'Enter') event.preventDefault();
  }

  #chooseAudience(value: Audience) {
    this.audience = value;
    if (value === 'premises') void this.#loadPremises();
  }

  #toggle(ref: string, on: boolean) {
    const next = new Set(this.chosen);
    if (on) next.add(ref);
    else next.delete(ref);
    this.chosen = next;
  }

  #list() {
    const notices = this.notices;
    if (!notices) return html`<p>${this.t('console.loading')}</p>`;
    if (notices.length === 0) return html`<p>${this.t('console.noticesEmpty')}</p>`;
    return html`<table class="threads notices">
      <caption>${this.t('console.noticeList')}</caption>
      <thead>
        <tr>
          <th scope="col">${this.t('console.noticeTitle')}</th>
          <th scope="col">${this.t('console.state')}</th>
          <th scope="col">${this.t('console.shown')}</th>
          <th scope="col">${this.t('console.reads')}</th>
        </tr>
      </thead>
      <tbody>
        ${notices.map(
          (n) => html`<tr>
            <th scope="row">
              ${n.title}${n.kind === 'urgent' ? html` <span class="badge open">${this.t('console.urgentBadge')}</span>` : nothing}
              <br /><span class="muted"
                >${this.#audienceText(n)} · ${this.t('consoleNotices.languages')}: ${['lv', ...Object.keys(n.translations ?? {})].join(', ')} ·
                ${this.t('consoleNotices.attachmentCount', { count: n.attachments.length })}</span
              >
            </th>
            <td>${this.t(`console.state_${n.state}`)}</td>
            <td>${this.dateTime(n.publishAt)}${n.expiresAt ? html` – ${this.dateTime(n.expiresAt)}` : nothing}</td>
            <td>
              ${n.kind === 'urgent'
                ? html`<details @toggle=${(e: Event) => this.#loadReaders(n.id, e)}>
                    <summary>${this.t('console.whoRead', { count: n.readCount })}</summary>
                    ${this.#readers(n.id)}
                  </details>`
                : n.readCount}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  #audienceText(n: AdminNotice): string {
    if (n.audience === 'tenant') return this.t('consoleNotices.audienceOf_tenant');
    if (n.audience === 'buildings') return this.t('consoleNotices.audienceOf_buildings', { count: n.buildings.length });
    const labels = n.premises.map((p) => p.label);
    return labels.length <= 3 ? labels.join(', ') : this.t('consoleNotices.audienceOf_premises', { count: labels.length });
  }

  #readers(noticeId: string) {
    const readers = this.readers.get(noticeId);
    if (!readers) return html`<p>${this.t('console.loading')}</p>`;
    if (readers.length === 0) return html`<p>${this.t('console.nobodyRead')}</p>`;
    return html`<ul class="readers">
      ${readers.map((r) => html`<li>${r.name} (${r.email}) · ${this.dateTime(r.readAt)}</li>`)}
    </ul>`;
  }

  async #loadReaders(noticeId: string, event: Event) {
    if (!(event.target as HTMLDetailsElement).open || !this.client) return;
    try {
      const answer = await this.client.get<{ items: Reader[] }>(`/admin/notices/${encodeURIComponent(noticeId)}/readers`);
      this.readers = new Map(this.readers).set(noticeId, answer.items);
    } catch (error) {
      this.error = this.errorText(error);
    }
  }

  /** The first problem of the form as [message, the field to focus], or undefined when it may be sent. */
  #problem(form: HTMLFormElement): [string, string] | undefined {
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    if (!value('title')) return [this.t('console.required'), 'notice-title'];
    if (!value('body')) return [this.t('console.required'), 'notice-body'];
    for (const language of OTHER_LANGUAGES) {
      const title = value(`title_${language}`);
      const body = value(`body_${language}`);
      if (title && !body) return [this.t('consoleNotices.halfTranslation'), `notice-body-${language}`];
      if (body && !title) return [this.t('consoleNotices.halfTranslation'), `notice-title-${language}`];
    }
    if (this.audience === 'buildings' && !form.querySelector('input[name=building]:checked')) return [this.t('console.chooseBuilding'), 'building'];
    if (this.audience === 'premises' && this.chosen.size === 0) return [this.t('consoleNotices.choosePremise'), 'premise-search'];
    const files = [...((form.elements.namedItem('attachments') as HTMLInputElement).files ?? [])];
    if (files.length > MAX_FILES) return [this.t('consoleNotices.tooManyFiles'), 'notice-files'];
    if (files.reduce((sum, f) => sum + f.size, 0) > MAX_TOTAL_BYTES) return [this.t('consoleNotices.filesTooLarge'), 'notice-files'];
    const urgent = (form.elements.namedItem('urgent') as HTMLInputElement).checked;
    if (urgent && !value('expiresAt')) return [this.t('console.needsExpiry'), 'notice-expires'];
    if (value('expiresAt') && value('publishAt') && new Date(value('expiresAt')) <= new Date(value('publishAt'))) return [this.t('consoleNotices.expiryBeforePublish'), 'notice-expires'];
    return undefined;
  }

  async #publish(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    if (!this.client || this.busy) return;
    const problem = this.#problem(form);
    if (problem) {
      this.status = '';
      this.error = problem[0];
      (form.querySelector<HTMLElement>(`#${problem[1]}`) ?? form.querySelector<HTMLElement>(`[name=${problem[1]}]`))?.focus();
      return;
    }
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    const instant = (name: string) => (value(name) ? new Date(value(name)).toISOString() : undefined);
    const translations: Partial<Record<'ru' | 'en', Version>> = {};
    for (const language of OTHER_LANGUAGES) {
      if (value(`title_${language}`).trim()) translations[language] = { title: value(`title_${language}`).trim(), body: value(`body_${language}`) };
    }
    const notice = {
      title: value('title').trim(),
      body: value('body'),
      kind: (form.elements.namedItem('urgent') as HTMLInputElement).checked ? 'urgent' : 'normal',
      audience: this.audience,
      ...(this.audience === 'buildings' ? { buildingRefs: [...form.querySelectorAll<HTMLInputElement>('input[name=building]:checked')].map((i) => i.value) } : {}),
      ...(this.audience === 'premises' ? { premiseRefs: [...this.chosen] } : {}),
      ...(instant('publishAt') ? { publishAt: instant('publishAt') } : {}),
      ...(instant('expiresAt') ? { expiresAt: instant('expiresAt') } : {}),
      translations,
    };
    const payload = new FormData();
    payload.append('notice', JSON.stringify(notice));
    for (const file of (form.elements.namedItem('attachments') as HTMLInputElement).files ?? []) payload.append('attachments', file, file.name);
    this.busy = true;
    this.error = '';
    this.status = '';
    try {
      const answer = await this.client.post<{ item: AdminNotice }>('/admin/notices', payload);
      form.reset();
      this.audience = 'tenant';
      this.chosen = new Set();
      this.search = '';
      this.status = answer.item.state === 'scheduled' ? this.t('consoleNotices.scheduled', { time: this.dateTime(answer.item.publishAt) }) : this.t('console.published');
      await this.#load();
    } catch (error) {
      this.error = error instanceof ApiError && error.code === 'validation_failed' ? this.t('consoleNotices.invalidNotice') : this.errorText(error);
    } finally {
      this.busy = false;
    }
  }
}
