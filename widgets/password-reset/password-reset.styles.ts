import { css } from 'lit';
import { tokens } from '../core/styles/tokens.ts';

/** Shadow-root styles of `<password-reset>`; its forms use the shared light-DOM form styles. */
export const passwordResetStyles = css`
  :host(:not([open])) {
    display: none;
  }
  .base {
    display: grid;
    gap: ${tokens.spacing};
    max-width: var(--doorstep-password-reset-max-width, var(--doorstep-form-max-width, 28rem));
  }
  .base > * {
    margin: 0;
  }
`;
