import { css } from 'lit';
import { focusRing, inputField } from '../core/styles/controls.ts';

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
    ${inputField}
    cursor: pointer;
  }
  select:focus-visible {
    ${focusRing}
  }
`;
