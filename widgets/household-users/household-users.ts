/**
 * @module
 * `<household-users>`: the owner's screen for the people it lets use an address ("Lietotāji" in
 * Latvijas Gāze's portal): invite by email with rights, see pending invitations, change rights,
 * remove. It follows the page's active address; a member, who may not manage users, is told so.
 * What the resident may do comes from the server (`actions` in GET /me), never decided here.
 */
// The session at the first render: only <owner-login> shows something before it arrives.
import '../core/session-store.ts';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { ApiError } from '../core/api-error.ts';
import { DoorstepElement } from '../core/base-element.ts';
import { languages, registerMessages, type MessageKey } from '../core/i18n/messages.ts';
import type { Premise, SessionChangeEvent } from '../core/session-store.ts';
import { shadowControlStyles } from '../core/styles/controls.ts';
import { lightFormStyles } from '../core/styles/light-form.ts';
import { hostStyles } from '../core/styles/tokens.ts';
import { DoorstepMembersChangeEvent, type MembersChange } from './doorstep-members-change.ts';
import { householdUsersStyles } from './household-users.styles.ts';
import { lv } from './i18n/lv.ts';
import * as api from './members-client.ts';
import { RIGHTS, type Member, type MembersList, type PendingInvitation, type Right } from './members-client.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

/** The server says what the user may do on each premise (GET /me); an older server only the role. */
const mayManage = (premise: Premise) => (premise.actions ?? (premise.role === 'member' ? [] : ['members.manage'])).includes('members.manage');

let instanceCount = 0;

/**
 * @summary The owner's list of household users of the active address: invite by email with rights
 * (invoices, meter readings), withdraw invitations, change rights, remove.
 *
 * @attr api - Base URL of the Doorstep API; else taken from `<doorstep-config>`.
 * @attr tenant - The property manager's slug; else taken from `<doorstep-config>`.
 * @attr now - Demo mode only: ISO time the server takes as now.
 * @attr lang - `lv` (default), `en` or `ru`; else the closest ancestor's `lang`, else the page's.
 *
 * @event {DoorstepMembersChangeEvent} doorstep-members-change - The resident invited, changed,
 * removed or withdrew someone here. `detail: {premiseId, change, email}`.
 *
 * @csspart base - The wrapper of everything shown.
 * @csspart heading - "Lietotāji".
 * @csspart intro - What the screen is for, naming the active address.
 * @csspart not-allowed - Shown instead to a household user, who may not manage users.
 * @csspart message - Errors (an `aria-live` alert).
 * @csspart notice - Confirmations (a `status` region), e.g. "Uzaicinājums nosūtīts".
 * @csspart member - One household user's card.
 * @csspart invitation - One pending invitation.
 * @csspart invite-form - The form that adds a user.
 *
 * @cssproperty --doorstep-color-primary - Buttons and checkboxes. Default `#0b57d0`.
 * @cssproperty --doorstep-color-outline - Input and card borders. Default `#5b6470`.
 * @cssproperty --doorstep-color-error - Error messages. Default `#b3261e`.
 * @cssproperty --doorstep-color-success - Confirmations. Default `#146c2e`.
 * @cssproperty --doorstep-font-size - Base text size. Default `1.125rem`.
 * @cssproperty --doorstep-control-height - Height of inputs and buttons, never below 44px. Default `3rem`.
 * @cssproperty --doorstep-household-users-max-width - Width limit. Default `40rem`.
 * @cssproperty --doorstep-household-users-card-border-color - Border of a user's card; falls back to `--doorstep-color-outline`.
 */
export class HouseholdUsers extends DoorstepElement {
  static override styles = [hostStyles, shadowControlStyles, lightFormStyles, householdUsersStyles];

  readonly #id = `doorstep-household-${++instanceCount}`;
  #list: MembersList | null = null;
  /** The premise the list shown is (or is being loaded) for; null when nothing is to be shown. */
  #listFor: string | null = null;
  #loading: AbortController | null = null;
  #error: unknown = null;
  #notice = '';
  #busy = false;
  #confirming: string | null = null;
  #fieldErrors: Record<string, MessageKey> = {};
  /** What takes focus once the next render is on screen (an error's message or field). */
  #focusAfterRender: string | null = null;

  /** Loads the list again (e.g. after the host page changed something). */
  refresh(): void {
    this.#load(this.#wanted(), true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#loading?.abort();
    this.#listFor = null;
  }

