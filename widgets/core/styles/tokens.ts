/**
 * @module
 * Theming tokens. Every value a manager may want to change is a `--doorstep-*` custom property,
 * looked up Material-style: a control token (`--doorstep-button-background`) falls back to a system
 * token (`--doorstep-color-primary`), which falls back to our default. Custom properties inherit,
 * so a rule on any ancestor in the host page themes every widget, in shadow and light DOM alike.
 *
 * System tokens (set these first):
 * - `--doorstep-color-primary`, `--doorstep-color-on-primary`: buttons, links, checked boxes.
 * - `--doorstep-color-surface`: background of inputs.
 * - `--doorstep-color-outline`: borders of inputs.
 * - `--doorstep-color-error`, `--doorstep-color-success`: messages and password rules.
 * - `--doorstep-color-focus`: the focus ring.
 * - `--doorstep-font-size`: base text size (default 1.125rem: residents are often elderly).
 * - `--doorstep-radius`, `--doorstep-spacing`, `--doorstep-control-height` (≥ 44px targets).
 *
 * The font family is never set: widgets use the host page's font.
 */
import { css } from 'lit';
import { visuallyHidden } from './visually-hidden.ts';

/** The defaults, in one place, so shadow and light DOM styles agree. */
export const tokens = {
  primary: css`var(--doorstep-color-primary, #0b57d0)`,
  onPrimary: css`var(--doorstep-color-on-primary, #ffffff)`,
  surface: css`var(--doorstep-color-surface, #ffffff)`,
  outline: css`var(--doorstep-color-outline, #5b6470)`,
  error: css`var(--doorstep-color-error, #b3261e)`,
  success: css`var(--doorstep-color-success, #146c2e)`,
  focus: css`var(--doorstep-color-focus, #0b57d0)`,
  fontSize: css`var(--doorstep-font-size, 1.125rem)`,
  radius: css`var(--doorstep-radius, 0.375rem)`,
  spacing: css`var(--doorstep-spacing, 1rem)`,
  controlHeight: css`var(--doorstep-control-height, 3rem)`,
};

/** For every widget's shadow root. */
export const hostStyles = css`
  :host {
    display: block;
    font-family: inherit;
    font-size: ${tokens.fontSize};
    line-height: 1.5;
    color: inherit;
  }
  :host([hidden]) {
    display: none;
  }
  .visually-hidden {
    ${visuallyHidden}
  }
`;
