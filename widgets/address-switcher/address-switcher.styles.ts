import { css } from 'lit';
import { tokens } from '../core/styles/tokens.ts';

/** Shadow-root styles of `<address-switcher>`. */
export const addressSwitcherStyles = css`
  .base {
    display: grid;
    gap: 0.25em;
    max-width: var(--doorstep-address-switcher-max-width, 36rem);
  }
  .label {
    font-weight: 600;
  }
  .address {
    margin: 0;
    font-size: 1.1em;
    font-weight: 600;
  }
  .role {
    margin: 0;
    font-size: 0.9em;
    color: var(--doorstep-address-switcher-role-color, inherit);
  }
  select {
    box-sizing: border-box;
    width: 100%;
    min-height: max(44px, ${tokens.controlHeight});
    padding: 0.4em 0.6em;
    border: 2px solid var(--doorstep-input-border-color, ${tokens.outline});
    border-radius: var(--doorstep-input-radius, ${tokens.radius});
    background: var(--doorstep-input-background, ${tokens.surface});
    color: var(--doorstep-input-color, #1f1f1f);
    font: inherit;
    cursor: pointer;
  }
  select:focus-visible {
    outline: 3px solid ${tokens.focus};
    outline-offset: 2px;
  }
`;
