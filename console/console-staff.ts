/**
 * @module
 * `<console-staff>`: the tenant's staff accounts, for its admins (`/admin/staff`): the list with
 * each one's role (changed in place), whether the authenticator app is set up and whether the
 * account is active; opening an account (the temporary password is shown once); and, per
 * account, a new temporary password, a reset of the authenticator app (a lost phone) and
 * deactivation. One's own row has none of these (the server refuses them too: admin-rights.ts).
 */
import { html, nothing } from 'lit';
import type { ApiClient } from '../widgets/core/api-client.ts';
import type { MessageKey } from '../widgets/core/i18n/messages.ts';
import { ConsoleElement } from './console-element.ts';

interface StaffRow {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'staff';
  status: 'active' | 'disabled';
  totpEnrolled: boolean;
  mustChangePassword: boolean;
}

export class ConsoleStaff extends ConsoleElement {
  static override properties = {
    client: { attribute: false },
    self: { type: String },
    staff: { state: true },
    error: { state: true },
    status: { state: true },
    secret: { state: true },
    busy: { state: true },
  };

  declare client: ApiClient | undefined;
  /** The logged-in account's id: its row offers no actions. */
  declare self: string;
  declare staff: StaffRow[] | undefined;
  declare error: string;
  declare status: string;
  /** A temporary password just made, with whose it is: shown once. */
  declare secret: { email: string; password: string } | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.self = '';
    this.error = '';
    this.status = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    if (!this.client) return;
    try {
      this.staff = (await this.client.get<{ staff: StaffRow[] }>('/admin/staff')).staff;
    } catch (error) {
      this.error = this.errorText(error);
    }
  }

  override render() {
    return html`<h1 id="staff-heading" tabindex="-1">${this.t('console.staffHeading')}</h1>
      <form class="notice-form" @submit=${this.#create} novalidate>
        <h2>${this.t('console.staffNew')}</h2>
        <label for="staff-name">${this.t('console.staffName')}</label>
        <input id="staff-name" name="name" autocomplete="off" required />
        <label for="staff-email">${this.t('console.email')}</label>
        <input id="staff-email" name="email" type="email" autocomplete="off" required />
        <label for="staff-role">${this.t('console.staffRole')}</label>
        <select id="staff-role" name="role">
          <option value="staff">${this.t('console.role_staff')}</option>
          <option value="admin">${this.t('console.role_admin')}</option>
        </select>
        <div><button type="submit" ?disabled=${this.busy}>${this.t('console.staffCreate')}</button></div>
      </form>
      <p class="error" role="alert" aria-live="assertive">${this.error}</p>
      <div role="status" aria-live="polite">
        ${this.status ? html`<p class="status">${this.status}</p>` : nothing}
        ${this.secret
          ? html`<p class="notice">${this.t('console.staffTemporary', { email: this.secret.email })} <code class="temporary-password">${this.secret.password}</code></p>`
          : nothing}
      </div>
      ${this.staff
        ? html`<table class="threads staff">
            <caption>${this.t('console.staffList')}</caption>
            <thead>
              <tr>
                <th scope="col">${this.t('console.staffName')}</th>
                <th scope="col">${this.t('console.email')}</th>
                <th scope="col">${this.t('console.staffRole')}</th>
                <th scope="col">${this.t('console.state')}</th>
                <th scope="col">${this.t('console.staffActions')}</th>
              </tr>
            </thead>
            <tbody>
              ${this.staff.map((s) => this.#row(s))}
            </tbody>
          </table>`
        : html`<p>${this.t('console.loading')}</p>`}`;
  }

  #row(s: StaffRow) {
    const own = s.id === this.self;
    const active = s.status === 'active';
    const label = (key: MessageKey) => `${this.t(key)}: ${s.name}`;
    return html`<tr>
      <th scope="row">${s.name}</th>
      <td>${s.email}</td>
      <td>
        ${own || !active
          ? this.t(`console.role_${s.role}`)
          : html`<select aria-label=${label('console.staffRole')} .value=${s.role} @change=${(e: Event) => this.#role(s, (e.target as HTMLSelectElement).value as StaffRow['role'])}>
              <option value="staff" ?selected=${s.role === 'staff'}>${this.t('console.role_staff')}</option>
              <option value="admin" ?selected=${s.role === 'admin'}>${this.t('console.role_admin')}</option>
            </select>`}
      </td>
      <td>
        ${this.t(active ? 'console.staffActive' : 'console.staffDisabled')}
        ${active && !s.totpEnrolled ? html`<br /><span class="muted">${this.t('console.staffNoApp')}</span>` : nothing}
        ${active && s.mustChangePassword ? html`<br /><span class="muted">${this.t('console.staffMustChange')}</span>` : nothing}
      </td>
      <td>
        ${own
          ? html`<span class="muted">${this.t('console.staffYou')}</span>`
          : active
          ? html`<button type="button" class="link" aria-label=${label('console.staffResetPassword')} @click=${() => this.#resetPassword(s)}>${this.t('console.staffResetPassword')}</button><br />
              <button type="button" class="link" aria-label=${label('console.staffResetApp')} @click=${() => this.#resetApp(s)}>${this.t('console.staffResetApp')}</button><br />
              <button type="button" class="link" aria-label=${label('console.staffDisable')} @click=${() => this.#disable(s)}>${this.t('console.staffDisable')}</button>`
          : nothing}
      </td>
    </tr>`;
  }

  async #act(work: (client: ApiClient) => Promise<string>, focus?: () => HTMLElement | null) {
    if (!this.client || this.busy) return;
    this.busy = true;
    this.error = '';
    this.status = '';
    this.secret = undefined;
    try {
      this.status = await work(this.client);
      await this.#load();
    } catch (error) {
      this.error = this.errorText(error);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    focus?.()?.focus();
  }

  async #create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
    if (!value('name') || !value('email')) {
      this.error = this.t('console.required');
      form.querySelector<HTMLInputElement>(value('name') ? '#staff-email' : '#staff-name')?.focus();
      return;
    }
    await this.#act(async (client) => {
      const created = await client.post<{ staff: StaffRow; temporaryPassword: string }>('/admin/staff', { name: value('name'), email: value('email'), role: value('role') });
      form.reset();
      this.secret = { email: created.staff.email, password: created.temporaryPassword };
      return this.t('console.staffCreated', { email: created.staff.email });
    });
  }

  async #role(s: StaffRow, role: StaffRow['role']) {
    await this.#act(async (client) => {
      await client.patch(`/admin/staff/${s.id}`, { role });
      return this.t('console.staffRoleChanged', { name: s.name, role: this.t(`console.role_${role}`) });
    });
  }

  async #resetPassword(s: StaffRow) {
    await this.#act(async (client) => {
      const { temporaryPassword } = await client.post<{ temporaryPassword: string }>(`/admin/staff/${s.id}/password-reset`);
      this.secret = { email: s.email, password: temporaryPassword };
      return this.t('console.staffPasswordReset', { name: s.name });
    });
  }

  async #resetApp(s: StaffRow) {
    await this.#act(async (client) => {
      await client.post(`/admin/staff/${s.id}/totp-reset`);
      return this.t('console.staffAppReset', { name: s.name });
    });
  }

  async #disable(s: StaffRow) {
    await this.#act(
      async (client) => {
        await client.delete(`/admin/staff/${s.id}`);
        return this.t('console.staffDisabledDone', { name: s.name });
      },
      () => this.querySelector<HTMLElement>('#staff-heading'),
    );
  }
}
