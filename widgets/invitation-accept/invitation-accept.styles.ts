import { css } from 'lit';
import { tokens } from '../core/styles/tokens.ts';

/** Shadow-root styles of `<invitation-accept>`; its password form uses the shared light-DOM form styles. */
export const invitationAcceptStyles = css`
  .base {
    display: grid;
    gap: ${tokens.spacing};
    max-width: var(--doorstep-invitation-accept-max-width, 32rem);
  }
  .base > *,
  .offer > * {
    margin: 0;
  }
  h2 {
    margin: 0;
    font-size: 1.4em;
    line-height: 1.25;
  }
  .offer {
    display: grid;
    gap: 0.5em;
  }
  .offer .button {
    justify-self: start;
  }
`;
