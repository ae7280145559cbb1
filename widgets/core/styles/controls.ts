/**
 * @module
 * Large, clear controls shared by every widget: buttons and messages for shadow roots, and the same
 * for light-DOM forms (which must stay in the light DOM so password managers can fill them).
 * Targets are at least 44 × 44 px and the focus ring is always visible.
 */
import { css, type CSSResult } from 'lit';
import { tokens } from './tokens.ts';

/*
 * No \`min-width\`: in a flex or grid row it would replace the automatic minimum (the button's
 * text), so a squeezed row (a narrow column, CSS zoom) shrank "Lejupielādēt" below its word and
 * clipped it. The side padding alone makes any labelled button wider than 44 px.
 */
const button = css`
  min-height: max(44px, ${tokens.controlHeight});
  padding: 0.5em 1.25em;
  border: 2px solid var(--doorstep-button-border-color, ${tokens.primary});
  border-radius: var(--doorstep-button-radius, ${tokens.radius});
  background: var(--doorstep-button-background, ${tokens.primary});
  color: var(--doorstep-button-color, ${tokens.onPrimary});
  font: inherit;
  font-weight: 600;
  cursor: pointer;
`;

const secondaryButton = css`
  background: var(--doorstep-button-secondary-background, transparent);
  color: var(--doorstep-button-secondary-color, ${tokens.primary});
`;

/** The focus ring every control shows, in shadow and light DOM alike. */
export const focusRing = css`
  outline: 3px solid ${tokens.focus};
  outline-offset: 2px;
`;

/** The look of a text field, also given to a `<select>` so that all fields look alike. */
export const inputField = css`
  box-sizing: border-box;
  width: 100%;
  min-height: max(44px, ${tokens.controlHeight});
  padding: 0.4em 0.6em;
  border: 2px solid var(--doorstep-input-border-color, ${tokens.outline});
  border-radius: var(--doorstep-input-radius, ${tokens.radius});
  background: var(--doorstep-input-background, ${tokens.surface});
  color: var(--doorstep-input-color, #1f1f1f);
  font: inherit;
`;

/** Buttons and messages inside a shadow root. */
export const shadowControlStyles = css`
  .button {
    ${button}
  }
  .button--secondary {
    ${secondaryButton}
  }
  .button:focus-visible,
  [tabindex='-1']:focus-visible {
    ${focusRing}
  }
  .message {
    margin: 0 0 ${tokens.spacing};
    color: var(--doorstep-message-error-color, ${tokens.error});
    font-weight: 600;
  }
  .message:empty {
    display: none;
  }
  .notice {
    margin: 0 0 ${tokens.spacing};
    color: var(--doorstep-message-success-color, ${tokens.success});
  }
  .notice:empty {
    display: none;
  }
`;

/**
 * Light-DOM forms, scoped under `.doorstep-form`: what a plain form (the login) needs. Class
 * names (`doorstep-field`, `doorstep-input`, `doorstep-button`, `doorstep-field-error`) are stable,
 * so a host page may also style them directly. Fieldsets and the live password rules are in
 * light-form.ts (`lightFormStyles` there is both), apart, so the login's first load has no rules.
 */
export const lightFormBaseStyles = css`
  .doorstep-form {
    display: grid;
    gap: ${tokens.spacing};
    max-width: var(--doorstep-form-max-width, 28rem);
    margin: 0;
    font-size: ${tokens.fontSize};
    line-height: 1.5;
  }
  .doorstep-form p {
    margin: 0;
  }
  .doorstep-field {
    display: grid;
    gap: 0.25em;
  }
  .doorstep-field > label {
    font-weight: 600;
  }
  .doorstep-input {
    ${inputField}
  }
  .doorstep-input[aria-invalid='true'] {
    border-color: var(--doorstep-input-invalid-border-color, ${tokens.error});
  }
  .doorstep-check {
    display: flex;
    align-items: center;
    gap: 0.5em;
    min-height: 44px;
  }
  .doorstep-check > input {
    width: 1.5em;
    height: 1.5em;
    margin: 0;
    accent-color: var(--doorstep-checkbox-color, ${tokens.primary});
    flex: none;
  }
  .doorstep-check > label {
    cursor: pointer;
    padding: 0.5em 0;
  }
  .doorstep-hint {
    font-size: 0.9em;
  }
  .doorstep-field-error {
    color: var(--doorstep-field-error-color, ${tokens.error});
    font-weight: 600;
  }
  .doorstep-field-error:empty {
    display: none;
  }
  .doorstep-actions {
    display: flex;
    flex-wrap: wrap;
    gap: ${tokens.spacing};
  }
  .doorstep-button {
    ${button}
  }
  .doorstep-button--secondary {
    ${secondaryButton}
  }
  .doorstep-button[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  .doorstep-form :focus-visible {
    ${focusRing}
  }
`;

/**
 * Shadow-root styles cannot reach a light-DOM form, so these are adopted by the document (or the
 * shadow root) the widget sits in, once per root however many widgets share it.
 */
export function adoptLightDomStyles(element: Element, styles: CSSResult): void {
  const root = element.getRootNode() as Document | ShadowRoot;
  // Every browser the widgets are built for (Chrome 111, Firefox 113, Safari 16.4) adopts
  // constructed style sheets, in documents and shadow roots alike.
  const sheet = styles.styleSheet;
  if (sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
