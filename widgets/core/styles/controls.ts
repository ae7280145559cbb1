/**
 * @module
 * Large, clear controls shared by every widget: buttons and messages for shadow roots, and the same
 * for light-DOM forms (which must stay in the light DOM so password managers can fill them).
 * Targets are at least 44 × 44 px and the focus ring is always visible.
 */
import { css, type CSSResult } from 'lit';
import { tokens } from './tokens.ts';
import { visuallyHidden } from './visually-hidden.ts';

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
 * Light-DOM forms, scoped under `.doorstep-form`. Class names (`doorstep-field`, `doorstep-input`,
 * `doorstep-button`, `doorstep-field-error`, `doorstep-rule`) are stable, so a host page may also
 * style them directly.
 */
export const lightFormStyles = css`
  .doorstep-form {
    display: grid;
    gap: ${tokens.spacing};
    max-width: var(--doorstep-form-max-width, 28rem);
    margin: 0;
    font-size: ${tokens.fontSize};
    line-height: 1.5;
  }
  .doorstep-form fieldset {
    display: grid;
    gap: ${tokens.spacing};
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .doorstep-form legend {
    padding: 0;
    margin-bottom: 0.25em;
    font-size: 1.2em;
    font-weight: 700;
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
  .doorstep-rules {
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: 0.95em;
  }
  .doorstep-rule {
    display: flex;
    gap: 0.4em;
  }
  .doorstep-rule[data-state='unmet'] {
    color: var(--doorstep-rule-unmet-color, ${tokens.error});
  }
  .doorstep-rule[data-state='met'] {
    color: var(--doorstep-rule-met-color, ${tokens.success});
  }
  .doorstep-rule__icon {
    flex: none;
    width: 1.2em;
    font-weight: 700;
  }
  .doorstep-visually-hidden {
    ${visuallyHidden}
  }
`;

/**
 * Shadow-root styles cannot reach a light-DOM form, so these are adopted by the document (or the
 * shadow root) the widget sits in, once per root however many widgets share it.
 */
export function adoptLightDomStyles(element: Element, styles: CSSResult): void {
  const root = element.getRootNode() as Document | ShadowRoot;
  const sheet = styles.styleSheet;
  if (sheet && 'adoptedStyleSheets' in root) {
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  }
  // Browsers without constructable stylesheets: one <style> per root, marked so it is added once.
  const parent = root instanceof Document ? root.head : root;
  const marker = `doorstep-${hashOf(styles.cssText)}`;
  if (parent.querySelector(`style[data-doorstep="${marker}"]`)) return;
  const style = element.ownerDocument.createElement('style');
  style.dataset['doorstep'] = marker;
  style.textContent = styles.cssText;
  parent.append(style);
}

function hashOf(text: string): string {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return (hash >>> 0).toString(36);
}
