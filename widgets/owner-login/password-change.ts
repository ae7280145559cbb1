/**
 * @module
 * The forced first-login password change of `<owner-login>` (accounts a manager created with a
 * temporary password): its form, with the live password rules, and the rules that decide whether
 * it may be sent. Few residents ever see it, and each only once, so it is not part of the login
 * form's first load: `<owner-login>` imports this module when an account must change its password.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ApiError } from '../core/api-error.ts';
import type { MessageKey } from '../core/i18n/messages.ts';
import { renderPasswordRules } from '../core/password-rule-list.ts';
import { passwordRuleStates, passwordsMatch, type PasswordRuleState } from '../core/password-rules.ts';
import type { SessionStore } from '../core/session-store.ts';
import { lightFormMoreStyles } from '../core/styles/light-form.ts';
import { registerMessages } from '../core/i18n/messages.ts';
import { lv } from './i18n/change-lv.ts';
// Types only: the field helpers come from the element (`LoginFields`), so that login-forms.ts
// stays in the login form's own chunk instead of a third one shared with this module.
import type { FieldName, LoginFields, LoginFormContext } from './login-forms.ts';

// The change's own texts: Latvian here, the others fetched when the page shows them (the element
// waits for them before it renders the form in English or Russian).
registerMessages({
  lv,
  en: () => import('./i18n/change-en.ts').then((module) => module.en),
  ru: () => import('./i18n/change-ru.ts').then((module) => module.ru),
});

/** The fieldset's and the live rules' light-DOM styles, which the login form does not need. */
export const changeFormStyles = lightFormMoreStyles;

/** What a submit came to: the field errors or the error to show, and where focus goes. */
export interface ChangeOutcome {
  fieldErrors: Partial<Record<FieldName, MessageKey>>;
  error: unknown;
  /** Where focus goes next: a field, the message, or the greeting once changed. */
  focus: FieldName | 'message' | 'greeting' | null;
  changed: boolean;
}

/**
 * One forced change on screen: what the resident typed, the passwords the server refused as
 * common, and the password of the login that led here (kept in memory only while this is on
 * screen, so the temporary password is not typed twice).
 */
export class ForcedPasswordChange {
  #loginPassword: string | undefined;
  #newPassword = '';
  #repeatPassword = '';
  #rejectedAsCommon: string[] = [];

  constructor(loginPassword: string | undefined) {
    this.#loginPassword = loginPassword;
  }

