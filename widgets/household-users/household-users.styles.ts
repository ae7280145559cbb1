import { css } from 'lit';
import { tokens } from '../core/styles/tokens.ts';

/** Shadow-root styles of `<household-users>`; its forms use the shared form styles. */
export const householdUsersStyles = css`
  .base {
    display: grid;
    gap: ${tokens.spacing};
    max-width: var(--doorstep-household-users-max-width, 40rem);
  }
  .base > * {
    margin: 0;
  }
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.4em;
  }
  h3 {
    font-size: 1.15em;
  }
  ul.list {
    display: grid;
    gap: ${tokens.spacing};
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .card {
    padding: ${tokens.spacing};
    border: 1px solid var(--doorstep-household-users-card-border-color, ${tokens.outline});
    border-radius: ${tokens.radius};
  }
  .card .doorstep-form {
    max-width: none;
  }
  .who {
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .email {
    font-weight: 400;
  }
  .invitation {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em ${tokens.spacing};
  }
  .invitation p {
    margin: 0;
  }
  select.doorstep-input {
    cursor: pointer;
  }
`;
