/**
 * @module
 * `<invitation-accept>`: where the link in an invitation email lands. It reads the single-use
 * token from the page's `#token=…&flow=invitation` fragment (which browsers never send to a
 * server; every Doorstep email link has this shape, each widget taking its own flow), shows
 * who invited the resident to which address with which rights, and accepts: a new person sets a
 * password (with the rules shown live, red until met) and is logged in; a person who already has
 * an account just gets the address added. The password form is in the light DOM, so password
 * managers offer to save the new password.
 */
// The session at the first render: only <owner-login> shows something before it arrives.
import '../core/session-store.ts';
import { html, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import type { ApiError } from '../core/api-error.ts';
import { DoorstepElement } from '../core/base-element.ts';
import { DoorstepLoginEvent } from '../core/events/doorstep-login.ts';
import { hasMessage, registerMessages } from '../core/i18n/messages.ts';
import { renderPasswordRules } from '../core/password-rule-list.ts';
import { passwordRuleStates, passwordsMatch, type PasswordRuleState } from '../core/password-rules.ts';
import { adoptLightDomStyles, shadowControlStyles } from '../core/styles/controls.ts';
import { lightFormStyles } from '../core/styles/light-form.ts';
import { hostStyles } from '../core/styles/tokens.ts';
import { DoorstepInvitationAcceptEvent, type InvitationOutcome } from './doorstep-invitation-accept.ts';
import { lv } from './i18n/lv.ts';
import { invitationAcceptStyles } from './invitation-accept.styles.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

interface InvitationDetails {
  email: string;
  inviterName: string;
  premises: Array<{ id: string; label: string }>;
  rights: Array<'invoices' | 'readings'>;
  expiresAt: string;
  accountExists: boolean;
}

type View = 'unconfigured' | 'no-token' | 'loading' | 'offer' | 'done' | 'failed';

let instanceCount = 0;

/** The token in `#token=…&flow=invitation`, if the page was opened from an invitation email. */
function tokenFromLocation(): string | undefined {
  const params = new URLSearchParams((globalThis.location?.hash ?? '').replace(/^#/, ''));
  const token = params.get('token');
  return params.get('flow') === 'invitation' && token && token.length <= 200 ? token : undefined;
}

/**
 * @summary Accepts an invitation to become a household user: sets a password for a new account (or
 * links an existing one) and logs the new member in. Shows nothing unless the page was opened from
 * an invitation link (or `token` is set), so it can sit on the portal page for good.
 *
 * @attr api - Base URL of the Doorstep API; else taken from `<doorstep-config>`.
 * @attr tenant - The property manager's slug; else taken from `<doorstep-config>`.
 * @attr lang - `lv` (default), `en` or `ru`; else the closest ancestor's `lang`, else the page's.
 * @attr token - The invitation token; by default read from the page's `#token=…&flow=invitation`.
 *
 * @event {DoorstepInvitationAcceptEvent} doorstep-invitation-accept - Accepted. `detail: {outcome, email}`,
 * outcome `created` (a new account, now logged in) or `linked` (an existing account got the address).
 * @event {DoorstepLoginEvent} doorstep-login - A new account was created and logged in.
 *
 * @csspart base - The wrapper of everything shown.
 * @csspart heading - "Uzaicinājums".
 * @csspart message - Errors (an `aria-live` alert): expired, used, withdrawn link, rejected password.
 * @csspart notice - The result (a `status` region).
 * @csspart offer - Who invites to which addresses with which rights.
 * @csspart accept-button - The accept button for an existing account.
 *
 * @cssproperty --doorstep-color-primary - Buttons. Default `#0b57d0`.
 * @cssproperty --doorstep-color-error - Errors and unmet password rules. Default `#b3261e`.
 * @cssproperty --doorstep-color-success - Met password rules and the result. Default `#146c2e`.
 * @cssproperty --doorstep-font-size - Base text size. Default `1.125rem`.
 * @cssproperty --doorstep-invitation-accept-max-width - Width limit. Default `32rem`.
 *
 * The password form lives in the light DOM with the shared class names (`doorstep-form`,
 * `doorstep-input`, `doorstep-rule[data-state="met|unmet"]`, …).
 */
export class InvitationAccept extends DoorstepElement {
  static override properties = { ...DoorstepElement.properties, token: { type: String } };
  static override styles = [hostStyles, shadowControlStyles, invitationAcceptStyles];

  /** The invitation token; defaults to the one in the page's `#token=…&flow=invitation`. */
  declare token: string | undefined;

  readonly #id = `doorstep-invitation-${++instanceCount}`;
  #details: InvitationDetails | null = null;
  #lookedUp: string | undefined;
  #lookupFailed: unknown = null;
  #error: unknown = null;
  #outcome: InvitationOutcome | null = null;
  #busy = false;
  #focusAfterError: 'newPassword' | 'message' | null = null;
  #showPassword = false;
  #password = '';
  #repeat = '';
  #rejectedAsCommon: string[] = [];
  #differ = false;
  readonly #onHashChange = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    adoptLightDomStyles(this, lightFormStyles);
    globalThis.addEventListener?.('hashchange', this.#onHashChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener?.('hashchange', this.#onHashChange);
  }

  get #token(): string | undefined {
    return this.token || tokenFromLocation();
  }

  get #view(): View {
    if (!this.client) return 'unconfigured';
    if (this.#outcome) return 'done';
    if (!this.#token) return 'no-token';
    if (this.#lookupFailed) return 'failed';
    return this.#details ? 'offer' : 'loading';
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const token = this.#token;
    if (this.client && token && token !== this.#lookedUp && !this.#outcome) void this.#lookup(token);
  }

  async #lookup(token: string): Promise<void> {
    this.#lookedUp = token;
    this.#details = null;
    this.#lookupFailed = null;
    try {
      const details = await this.client!.call('post', '/invitations/lookup', { body: { token }, auth: false });
      if (this.#lookedUp === token) this.#details = details;
    } catch (error) {
      if (this.#lookedUp === token) this.#lookupFailed = error;
    }
    this.requestUpdate();
  }

  #errorText(error: unknown): string {
    const key = `invitation-accept.${(error as Partial<ApiError>).code}`;
    return hasMessage(key) ? this.t(key) : this.errorText(error);
  }

  protected override render(): TemplateResult | typeof nothing {
    const view = this.#view;
    // On a portal page visited without an invitation link there is nothing to say.
    if (view === 'no-token') return nothing;
    const failure = this.#lookupFailed ?? this.#error;
    return html`
      <section part="base" class="base" aria-labelledby="${this.#id}-heading" aria-busy=${view === 'loading' || this.#busy ? 'true' : 'false'}>
        <h2 part="heading" id="${this.#id}-heading">${this.t('invitation-accept.heading')}</h2>
        <p part="message" class="message" role="alert" tabindex="-1">${failure ? this.#errorText(failure) : ''}</p>
        <p part="notice" class="notice" role="status">${this.#outcome ? this.t(`invitation-accept.${this.#outcome}`) : ''}</p>
        ${view === 'unconfigured' ? html`<p>${this.t('common.configMissing')}</p>` : nothing}
        ${view === 'loading' ? html`<p>${this.t('common.loading')}</p>` : nothing}
        ${view === 'offer' ? this.#renderOffer(this.#details!) : nothing}
        <slot></slot>
      </section>
    `;
  }

  /** The light-DOM password form, rendered after the shadow root on every update. */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const details = this.#details;
    render(this.#view === 'offer' && details && !details.accountExists ? this.#renderPasswordForm(details) : nothing, this, { host: this });
  }

  #renderOffer(details: InvitationDetails): TemplateResult {
    const rights = new Intl.ListFormat(this.language === 'en' ? 'en-GB' : this.language, { type: 'conjunction' }).format(
      details.rights.map((r) => this.t(`invitation-accept.${r}`)),
    );
    return html`
      <div part="offer" class="offer">
        <p>${this.t('invitation-accept.offer', { inviter: details.inviterName, addresses: details.premises.map((p) => p.label).join('; ') })}</p>
        <p>${this.t('invitation-accept.rights', { rights })}</p>
        <p>${this.t('invitation-accept.validUntil', { date: new Date(details.expiresAt) })}</p>
        ${details.accountExists
          ? html`<p>${this.t('invitation-accept.existing', { email: details.email })}</p>
              <button part="accept-button" class="button" type="button" aria-disabled=${this.#busy ? 'true' : 'false'} @click=${() => this.#accept()}>
                ${this.t(this.#busy ? 'invitation-accept.accepting' : 'invitation-accept.accept')}
              </button>`
          : html`<p>${this.t('invitation-accept.createIntro', { email: details.email })}</p>`}
      </div>
    `;
  }

  #renderPasswordForm(details: InvitationDetails): TemplateResult {
    const id = this.#id;
    const rules = passwordRuleStates({ password: this.#password, repeat: this.#repeat, email: details.email, rejectedAsCommon: this.#rejectedAsCommon });
    const match: PasswordRuleState = { code: 'match', met: passwordsMatch({ password: this.#password, repeat: this.#repeat }) };
    const type = this.#showPassword ? 'text' : 'password';
    return html`
      <form class="doorstep-form" novalidate aria-busy=${this.#busy ? 'true' : 'false'} @submit=${this.#submit} @input=${this.#readPasswords}>
        <input name="username" type="email" autocomplete="username" .value=${details.email} hidden readonly />
        <div class="doorstep-field">
          <label for="${id}-name">${this.t('invitation-accept.name')}</label>
          <input id="${id}-name" name="name" class="doorstep-input" type="text" autocomplete="name" maxlength="200" />
        </div>
        <div class="doorstep-field">
          <label for="${id}-password">${this.t('invitation-accept.newPassword')}</label>
          <input id="${id}-password" name="newPassword" class="doorstep-input" type=${type} autocomplete="new-password" required
            aria-describedby="${id}-rules-heading ${id}-rules" aria-invalid=${rules.every((r) => r.met) || !this.#error ? 'false' : 'true'} />
          <p id="${id}-rules-heading" class="doorstep-hint">${this.t('password.rulesHeading')}</p>
          ${renderPasswordRules(this, `${id}-rules`, rules)}
        </div>
        <div class="doorstep-field">
          <label for="${id}-repeat">${this.t('invitation-accept.repeatPassword')}</label>
          <input id="${id}-repeat" name="repeatPassword" class="doorstep-input" type=${type} autocomplete="new-password" required
            aria-describedby="${id}-repeat-error ${id}-match" aria-invalid=${this.#differ ? 'true' : 'false'} />
          <p id="${id}-repeat-error" class="doorstep-field-error">${this.#differ ? this.t('invitation-accept.passwordsDiffer') : ''}</p>
          ${renderPasswordRules(this, `${id}-match`, [match])}
        </div>
        <div class="doorstep-check">
          <input id="${id}-show" type="checkbox" .checked=${this.#showPassword}
            @change=${(e: Event) => ((this.#showPassword = (e.target as HTMLInputElement).checked), this.requestUpdate())} />
          <label for="${id}-show">${this.t('common.showPassword')}</label>
        </div>
        <div class="doorstep-actions">
          <button class="doorstep-button" type="submit" aria-disabled=${this.#busy ? 'true' : 'false'}>
            ${this.t(this.#busy ? 'invitation-accept.accepting' : 'invitation-accept.create')}
          </button>
        </div>
      </form>
    `;
  }

  readonly #readPasswords = (event: Event): void => {
    const form = event.currentTarget as HTMLFormElement;
    this.#password = (form.elements.namedItem('newPassword') as HTMLInputElement).value;
    this.#repeat = (form.elements.namedItem('repeatPassword') as HTMLInputElement).value;
    this.#differ = false;
    this.requestUpdate();
  };

  readonly #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    // Read the inputs themselves: password managers fill them without input events.
    this.#readPasswords({ currentTarget: form } as unknown as Event);
    const details = this.#details;
    if (!details) return;
    const rules = passwordRuleStates({ password: this.#password, repeat: this.#repeat, email: details.email, rejectedAsCommon: this.#rejectedAsCommon });
    if (rules.some((r) => !r.met)) {
      (form.elements.namedItem('newPassword') as HTMLInputElement).focus();
      return;
    }
    if (!passwordsMatch({ password: this.#password, repeat: this.#repeat })) {
      this.#differ = true;
      this.requestUpdate();
      (form.elements.namedItem('repeatPassword') as HTMLInputElement).focus();
      return;
    }
    const name = (form.elements.namedItem('name') as HTMLInputElement).value.trim();
    await this.#accept(this.#password, name || undefined);
  };

  async #accept(password?: string, name?: string): Promise<void> {
    const token = this.#token;
    const session = this.session;
    if (this.#busy || !token || !session) return;
    this.#busy = true;
    this.#error = null;
    this.requestUpdate();
    try {
      const body = { token, ...(password ? { password } : {}), ...(name ? { name } : {}) };
      const result = await session.client.call('post', '/invitations/accept', { body, auth: false });
      this.#forgetToken();
      if (result.outcome === 'created' && password) {
        const user = await session.login(result.email, password, false);
        this.dispatchEvent(new DoorstepLoginEvent(user));
      } else if (session.status === 'authenticated' && session.user?.email.toLowerCase() === result.email.toLowerCase()) {
        await session.reload();
      }
      this.#outcome = result.outcome;
      this.#password = this.#repeat = '';
      this.dispatchEvent(new DoorstepInvitationAcceptEvent(result.outcome, result.email));
    } catch (error) {
      this.#error = error;
      const apiError = error as Partial<ApiError>;
      if (apiError.code === 'password_rejected' && apiError.fieldCodes?.('password').includes('common')) {
        this.#rejectedAsCommon = [...this.#rejectedAsCommon, this.#password];
      }
      this.#focusAfterError = apiError.code === 'password_rejected' && this.querySelector('[name="newPassword"]') ? 'newPassword' : 'message';
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
    await this.updateComplete;
    // The refusal is about the password: back to its field; anything else (a used link, too many
    // requests, the network) is about no field: focus goes to the message, which is read out.
    const target = this.#focusAfterError;
    this.#focusAfterError = null;
    if (target === 'newPassword') this.querySelector<HTMLElement>('[name="newPassword"]')?.focus();
    else if (target === 'message') this.shadowRoot?.querySelector<HTMLElement>('[part="message"]')?.focus();
  }

  /** A used token is worthless; take it out of the address bar so a reload does not try it again. */
  #forgetToken(): void {
    if (this.token || !tokenFromLocation()) return;
    const url = new URL(globalThis.location.href);
    const params = new URLSearchParams(url.hash.replace(/^#/, ''));
    params.delete('token');
    params.delete('flow');
    url.hash = params.toString();
    globalThis.history?.replaceState(globalThis.history.state, '', url.toString());
  }
}