  /** The change as the form shows it; the same rules decide whether it may be sent. */
  state(email: string): PasswordChange {
    return {
      email,
      askCurrentPassword: this.#loginPassword === undefined,
      rules: passwordRuleStates({
        password: this.#newPassword,
        repeat: this.#repeatPassword,
        email,
        currentPassword: this.#loginPassword,
        rejectedAsCommon: this.#rejectedAsCommon,
      }),
      match: { code: 'match', met: passwordsMatch({ password: this.#newPassword, repeat: this.#repeatPassword }) },
    };
  }

  /** Takes the two new-password fields from the form; true when they changed (render again). */
  read(form: HTMLFormElement): boolean {
    const next = fieldOf(form, 'newPassword').value;
    const repeat = fieldOf(form, 'repeatPassword').value;
    if (next === this.#newPassword && repeat === this.#repeatPassword) return false;
    this.#newPassword = next;
    this.#repeatPassword = repeat;
    return true;
  }

  /** The errors the form shows before sending anything; empty when it may be sent. */
  check(form: HTMLFormElement, email: string): Partial<Record<FieldName, MessageKey>> {
    this.read(form);
    const errors: Partial<Record<FieldName, MessageKey>> = {};
    const { rules, match } = this.state(email);
    if (!this.#current(form)) errors.currentPassword = 'common.required';
    if (rules.some((rule) => !rule.met)) errors.newPassword = 'error.password_rejected';
    else if (!match.met) errors.repeatPassword = 'owner-login-change.passwordsDiffer';
    return errors;
  }

  /** Sends the change (after {@link check} found nothing); never rejects. */
  async send(session: SessionStore, form: HTMLFormElement): Promise<ChangeOutcome> {
    try {
      await session.changePassword(this.#current(form), this.#newPassword);
      return { fieldErrors: {}, error: null, focus: 'greeting', changed: true };
    } catch (error) {
      const apiError = error as Partial<ApiError>;
      if (apiError.code === 'password_rejected') {
        const codes = apiError.fieldCodes?.('newPassword') ?? [];
        if (codes.includes('common')) this.#rejectedAsCommon = [...this.#rejectedAsCommon, this.#newPassword];
        return { fieldErrors: { newPassword: 'error.password_rejected' }, error, focus: 'newPassword', changed: false };
      }
      if (apiError.code === 'current_password_incorrect') {
        // Ask for it: the one remembered from the login no longer works.
        this.#loginPassword = undefined;
        return { fieldErrors: { currentPassword: 'error.current_password_incorrect' }, error, focus: 'currentPassword', changed: false };
      }
      // Not about a field (too many attempts, the network): focus goes to the message.
      return { fieldErrors: {}, error, focus: 'message', changed: false };
    }
  }

  #current(form: HTMLFormElement): string {
    return this.#loginPassword ?? fieldOf(form, 'currentPassword').value;
  }
}

function fieldOf(form: HTMLFormElement, name: string): HTMLInputElement {
  return form.elements.namedItem(name) as HTMLInputElement;
}

export interface PasswordChange {
  /** The account's email: a hidden username field, so the password manager saves the right entry. */
  email: string;
  /** False while the password typed at login is still remembered (it is not asked twice). */
  askCurrentPassword: boolean;
  rules: readonly PasswordRuleState[];
  match: PasswordRuleState;
}

export function renderPasswordChangeForm(
  ctx: LoginFormContext & { logout(): void },
  { renderInput, renderShowPassword, passwordType }: LoginFields,
  change: PasswordChange,
  on: { submit(event: SubmitEvent): void; input(event: Event): void },
): TemplateResult {
  const { id, t } = ctx;
  const type = passwordType(ctx);
  return html`
    <form class="doorstep-form" novalidate aria-busy=${ctx.busy ? 'true' : 'false'} @submit=${on.submit} @input=${on.input}>
      <fieldset>
        <legend>${t('owner-login-change.changeHeading')}</legend>
        <p>${t('owner-login-change.changeIntro')}</p>
        <input name="username" type="email" autocomplete="username" .value=${change.email} hidden readonly />
        ${change.askCurrentPassword
          ? renderInput(ctx, 'currentPassword', type, 'current-password', 'owner-login-change.currentPassword')
          : nothing}
        ${renderInput(
          ctx,
          'newPassword',
          type,
          'new-password',
          'owner-login-change.newPassword',
          `${id}-rules-heading ${id}-rules`,
          html`<p id="${id}-rules-heading" class="doorstep-hint">${t('password.rulesHeading')}</p>
            ${renderPasswordRules(ctx, `${id}-rules`, change.rules)}`,
        )}
        ${renderInput(
          ctx,
          'repeatPassword',
          type,
          'new-password',
          'owner-login-change.repeatPassword',
          `${id}-match`,
          renderPasswordRules(ctx, `${id}-match`, [change.match]),
        )}
        ${renderShowPassword(ctx)}
      </fieldset>
      <div class="doorstep-actions">
        <button class="doorstep-button" type="submit" aria-disabled=${ctx.busy ? 'true' : 'false'}>
          ${t(ctx.busy ? 'owner-login-change.changing' : 'owner-login-change.changeSubmit')}
        </button>
        <button class="doorstep-button doorstep-button--secondary" type="button" @click=${() => ctx.logout()}>
          ${t('owner-login.logout')}
        </button>
      </div>
    </form>
  `;
}
