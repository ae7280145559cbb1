/**
 * @module
 * The rest of the light-DOM form styles (controls.ts has what the login form needs): fieldsets
 * and the live password rules (`doorstep-rules`, `doorstep-rule[data-state="met|unmet"]`,
 * `doorstep-visually-hidden`). `lightFormStyles` is both, for the forms that show rules.
 */
import { css } from 'lit';
import { lightFormBaseStyles } from './controls.ts';
import { tokens } from './tokens.ts';
import { visuallyHidden } from './visually-hidden.ts';

/** Fieldsets and password rules, for a form that already has {@link lightFormBaseStyles}. */
export const lightFormMoreStyles = css`
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
 * Light-DOM forms, scoped under `.doorstep-form`. Class names (`doorstep-field`, `doorstep-input`,
 * `doorstep-button`, `doorstep-field-error`, `doorstep-rule`) are stable, so a host page may also
 * style them directly.
 */
export const lightFormStyles = css`${lightFormBaseStyles}${lightFormMoreStyles}`;
