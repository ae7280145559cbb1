import { css } from 'lit';
import { tokens } from '../core/styles/tokens.ts';

/** Shadow-root styles of `<owner-profile>`; its forms use the shared light-DOM form styles. */
export const ownerProfileStyles = css`
  .base {
    display: grid;
    gap: calc(${tokens.spacing} * 1.5);
    max-width: var(--doorstep-profile-max-width, var(--doorstep-form-max-width, 32rem));
  }
  .base > * {
    margin: 0;
  }
  ::slotted(form) {
    padding-bottom: ${tokens.spacing};
    border-bottom: 1px solid var(--doorstep-profile-divider-color, #d0d4d9);
  }
`;
