import { css } from 'lit';
import { focusRing } from '../core/styles/controls.ts';
import { tokens } from '../core/styles/tokens.ts';

const warning = css`var(--doorstep-color-warning, #7a4f01)`;

/** Shadow-root styles of `<meter-readings>`: one card per meter, large inputs and buttons. */
export const meterReadingsStyles = css`
  /* minmax(0, 1fr): a grid's auto column grows to its widest content; at 320 px it must not. */
  .base,
  .meters,
  .meter,
  .form,
  .warning {
    grid-template-columns: minmax(0, 1fr);
  }
  .base {
    display: grid;
    gap: ${tokens.spacing};
  }
  .base > *,
  .meter > *,
  .form > * {
    margin: 0;
  }
  .title {
    font-size: 1.35em;
    font-weight: 700;
  }
  .window {
    font-weight: 600;
  }
  .window[data-open='false'] {
    color: ${warning};
  }
  .info {
    color: inherit;
  }
  .meters {
    display: grid;
    gap: ${tokens.spacing};
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .meter {
    display: grid;
    gap: calc(${tokens.spacing} * 0.75);
    padding: ${tokens.spacing};
    border: 1px solid var(--doorstep-card-border-color, ${tokens.outline});
    border-radius: ${tokens.radius};
    background: var(--doorstep-card-background, transparent);
  }
  .meter-title {
    font-size: 1.15em;
    font-weight: 700;
  }
  .location {
    font-weight: 400;
  }
  .facts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(11em, 100%), 1fr));
    gap: 0.5em ${tokens.spacing};
  }
  .facts dt {
    font-size: 0.9em;
  }
  .facts dd {
    margin: 0;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .reminder {
    padding-left: 0.75em;
    border-left: 4px solid ${warning};
    color: ${warning};
    font-weight: 600;
  }
  .reminder--expired {
    border-color: ${tokens.error};
    color: ${tokens.error};
  }
  .form {
    display: grid;
    gap: 0.35em;
  }
  .form label {
    font-weight: 600;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .input {
    box-sizing: border-box;
    flex: 1 1 10em;
    min-width: 0;
    max-width: 16em;
    min-height: max(44px, ${tokens.controlHeight});
    padding: 0.4em 0.6em;
    border: 2px solid var(--doorstep-input-border-color, ${tokens.outline});
    border-radius: ${tokens.radius};
    background: var(--doorstep-input-background, ${tokens.surface});
    color: var(--doorstep-input-color, #1f1f1f);
    font: inherit;
    font-size: 1.15em;
    font-variant-numeric: tabular-nums;
  }
  .input:disabled {
    background: var(--doorstep-input-disabled-background, #eeeeee);
    color: #555555;
    cursor: not-allowed;
  }
  .input[aria-invalid='true'] {
    border-color: ${tokens.error};
  }
  .input:focus-visible {
    ${focusRing}
  }
  .button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .button[aria-disabled='true'] {
    cursor: progress;
  }
  .hint {
    font-size: 0.9em;
  }
  .hint--closed {
    font-size: 1em;
    font-weight: 600;
    color: ${warning};
  }
  .receipt,
  .message {
    margin: 0;
  }
  .warning {
    display: grid;
    gap: 0.5em;
    padding: 0.75em;
    border: 2px solid ${warning};
    border-radius: ${tokens.radius};
  }
  .warning > p {
    margin: 0;
  }
  .warning-title {
    font-weight: 700;
    color: ${warning};
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
`;
