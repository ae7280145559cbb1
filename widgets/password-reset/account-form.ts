/**
 * @module
 * What the account widgets (`<password-reset>`, `<owner-register>`, `<owner-profile>`) share:
 * their error texts (the `account-errors` namespace), labelled fields with their error line, and
 * which password rules to show live (core/password-rule-list.ts renders them). Their forms live
 * in the light DOM like `<owner-login>`'s, so password managers can fill and save them, and use
 * the core's light-DOM form classes.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { DoorstepElement } from '../core/base-element.ts';
import { hasMessage, registerMessages, type MessageKey } from '../core/i18n/messages.ts';
import { passwordRuleStates, passwordsMatch, type PasswordRuleState } from '../core/password-rules.ts';
import { tokens } from '../core/styles/tokens.ts';
import { lv } from './i18n/lv.ts';

// Latvian is bundled; English and Russian are fetched the first time the page shows them.
registerMessages({
  lv,
  en: () => import('./i18n/en.ts').then((module) => module.en),
  ru: () => import('./i18n/ru.ts').then((module) => module.ru),
});

/** The resident-facing text for an error: the account flows' own codes first, then the core's. */
export function accountErrorText(host: DoorstepElement, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const key = `account-errors.${String(code)}`;
  return hasMessage(key) ? host.t(key) : host.errorText(error);
}

/** The text for a server's field code on an email field (`{email: "too_long"}`). */
export function emailProblemKey(code: string | undefined): MessageKey {
  switch (code) {
    case 'required':
      return 'common.required';
    case 'too_long':
      return 'account-errors.email_too_long';
    case 'unsupported_characters':
      return 'account-errors.email_unsupported_characters';
    case 'taken':
      return 'account-errors.email_taken';
    default:
      return 'common.invalidEmail';
  }
}

/** A quick check before asking the server, which has the last word. */
export const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

export interface FieldOptions {
  id: string;
  name: string;
  label: string;
  type?: string;
  autocomplete?: string;
  error?: string | undefined;
  hint?: string;
  /** Ids of further elements that describe the field (the password rules). */
  describedBy?: string;
  value?: string;
  required?: boolean;
  inputmode?: string;
  after?: TemplateResult | typeof nothing;
}

export function renderField(options: FieldOptions): TemplateResult {
  const { id, error } = options;
  const describedBy = [`${id}-error`, options.hint ? `${id}-hint` : '', options.describedBy ?? ''].filter(Boolean).join(' ');
  return html`
    <div class="doorstep-field">
      <label for=${id}>${options.label}</label>
      ${options.hint ? html`<p id="${id}-hint" class="doorstep-hint">${options.hint}</p>` : nothing}
      <input
        id=${id}
        name=${options.name}
        class="doorstep-input"
        type=${options.type ?? 'text'}
        autocomplete=${options.autocomplete ?? 'off'}
        inputmode=${options.inputmode ?? nothing}
        ?required=${options.required !== false}
        spellcheck="false"
        autocapitalize="none"
        .value=${options.value ?? ''}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy}
      />
      <p id="${id}-error" class="doorstep-field-error">${error ?? ''}</p>
      ${options.after ?? nothing}
    </div>
  `;
}

export function renderCheckbox(id: string, name: string, label: string | TemplateResult, checked: boolean, error?: string): TemplateResult {
  return html`
    <div class="doorstep-check">
      <input id=${id} name=${name} type="checkbox" .checked=${checked} aria-invalid=${error ? 'true' : 'false'} aria-describedby="${id}-error" />
      <label for=${id}>${label}</label>
    </div>
    <p id="${id}-error" class="doorstep-field-error">${error ?? ''}</p>
  `;
}

/** Passwords the server refused for a rule the browser cannot check (`common`, or `contains_email` when the email is not known here). */
export interface Refusals {
  common: string[];
  contains_email: string[];
}

export const noRefusals = (): Refusals => ({ common: [], contains_email: [] });

/** The rules to show live under a new password, in the order the core shows them. */
export function newPasswordRules(input: { password: string; repeat: string; email?: string; currentPassword?: string; refused: Refusals }): PasswordRuleState[] {
  const rules = passwordRuleStates({
    password: input.password,
    repeat: input.repeat,
    email: input.email ?? '',
    ...(input.currentPassword ? { currentPassword: input.currentPassword } : {}),
    rejectedAsCommon: input.refused.common,
  });
  if (input.email) return rules;
  // Without the email the rule cannot be judged here: shown only once the server refused it.
  const known = rules.filter((rule) => rule.code !== 'contains_email');
  if (input.refused.contains_email.includes(input.password)) known.splice(1, 0, { code: 'contains_email', met: false });
  return known;
}

export function matchRule(password: string, repeat: string): PasswordRuleState {
  return { code: 'match', met: passwordsMatch({ password, repeat }) };
}

/** Records what the server refused, so the rule stays red for that password. */
export function rememberRefusal(refused: Refusals, password: string, codes: readonly string[]): Refusals {
  return {
    common: codes.includes('common') ? [...refused.common, password] : refused.common,
    contains_email: codes.includes('contains_email') ? [...refused.contains_email, password] : refused.contains_email,
  };
}

/** The value of a named control of a form, read directly (password managers fire no events). */
export function formValue(form: HTMLFormElement, name: string): string {
  const control = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  return control?.value ?? '';
}

export function formChecked(form: HTMLFormElement, name: string): boolean {
  return (form.elements.namedItem(name) as HTMLInputElement | null)?.checked ?? false;
}

/** Light-DOM additions to the core's form styles: the per-form result lines. */
export const accountFormStyles = css`
  .doorstep-form-message {
    margin: 0;
    color: var(--doorstep-message-error-color, ${tokens.error});
    font-weight: 600;
  }
  .doorstep-form-notice {
    margin: 0;
    color: var(--doorstep-message-success-color, ${tokens.success});
    font-weight: 600;
  }
  .doorstep-form-message:empty,
  .doorstep-form-notice:empty {
    display: none;
  }
  .doorstep-select {
    appearance: auto;
  }
`;
