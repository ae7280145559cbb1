/**
 * @module
 * The live password rules under a new-password field, the same in every form that sets a password
 * (login's forced change, registration, reset, profile, invitation): a list that the field's
 * `aria-describedby` points at, so a screen reader reads the rules with the field. The ✓/✗ is
 * hidden from screen readers, which hear "(met)" / "(not met)" instead; `data-state` carries the
 * colour. The forms live in the light DOM, so this uses the core's light-DOM form classes
 * (`doorstep-rules`, `doorstep-rule`, `doorstep-visually-hidden`).
 */
import { html, type TemplateResult } from 'lit';
import { registerMessages, type MessageKey, type MessageParams } from './i18n/messages.ts';
import { lv } from './password/i18n/lv.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type PasswordRuleState } from './password-rules.ts';

// The rules' texts come with the rules, not with the core every element loads (the login form
// shows none): Latvian here, the others fetched when the page shows them.
registerMessages({
  lv,
  en: () => import('./password/i18n/en.ts').then((module) => module.en),
  ru: () => import('./password/i18n/ru.ts').then((module) => module.ru),
});

/** Whatever translates: a widget (`DoorstepElement`) or a view context. */
interface Translator {
  t(key: MessageKey, params?: MessageParams): string;
}

export function renderPasswordRules(host: Translator, id: string, rules: readonly PasswordRuleState[]): TemplateResult {
  return html`
    <ul id=${id} class="doorstep-rules">
      ${rules.map(
        (rule) => html`
          <li class="doorstep-rule" data-rule=${rule.code} data-state=${rule.met ? 'met' : 'unmet'}>
            <span class="doorstep-rule__icon" aria-hidden="true">${rule.met ? '✓' : '✗'}</span>
            <span
              >${rule.code === 'length'
                ? host.t('password.length', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })
                : host.t(`password.${rule.code}`)}<span class="doorstep-visually-hidden">
                (${host.t(rule.met ? 'common.ruleMet' : 'common.ruleNotMet')})</span
              ></span
            >
          </li>
        `,
      )}
    </ul>
  `;
}