  protected override sessionChanged(event: SessionChangeEvent): void {
    if (event.reason !== 'user') {
      this.#error = null;
      this.#notice = '';
      this.#confirming = null;
      this.#fieldErrors = {};
    }
    super.sessionChanged(event);
  }

  /** The premise whose users should be on screen: the active one, when the resident may manage it. */
  #wanted(): string | null {
    const session = this.session;
    const active = session?.status === 'authenticated' ? session.activePremise : null;
    return active && mayManage(active) ? active.id : null;
  }

  /** Before each render: when the address (or the session) changed, start loading its users. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const wanted = this.#wanted();
    if (wanted !== this.#listFor) this.#load(wanted, false, false);
  }

  #load(premiseId: string | null, keepMessages = false, rerender = true): void {
    this.#loading?.abort();
    this.#loading = null;
    this.#listFor = premiseId;
    if (!keepMessages) this.#list = null;
    if (!premiseId || !this.client) {
      if (rerender) this.requestUpdate();
      return;
    }
    const controller = new AbortController();
    this.#loading = controller;
    api
      .listMembers(this.client, premiseId, controller.signal)
      .then((list) => {
        if (controller.signal.aborted) return;
        this.#list = list;
        this.#error = keepMessages ? this.#error : null;
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) this.#error = error;
      })
      .finally(() => {
        if (this.#loading === controller) this.#loading = null;
        this.requestUpdate();
      });
    if (rerender) this.requestUpdate();
  }

  protected override render(): TemplateResult {
    const session = this.session;
    const active = session?.activePremise ?? null;
    let body: TemplateResult | string;
    if (!session) body = html`<p>${this.t('common.configMissing')}</p>`;
    else if (session.status === 'restoring') body = html`<p>${this.t('common.loading')}</p>`;
    else if (session.status !== 'authenticated') body = html`<p>${this.t('household-users.loginFirst')}</p>`;
    else if (!active) body = html`<p>${this.t('household-users.noAddress')}</p>`;
    else if (!mayManage(active)) body = html`<p part="not-allowed">${this.t('household-users.notAllowed')}</p>`;
    else body = this.#renderManager(active);
    return html`
      <section part="base" class="base" aria-labelledby="${this.#id}-heading" aria-busy=${this.#loading || this.#busy ? 'true' : 'false'}>
        <h2 part="heading" id="${this.#id}-heading">${this.t('household-users.heading')}</h2>
        <p part="message" class="message" role="alert" tabindex="-1">${this.#error ? this.#errorText(this.#error) : ''}</p>
        <p part="notice" class="notice" role="status">${this.#notice}</p>
        ${body}
      </section>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const target = this.#focusAfterRender;
    if (!target) return;
    this.#focusAfterRender = null;
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  #renderManager(active: Premise): TemplateResult {
    const list = this.#list;
    return html`
      <p part="intro" class="intro">${this.t('household-users.intro', { label: active.label })}</p>
      ${list ? this.#renderLists(list) : this.#loading ? html`<p>${this.t('common.loading')}</p>` : nothing}
      ${this.#renderInviteForm(active)}
    `;
  }

  #renderLists(list: MembersList): TemplateResult {
    return html`
      <h3 id="${this.#id}-members" tabindex="-1">${this.t('household-users.membersHeading')}</h3>
      ${list.members.length === 0
        ? html`<p>${this.t('household-users.noMembers')}</p>`
        : html`<ul class="list" aria-labelledby="${this.#id}-members">${list.members.map((m) => this.#renderMember(m))}</ul>`}
      ${list.invitations.length === 0
        ? nothing
        : html`<h3 id="${this.#id}-invitations">${this.t('household-users.invitationsHeading')}</h3>
            <ul class="list" aria-labelledby="${this.#id}-invitations">${list.invitations.map((i) => this.#renderInvitation(i))}</ul>`}
    `;
  }

  #renderMember(member: Member): TemplateResult {
    const id = `${this.#id}-m-${member.userId}`;
    const name = member.name || member.email;
    const error = this.#fieldErrors[member.userId];
    return html`
      <li part="member" class="card" data-user=${member.userId}>
        <form class="doorstep-form" novalidate @submit=${(e: SubmitEvent) => this.#save(e, member)}>
          <fieldset aria-describedby="${id}-error">
            <legend class="who">${name}${member.name ? html` <span class="email">(${member.email})</span>` : nothing}</legend>
            ${this.#renderRights(id, member.rights)}
            <p id="${id}-error" class="doorstep-field-error">${error ? this.t(error) : ''}</p>
          </fieldset>
          ${this.#confirming === member.userId
            ? html`<p>${this.t('household-users.confirmRemove', { name })}</p>
                <div class="doorstep-actions">
                  <button class="doorstep-button" type="button" data-action="confirm-remove" @click=${() => this.#remove(member)}>
                    ${this.t('household-users.confirmYes')}
                  </button>
                  <button class="doorstep-button doorstep-button--secondary" type="button" @click=${() => this.#confirm(null)}>
                    ${this.t('household-users.cancel')}
                  </button>
                </div>`
            : html`<div class="doorstep-actions">
                <button class="doorstep-button" type="submit" data-action="save">${this.t('household-users.save')}</button>
                <button class="doorstep-button doorstep-button--secondary" type="button" data-action="remove" @click=${() => this.#confirm(member.userId)}>
                  ${this.t('household-users.remove')}
                </button>
              </div>`}
        </form>
      </li>
    `;
  }

  #renderRights(id: string, checked: readonly Right[]): TemplateResult {
    return html`${RIGHTS.map(
      (right) => html`
        <div class="doorstep-check">
          <input id="${id}-${right}" type="checkbox" name="rights" value=${right} .checked=${checked.includes(right)} />
          <label for="${id}-${right}">${this.t(`household-users.${right}`)}</label>
        </div>
      `,
    )}`;
  }

  #renderInvitation(invitation: PendingInvitation): TemplateResult {
    const rights = invitation.rights.map((r) => this.t(`household-users.${r}`)).join(', ');
    return html`
      <li part="invitation" class="card invitation" data-invitation=${invitation.id}>
        <div>
          <p class="who">${invitation.email}</p>
          <p>${rights}</p>
          <p>${this.t('household-users.validUntil', { date: new Date(invitation.expiresAt) })}</p>
        </div>
        <button class="button button--secondary" type="button" data-action="withdraw" @click=${() => this.#withdraw(invitation)}>
          ${this.t('household-users.withdraw')}
          <span class="visually-hidden">${invitation.email}</span>
        </button>
      </li>
    `;
  }

  #renderInviteForm(active: Premise): TemplateResult {
    const id = `${this.#id}-invite`;
    const others = (this.session?.premises ?? []).filter((p) => p.id !== active.id && mayManage(p));
    const emailError = this.#fieldErrors['email'];
    const rightsError = this.#fieldErrors['rights'];
    return html`
      <form part="invite-form" class="doorstep-form" novalidate @submit=${this.#invite}>
        <fieldset>
          <legend>${this.t('household-users.inviteHeading')}</legend>
          <div class="doorstep-field">
            <label for="${id}-email">${this.t('household-users.email')}</label>
            <input id="${id}-email" name="email" class="doorstep-input" type="email" autocomplete="off" required spellcheck="false"
              autocapitalize="none" aria-invalid=${emailError ? 'true' : 'false'} aria-describedby="${id}-email-error ${id}-email-hint" />
            <p id="${id}-email-error" class="doorstep-field-error">${emailError ? this.t(emailError) : ''}</p>
            <p id="${id}-email-hint" class="doorstep-hint">${this.t('household-users.emailHint')}</p>
          </div>
          <fieldset aria-describedby="${id}-rights-error">
            <legend>${this.t('household-users.rightsLegend')}</legend>
            ${this.#renderRights(`${id}-rights`, ['invoices'])}
            <p id="${id}-rights-error" class="doorstep-field-error">${rightsError ? this.t(rightsError) : ''}</p>
          </fieldset>
          ${others.length === 0
            ? nothing
            : html`<fieldset>
                <legend>${this.t('household-users.alsoPremises')}</legend>
                ${others.map(
                  (p) => html`<div class="doorstep-check">
                    <input id="${id}-p-${p.id}" type="checkbox" name="premiseIds" value=${p.id} />
                    <label for="${id}-p-${p.id}">${p.label} (${p.accountNumber})</label>
                  </div>`,
                )}
              </fieldset>`}
          <div class="doorstep-field">
            <label for="${id}-language">${this.t('household-users.language')}</label>
            <select id="${id}-language" name="language" class="doorstep-input">
              ${languages.map((l) => html`<option value=${l} .selected=${l === this.language}>${this.t(`household-users.${l}`)}</option>`)}
            </select>
          </div>
        </fieldset>
        <div class="doorstep-actions">
          <button class="doorstep-button" type="submit" aria-disabled=${this.#busy ? 'true' : 'false'}>
            ${this.t(this.#busy ? 'household-users.submitting' : 'household-users.submit')}
          </button>
        </div>
      </form>
    `;
  }

  #errorText(error: unknown): string {
    return (error as Partial<ApiError>).code === 'already_has_access' ? this.t('household-users.already_has_access') : this.errorText(error);
  }

  /** Runs one change: busy while it runs, its error or notice shown, the list reloaded after. */
  async #act(premiseId: string, change: MembersChange, email: string, work: () => Promise<string>): Promise<boolean> {
    if (this.#busy || !this.client) return false;
    this.#busy = true;
    this.#error = null;
    this.#notice = '';
    this.requestUpdate();
    try {
      this.#notice = await work();
      this.dispatchEvent(new DoorstepMembersChangeEvent(premiseId, change, email));
      return true;
    } catch (error) {
      // About no field (the network, someone who already has access, a user already removed):
      // the alert takes focus, so it is read out and the next Tab starts there.
      this.#error = error;
      this.#focusAfterRender = '[part="message"]';
      return false;
    } finally {
      this.#busy = false;
      if (this.#listFor === premiseId) this.#load(premiseId, true);
      this.requestUpdate();
    }
  }

  readonly #invite = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const premiseId = this.#listFor;
    const form = event.currentTarget as HTMLFormElement;
    if (!premiseId || this.#busy) return;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const rights = data.getAll('rights') as Right[];
    this.#fieldErrors = {};
    if (!email) this.#fieldErrors['email'] = 'common.required';
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) this.#fieldErrors['email'] = 'common.invalidEmail';
    if (rights.length === 0) this.#fieldErrors['rights'] = 'household-users.pickRight';
    if (Object.keys(this.#fieldErrors).length > 0) {
      this.requestUpdate();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(this.#fieldErrors['email'] ? '[name="email"]' : '[name="rights"]')?.focus();
      return;
    }
    const premiseIds = data.getAll('premiseIds').map(String);
    const language = String(data.get('language') ?? this.language);
    const sent = await this.#act(premiseId, 'invited', email, async () => {
      await api.inviteMember(this.client!, premiseId, { email, rights, language, ...(premiseIds.length ? { premiseIds } : {}) });
      return this.t('household-users.invited', { email });
    });
    if (sent) form.reset();
  };

  readonly #save = async (event: SubmitEvent, member: Member): Promise<void> => {
    event.preventDefault();
    const premiseId = this.#listFor;
    if (!premiseId) return;
    const rights = new FormData(event.currentTarget as HTMLFormElement).getAll('rights') as Right[];
    this.#fieldErrors = {};
    if (rights.length === 0) {
      this.#fieldErrors[member.userId] = 'household-users.pickRight';
      this.#focusAfterRender = `[data-user="${CSS.escape(member.userId)}"] [name="rights"]`;
      return this.requestUpdate();
    }
    await this.#act(premiseId, 'changed', member.email, async () => {
      await api.changeMember(this.client!, premiseId, member.userId, rights);
      return this.t('household-users.saved', { name: member.name || member.email });
    });
  };

  #confirm(userId: string | null): void {
    this.#confirming = userId;
    this.requestUpdate();
    void this.updateComplete.then(() => {
      const row = userId ? `[data-user="${userId}"] [data-action="confirm-remove"]` : '[data-action="remove"]';
      this.renderRoot.querySelector<HTMLElement>(row)?.focus();
    });
  }

  async #remove(member: Member): Promise<void> {
    const premiseId = this.#listFor;
    if (!premiseId) return;
    this.#confirming = null;
    const removed = await this.#act(premiseId, 'removed', member.email, async () => {
      await api.removeMember(this.client!, premiseId, member.userId);
      return this.t('household-users.removed', { name: member.name || member.email });
    });
    if (removed) this.renderRoot.querySelector<HTMLElement>(`#${this.#id}-members`)?.focus();
  }

  async #withdraw(invitation: PendingInvitation): Promise<void> {
    const premiseId = this.#listFor;
    if (!premiseId) return;
    await this.#act(premiseId, 'withdrawn', invitation.email, async () => {
      await api.withdrawInvitation(this.client!, premiseId, invitation.id);
      return this.t('household-users.withdrawn', { email: invitation.email });
    });
  }
}
