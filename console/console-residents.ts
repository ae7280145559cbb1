/**
 * @module
 * `<console-residents>`: the manager's residents (issue #14), for staff of both roles. Search by
 * a fragment of the address, the account number, a name or an email (the server's
 * `GET /admin/resident-search`, a page at a time); open a premise to see everyone who reaches it
 * (owner, proxy, household member; the proxy's authorisation and term; whether the account is
 * still waiting for its invitation); add a person as owner or proxy — an existing account by its
 * email, or a new one with an invitation or a temporary password that is shown once; send an
 * invitation again; revoke a grant. Everything through the admin people API
 * (server/admin/people), typed from the API document by `client.call`.
 */
import { html, nothing } from 'lit';
import type { ApiClient } from '../widgets/core/api-client.ts';
import type { Answer } from '../widgets/core/api-routes.ts';
import { formatDate } from '../widgets/core/i18n/messages.ts';
import { ConsoleElement } from './console-element.ts';

type Found = Answer<'/admin/resident-search', 'get'>['items'][number];
type Grant = Answer<'/admin/premises/{premiseRef}/grants', 'get'>['items'][number];
type Role = Grant['role'];

const PAGE = 25;

/** What the grant routes take as the premise: its externalRef, else its id (grants.routes.ts). */
const refOf = (premise: Found) => premise.externalRef ?? premise.id;

export class ConsoleResidents extends ConsoleElement {
  static override properties = {
    client: { attribute: false },
    found: { state: true },
    nextCursor: { state: true },
    premise: { state: true },
    grants: { state: true },
    proxy: { state: true },
    error: { state: true },
    status: { state: true },
    secret: { state: true },
    busy: { state: true },
    confirming: { state: true },
  };

  declare client: ApiClient | undefined;
  /** The search's results so far (more pages are appended); undefined before the first search. */
  declare found: Found[] | undefined;
  declare nextCursor: string | null;
  /** The premise opened, or undefined while the search is shown. */
  declare premise: Found | undefined;
  declare grants: Grant[] | undefined;
  /** The add form's role is proxy (the authorisation fields are shown). */
  declare proxy: boolean;
  declare error: string;
  declare status: string;
  /** A temporary password just made, with whose it is: shown once. */
  declare secret: { email: string; password: string } | undefined;
  declare busy: boolean;
  /** The person whose revocation waits for a second, confirming press. */
  declare confirming: string | undefined;
  #query = '';

  constructor() {
    super();
    this.nextCursor = null;
    this.proxy = true;
    this.error = '';
    this.status = '';
    this.busy = false;
  }

  override render() {
    return html`<h1 id="residents-heading" tabindex="-1">${this.t('console.res_heading')}</h1>
      ${this.premise ? nothing : this.#searchForm()}
      <p class="error" role="alert" aria-live="assertive">${this.error}</p>
      <div role="status" aria-live="polite">
        ${this.status ? html`<p class="status">${this.status}</p>` : nothing}
        ${this.secret
          ? html`<p class="notice">${this.t('console.res_temporary', { email: this.secret.email })} <code class="temporary-password">${this.secret.password}</code></p>`
          : nothing}
      </div>
      ${this.premise ? this.#premiseView(this.premise) : this.#results()}`;
  }

