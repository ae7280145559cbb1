/**
 * @module
 * `<console-notices>`: the manager's notices (the admin notices API, server/admin/notices): the
 * list with state, showing time and how many residents read each (for an urgent one, who); and a form to publish one to
 * every resident or to chosen buildings, urgent (pinned, with an end time) or not, now or at a
 * given time. Each building is a checkbox in a fieldset with its legend, so the choice is clear
 * to a screen reader; times are the browser's local time, sent as ISO instants.
 */
import { html, nothing } from 'lit';
import type { ApiClient } from '../widgets/core/api-client.ts';
import { ConsoleElement } from './console-element.ts';

interface AdminNotice {
  id: string;
  title: string;
  kind: 'normal' | 'urgent';
  audience: 'tenant' | 'buildings' | 'premises';
  publishAt: string;
  expiresAt: string | null;
  state: 'scheduled' | 'live' | 'expired';
  readCount: number;
}

interface Reader {
  name: string;
  email: string;
  readAt: string;
}

interface Building {
  id: string;
  externalRef: string | null;
  address: string;
  city: string | null;
}

export class ConsoleNotices extends ConsoleElement {
  static override properties = {
    client: { attribute: false },
    notices: { state: true },
    buildings: { state: true },
    audience: { state: true },
    status: { state: true },
    error: { state: true },
    busy: { state: true },
    readers: { state: true },
  };

  declare client: ApiClient | undefined;
  declare notices: AdminNotice[] | undefined;
  declare buildings: Building[];
  declare audience: 'tenant' | 'buildings';
  declare status: string;
  declare error: string;
  declare busy: boolean;
  /** Who read each urgent notice, loaded when its list is opened. */
  declare readers: Map<string, Reader[]>;

  constructor() {
    super();
    this.buildings = [];
    this.audience = 'tenant';
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
        this.client.get<{ items: Building[] }>('/admin/buildings?limit=1000'),
      ]);
      this.notices = notices.items;
      this.buildings = buildings.items.filter((b) => b.externalRef !== null);
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
      <label for="notice-title">${this.t('console.noticeTitle')}</label>
      <input id="notice-title" name="title" maxlength="200" required />
      <label for="notice-body">${this.t('console.noticeBody')}</label>
      <textarea id="notice-body" name="body" rows="6" required></textarea>
      <fieldset>
        <legend>${this.t('console.audience')}</legend>
        ${(['tenant', 'buildings'] as const).map(
          (value) => html`<label class="choice"
            ><input type="radio" name="audience" value=${value} .checked=${this.audience === value} @change=${() => (this.audience = value)} />
            ${this.t(`console.audience_${value}`)}</label
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
      <label class="choice"><input type="checkbox" name="urgent" /> ${this.t('console.urgent')}</label>
      <label for="notice-publish">${this.t('console.publishAt')}</label>
      <input id="notice-publish" name="publishAt" type="datetime-local" />
      <label for="notice-expires">${this.t('console.expiresAt')}</label>
      <input id="notice-expires" name="expiresAt" type="datetime-local" />
      <button type="submit" ?disabled=${this.busy}>${this.t('console.publish')}</button>
    </form>`;
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
            <th scope="row">${n.title}${n.kind === 'urgent' ? html` <span class="badge open">${this.t('console.urgentBadge')}</span>` : nothing}</th>
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

  async #publish(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    const title = field('title').value.trim();
    const body = field('body').value.trim();
    const urgent = field('urgent').checked;
    const buildingRefs = [...form.querySelectorAll<HTMLInputElement>('input[name=building]:checked')].map((input) => input.value);
    const instant = (name: string) => (field(name).value ? new Date(field(name).value).toISOString() : undefined);
    const problem = !title
      ? ['console.required', 'title']
      : !body
        ? ['console.required', 'body']
        : this.audience === 'buildings' && buildingRefs.length === 0
          ? ['console.chooseBuilding', 'building']
          : urgent && !instant('expiresAt')
            ? ['console.needsExpiry', 'expiresAt']
            : undefined;
    if (problem) {
      this.error = this.t(problem[0] as 'console.required');
      form.querySelector<HTMLElement>(`[name=${problem[1]}]`)?.focus();
      return;
    }
    const notice = {
      title,
      body,
      kind: urgent ? 'urgent' : 'normal',
      audience: this.audience,
      ...(this.audience === 'buildings' ? { buildingRefs } : {}),
      ...(instant('publishAt') ? { publishAt: instant('publishAt') } : {}),
      ...(instant('expiresAt') ? { expiresAt: instant('expiresAt') } : {}),
    };
    const payload = new FormData();
    payload.append('notice', JSON.stringify(notice));
    if (!this.client || this.busy) return;
    this.busy = true;
    this.error = '';
    try {
      await this.client.post('/admin/notices', payload);
      form.reset();
      this.audience = 'tenant';
      this.status = this.t('console.published');
      await this.#load();
    } catch (error) {
      this.error = this.errorText(error);
    } finally {
      this.busy = false;
    }
  }
}
