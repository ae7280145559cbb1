import { css } from 'lit';
import { tokens } from '../core/styles/tokens.ts';

/** Shadow-root styles of `<owner-login>`; its forms use the shared light-DOM form styles. */
export const ownerLoginStyles = css`
  .base {
    display: grid;
    gap: ${tokens.spacing};
    max-width: var(--doorstep-login-max-width, var(--doorstep-form-max-width, 28rem));
  }
  .base > * {
    margin: 0;
  }
  .account {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${tokens.spacing};
  }
  .strong-login {
    display: grid;
    gap: calc(${tokens.spacing} / 2);
  }
  .greeting {
    font-weight: 600;
  }
`;
