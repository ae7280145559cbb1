import { css } from 'lit';
import { tokens } from '../core/styles/tokens.ts';

/** Shadow-root styles of `<owner-register>`; its form uses the shared light-DOM form styles. */
export const ownerRegisterStyles = css`
  .base {
    display: grid;
    gap: ${tokens.spacing};
    max-width: var(--doorstep-register-max-width, var(--doorstep-form-max-width, 28rem));
  }
  .base > * {
    margin: 0;
  }
  .notice {
    font-size: 1.1em;
    font-weight: 700;
  }
`;
