/**
 * @module
 * The login form of `<owner-login>` and the fields it shares with the forced first-login password
 * change (password-change.ts, loaded only when an account must change its password). Plain
 * functions of what they show, so the element file keeps only state and behaviour. They are
 * rendered into the element's light DOM (password managers only see, fill and save forms there),
 * so they use the core's light-DOM form classes, not parts.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { DoorstepElement } from '../core/base-element.ts';
import type { MessageKey, MessageParams } from '../core/i18n/messages.ts';
import type { SessionStore } from '../core/session-store.ts';

/** The names of the form controls; also what a field error or the focus can point at. */
export type FieldName = 'email' | 'password' | 'currentPassword' | 'newPassword' | 'repeatPassword';

/** What both forms read from the element, and what they call back. */
export interface LoginFormContext {
  /** Prefix of the controls' ids, unique per element (labels and descriptions point at them). */
  id: string;
  busy: boolean;
  showPassword: boolean;
  fieldErrors: Partial<Record<FieldName, MessageKey>>;
  t(key: MessageKey, params?: MessageParams): string;
  setShowPassword(show: boolean): void;
}

/**
 * The element's state that its lazily loaded parts (after-login.ts: the logged-in view, the forced
 * password change, the logout; strong-login.ts: the strong login) read and set too.
 */
export interface LoginState {
  busy: boolean;
  error: unknown;
  /** The success message (a `status` region), e.g. after a password change. */
  notice: MessageKey | null;
  fieldErrors: Partial<Record<FieldName, MessageKey>>;
  /** What takes focus after the next render: a field, the greeting or the message. */
  focus: FieldName | 'greeting' | 'message' | null;
}

export function renderLoginForm(
  ctx: LoginFormContext,
  on: { submit(event: SubmitEvent): void; forgotPassword(event: Event): void },
): TemplateResult {
  const { id, t } = ctx;
  return html`
    <form class="doorstep-form" novalidate aria-busy=${ctx.busy ? 'true' : 'false'} @submit=${on.submit}>
      ${renderInput(ctx, 'email', 'email', 'username', 'owner-login.email')}
      ${renderInput(ctx, 'password', passwordType(ctx), 'current-password', 'owner-login.password')}
      ${renderShowPassword(ctx)}
      <div class="doorstep-check">
        <input id="${id}-remember" name="remember" type="checkbox" aria-describedby="${id}-remember-hint" />
        <label for="${id}-remember">${t('owner-login.remember')}</label>
      </div>
      <p id="${id}-remember-hint" class="doorstep-hint">${t('owner-login.rememberHint')}</p>
      <div class="doorstep-actions">
        <button class="doorstep-button" type="submit" aria-disabled=${ctx.busy ? 'true' : 'false'}>
          ${t(ctx.busy ? 'owner-login.submitting' : 'owner-login.submit')}
        </button>
        <button class="doorstep-button doorstep-button--secondary" type="button" @click=${on.forgotPassword}>
          ${t('owner-login.forgotPassword')}
        </button>
      </div>
    </form>
  `;
}

export function renderInput(
  ctx: LoginFormContext,
  name: FieldName,
  type: string,
  autocomplete: string,
  label: MessageKey,
  describedBy = '',
  after: TemplateResult | typeof nothing = nothing,
): TemplateResult {
  const id = `${ctx.id}-${name}`;
  const error = ctx.fieldErrors[name];
  return html`
    <div class="doorstep-field">
      <label for=${id}>${ctx.t(label)}</label>
      <input
        id=${id}
        name=${name}
        class="doorstep-input"
        type=${type}
        autocomplete=${autocomplete}
        required
        spellcheck="false"
        autocapitalize="none"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${`${id}-error ${describedBy}`.trim()}
      />
      <p id="${id}-error" class="doorstep-field-error">${error ? ctx.t(error) : ''}</p>
      ${after}
    </div>
  `;
}

export function renderShowPassword(ctx: LoginFormContext): TemplateResult {
  const id = `${ctx.id}-show-password`;
  return html`
    <div class="doorstep-check">
      <input
        id=${id}
        type="checkbox"
        .checked=${ctx.showPassword}
        @change=${(event: Event) => ctx.setShowPassword((event.target as HTMLInputElement).checked)}
      />
      <label for=${id}>${ctx.t('common.showPassword')}</label>
    </div>
  `;
}

export const passwordType = (ctx: LoginFormContext) => (ctx.showPassword ? 'text' : 'password');

/** What `<owner-login>`'s lazily loaded parts (after-login.ts, strong-login.ts) read from it and do to it. */
export interface LoginHost {
  readonly element: DoorstepElement;
  readonly state: LoginState;
  session(): SessionStore | undefined;
  /** The session once its module is here (the form shows before it); undefined when unconfigured. */
  whenSession(): Promise<SessionStore | undefined>;
  /** What the light-DOM forms read (ids, field errors, texts). */
  form(): LoginFormContext;
  /** The login form's field helpers, for the password change's form. */
  readonly fields: LoginFields;
  /** A login is under way: starts importing what it leads to (after-login.ts). */
  prepareAfterLogin(): void;
}

/** The field helpers, handed to the lazily loaded password change (password-change.ts). */
export const loginFields = { renderInput, renderShowPassword, passwordType };
export type LoginFields = typeof loginFields;