  #searchForm() {
    return html`<form class="filters residents-search" role="search" @submit=${this.#search} novalidate>
      <div class="grow">
        <label for="residents-q">${this.t('console.res_search')}</label>
        <input id="residents-q" name="q" type="search" autocomplete="off" minlength="2" maxlength="200" .value=${this.#query} aria-describedby="residents-q-hint" />
        <p id="residents-q-hint" class="muted">${this.t('console.res_searchHint')}</p>
      </div>
      <button type="submit" ?disabled=${this.busy}>${this.t('console.res_searchButton')}</button>
    </form>`;
  }

  #results() {
    const found = this.found;
    if (!found) return nothing;
    return html`<p class="summary" role="status" aria-live="polite">${found.length === 0 ? this.t('console.res_noResults') : this.t('console.res_found', { count: found.length })}</p>
      ${found.length === 0
        ? nothing
        : html`<div class="table-scroll">
            <table class="threads residents">
              <caption>${this.t('console.res_results')}</caption>
              <thead>
                <tr>
                  <th scope="col">${this.t('console.res_address')}</th>
                  <th scope="col">${this.t('console.res_account')}</th>
                  <th scope="col">${this.t('console.res_holder')}</th>
                  <th scope="col">${this.t('console.res_people')}</th>
                </tr>
              </thead>
              <tbody>
                ${found.map(
                  (p) => html`<tr>
                    <th scope="row"><button type="button" class="link" @click=${() => this.#open(p)}>${p.label}</button></th>
                    <td>${p.accountNumber}</td>
                    <td>${p.holder ?? ''}</td>
                    <td>${p.people.map((person, i) => html`${i > 0 ? html`<br />` : nothing}${person.name || person.email} <span class="muted">(${this.t(`console.res_role_${person.role}`)})</span>`)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>
          ${this.nextCursor ? html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${this.#more}>${this.t('console.res_more')}</button>` : nothing}`}`;
  }

  #premiseView(p: Found) {
    return html`<button type="button" class="secondary back" @click=${this.#back}>${this.t('console.res_back')}</button>
      <h2 id="premise-heading" tabindex="-1">${p.label}</h2>
      <dl class="premise-facts">
        <dt>${this.t('console.res_account')}</dt>
        <dd>${p.accountNumber}</dd>
        <dt>${this.t('console.res_building')}</dt>
        <dd>${p.building.address}${p.building.city ? `, ${p.building.city}` : ''}</dd>
        ${p.holder ? html`<dt>${this.t('console.res_holder')}</dt><dd>${p.holder}</dd>` : nothing}
      </dl>
      ${this.#people()} ${this.#addForm()}`;
  }

  #people() {
    const grants = this.grants;
    if (!grants) return html`<p>${this.t('console.loading')}</p>`;
    if (grants.length === 0) return html`<p>${this.t('console.res_nobody')}</p>`;
    return html`<div class="table-scroll">
      <table class="threads people">
        <caption>${this.t('console.res_peopleList')}</caption>
        <thead>
          <tr>
            <th scope="col">${this.t('console.res_name')}</th>
            <th scope="col">${this.t('console.email')}</th>
            <th scope="col">${this.t('console.res_role')}</th>
            <th scope="col">${this.t('console.res_terms')}</th>
            <th scope="col">${this.t('console.res_accountState')}</th>
            <th scope="col">${this.t('console.res_actions')}</th>
          </tr>
        </thead>
        <tbody>
          ${grants.map((g) => this.#person(g))}
        </tbody>
      </table>
    </div>`;
  }

  #person(g: Grant) {
    const who = g.user.name || g.user.email;
    const date = (iso: string) => formatDate(this.language, new Date(iso));
    const term = g.expiresAt
      ? this.t(g.status === 'expired' ? 'console.res_expired' : 'console.res_until', { date: date(g.expiresAt) })
      : g.role === 'proxy'
        ? this.t('console.res_noExpiry')
        : '';
    return html`<tr class=${g.status === 'expired' ? 'expired' : ''}>
      <th scope="row">${who}</th>
      <td>${g.user.email}</td>
      <td>${this.t(`console.res_role_${g.role}`)}</td>
      <td>${g.authorizationRef ?? ''}${g.authorizationRef && term ? html`<br />` : nothing}${term}</td>
      <td>${this.t(`console.res_status_${g.user.status}`)}</td>
      <td>
        ${g.user.status === 'pending'
          ? html`<button type="button" class="link" aria-label=${`${this.t('console.res_resend')}: ${who}`} ?disabled=${this.busy} @click=${() => this.#resend(g)}>
                ${this.t('console.res_resend')}</button
              ><br />`
          : nothing}
        ${this.confirming === g.user.id
          ? html`<button type="button" class="link danger revoke-confirm" aria-label=${`${this.t('console.res_revokeConfirm')}: ${who}`} ?disabled=${this.busy} @click=${() => this.#revoke(g)}>
                ${this.t('console.res_revokeConfirm')}</button
              ><br />
              <button type="button" class="link" aria-label=${`${this.t('console.res_revokeCancel')}: ${who}`} @click=${() => this.#cancelRevoke(g)}>
                ${this.t('console.res_revokeCancel')}
              </button>`
          : html`<button type="button" class="link revoke" aria-label=${`${this.t('console.res_revoke')}: ${who}`} ?disabled=${this.busy} @click=${() => this.#askRevoke(g)}>
              ${this.t('console.res_revoke')}
            </button>`}
      </td>
    </tr>`;
  }

  #addForm() {
    return html`<form class="notice-form add-person" @submit=${this.#add} novalidate aria-labelledby="add-person-heading">
      <h3 id="add-person-heading">${this.t('console.res_addHeading')}</h3>
      <fieldset>
        <legend>${this.t('console.res_grantRole')}</legend>
        ${(['proxy', 'owner'] as const).map(
          (role) => html`<label class="choice"
            ><input type="radio" name="role" value=${role} .checked=${this.proxy === (role === 'proxy')} @change=${() => (this.proxy = role === 'proxy')} />
            ${this.t(`console.res_role_${role}`)}</label
          >`,
        )}
      </fieldset>
      <label for="person-email">${this.t('console.email')}</label>
      <input id="person-email" name="email" type="email" autocomplete="off" required />
      <label for="person-name">${this.t('console.res_name')}</label>
      <input id="person-name" name="name" autocomplete="off" maxlength="200" />
      ${this.proxy
        ? html`<label for="person-authorization">${this.t('console.res_authRef')}</label>
            <input id="person-authorization" name="authorizationRef" autocomplete="off" maxlength="200" required aria-describedby="person-authorization-hint" />
            <p id="person-authorization-hint" class="muted">${this.t('console.res_authRefHint')}</p>
            <label for="person-expires">${this.t('console.res_expires')}</label>
            <input id="person-expires" name="expires" type="date" />`
        : nothing}
      <fieldset>
        <legend>${this.t('console.res_newAccount')}</legend>
        ${(['invitation', 'temporary_password'] as const).map(
          (signIn) => html`<label class="choice"
            ><input type="radio" name="signIn" value=${signIn} ?checked=${signIn === 'invitation'} /> ${this.t(`console.res_signIn_${signIn}`)}</label
          >`,
        )}
      </fieldset>
      <button type="submit" ?disabled=${this.busy}>${this.t('console.res_add')}</button>
    </form>`;
  }

  /** Runs one change: busy while it runs, its sentence or its error announced, the people reloaded. */
  async #act(work: (client: ApiClient) => Promise<string>): Promise<boolean> {
    if (!this.client || this.busy) return false;
    this.busy = true;
    this.error = '';
    this.status = '';
    this.secret = undefined;
    let done = false;
    try {
      this.status = await work(this.client);
      done = true;
    } catch (error) {
      this.error = this.errorText(error);
    } finally {
      this.busy = false;
    }
    if (this.premise) await this.#loadPeople(this.premise);
    return done;
  }

  async #search(event: SubmitEvent) {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('q') as HTMLInputElement;
    const query = input.value.trim();
    this.#query = input.value;
    if (query.length < 2) {
      this.error = this.t('console.res_tooShort');
      input.focus();
      return;
    }
    this.found = undefined;
    await this.#page(query, undefined);
  }

  async #more() {
    const count = this.found?.length ?? 0;
    await this.#page(this.#query.trim(), this.nextCursor ?? undefined);
    await this.updateComplete;
    // The first of the new rows, so a keyboard user carries on where the list grew.
    this.querySelectorAll<HTMLButtonElement>('table.residents tbody th button')[count]?.focus();
  }

  async #page(q: string, cursor: string | undefined) {
    if (!this.client) return;
    this.busy = true;
    this.error = '';
    this.status = '';
    try {
      const page = await this.client.call('get', '/admin/resident-search', { query: { q, limit: PAGE, ...(cursor ? { cursor } : {}) } });
      this.found = [...(cursor ? (this.found ?? []) : []), ...page.items];
      this.nextCursor = page.nextCursor;
    } catch (error) {
      this.error = this.errorText(error);
    } finally {
      this.busy = false;
    }
  }

  async #open(premise: Found) {
    this.premise = premise;
    this.grants = undefined;
    this.error = '';
    this.status = '';
    this.secret = undefined;
    this.proxy = true;
    this.confirming = undefined;
    await this.updateComplete;
    this.querySelector<HTMLElement>('#premise-heading')?.focus();
    await this.#loadPeople(premise);
  }

  async #back() {
    const label = this.premise?.label;
    this.premise = undefined;
    this.grants = undefined;
    this.status = '';
    this.secret = undefined;
    this.error = '';
    // The list shows the people as they are now.
    if (this.#query.trim().length >= 2) await this.#page(this.#query.trim(), undefined);
    await this.updateComplete;
    const again = [...this.querySelectorAll<HTMLButtonElement>('table.residents tbody th button')].find((b) => b.textContent?.trim() === label);
    (again ?? this.querySelector<HTMLElement>('#residents-q'))?.focus();
  }

  async #loadPeople(premise: Found) {
    if (!this.client) return;
    try {
      const page = await this.client.call('get', '/admin/premises/{premiseRef}/grants', { params: { premiseRef: refOf(premise) }, query: { limit: 1000 } });
      const order: Record<Role, number> = { owner: 0, proxy: 1, member: 2 };
      if (this.premise === premise) this.grants = [...page.items].sort((a, b) => order[a.role] - order[b.role] || a.user.name.localeCompare(b.user.name));
    } catch (error) {
      this.error = this.errorText(error);
    }
  }

  async #add(event: SubmitEvent) {
    event.preventDefault();
    const premise = this.premise;
    if (!premise) return;
    const form = event.currentTarget as HTMLFormElement;
    const value = (name: string) => ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '').trim();
    const role: 'owner' | 'proxy' = this.proxy ? 'proxy' : 'owner';
    const email = value('email');
    const authorizationRef = value('authorizationRef');
    const expires = value('expires');
    // The end of the chosen day in the browser's time zone.
    const expiresAt = expires ? new Date(`${expires}T23:59:59`) : undefined;
    const signIn = (form.querySelector<HTMLInputElement>('input[name=signIn]:checked')?.value ?? 'invitation') as 'invitation' | 'temporary_password';
    const problem = !email
      ? (['console.required', 'person-email'] as const)
      : role === 'proxy' && !authorizationRef
        ? (['console.res_needAuthRef', 'person-authorization'] as const)
        : expiresAt && !(expiresAt.getTime() > Date.now())
          ? (['console.res_expiryPast', 'person-expires'] as const)
          : undefined;
    if (problem) {
      this.error = this.t(problem[0]);
      this.status = '';
      form.querySelector<HTMLElement>(`#${problem[1]}`)?.focus();
      return;
    }
    const added = await this.#act(async (client) => {
      const existing = (await client.call('get', '/admin/users', { query: { email, limit: 1 } })).items[0];
      let userId = existing?.id;
      let name = existing?.name || existing?.email || '';
      const sentences: string[] = [];
      if (!existing) {
        const created = await client.call('post', '/admin/users', { body: { email, signIn, ...(value('name') ? { name: value('name') } : {}) } });
        userId = created.user.id;
        name = created.user.name || created.user.email;
        if (created.temporaryPassword) this.secret = { email: created.user.email, password: created.temporaryPassword };
        if (created.invitation) sentences.push(this.t('console.res_invited', { email: created.invitation.email }));
      }
      await client.call('put', '/admin/premises/{premiseRef}/grants/{userId}', {
        params: { premiseRef: refOf(premise), userId: userId! },
        body: role === 'proxy' ? { role, authorizationRef, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) } : { role },
      });
      return [this.t('console.res_added', { name, role: this.t(`console.res_role_${role}`) }), ...sentences].join(' ');
    });
    if (added) {
      form.reset();
      this.proxy = true;
    }
  }

  async #resend(g: Grant) {
    await this.#act(async (client) => {
      const { invitation } = await client.call('post', '/admin/users/{userId}/invitation', { params: { userId: g.user.id } });
      return this.t('console.res_resent', { email: invitation.email });
    });
  }

  /** Revoking is one press away from done: the row asks again, and the focus goes to the question. */
  async #askRevoke(g: Grant) {
    this.confirming = g.user.id;
    await this.updateComplete;
    this.querySelector<HTMLElement>('button.revoke-confirm')?.focus();
  }

  async #cancelRevoke(g: Grant) {
    this.confirming = undefined;
    await this.updateComplete;
    [...this.querySelectorAll<HTMLButtonElement>('button.revoke')].find((b) => b.getAttribute('aria-label')?.endsWith(`: ${g.user.name || g.user.email}`))?.focus();
  }

  async #revoke(g: Grant) {
    this.confirming = undefined;
    const premise = this.premise;
    if (!premise) return;
    const done = await this.#act(async (client) => {
      await client.call('delete', '/admin/premises/{premiseRef}/grants/{userId}', { params: { premiseRef: refOf(premise), userId: g.user.id } });
      return this.t('console.res_revoked', { name: g.user.name || g.user.email, label: premise.label });
    });
    // The row and its button are gone: the heading keeps the keyboard's place.
    if (done) this.querySelector<HTMLElement>('#premise-heading')?.focus();
  }
}
