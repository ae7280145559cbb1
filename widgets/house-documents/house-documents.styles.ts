import { css } from 'lit';
import { focusRing } from '../core/styles/controls.ts';
import { tokens } from '../core/styles/tokens.ts';

/** Shadow-root styles of `<house-documents>`. */
export const houseDocumentsStyles = css`
  /* minmax(0, 1fr): a grid's auto column grows to its widest content; at 320 px it must not. */
  .base,
  .filter,
  .category,
  .documents {
    grid-template-columns: minmax(0, 1fr);
  }
  .base {
    display: grid;
    gap: ${tokens.spacing};
  }
  .base > * {
    margin: 0;
  }
  .heading {
    font-size: 1.4em;
  }
  .info {
    padding: 0.75em 1em;
    border-left: 6px solid ${tokens.primary};
    border-radius: ${tokens.radius};
    background: var(--doorstep-documents-info-background, #eef3fb);
  }
  .info-heading {
    margin: 0 0 0.25em;
    font-size: 1em;
  }
  .info p {
    margin: 0;
  }
  .filter {
    display: grid;
    gap: 0.25em;
    max-width: 28rem;
  }
  .filter label {
    font-weight: 600;
  }
  .select {
    width: 100%;
    min-height: max(44px, ${tokens.controlHeight});
    padding: 0 0.75em;
    border: 2px solid ${tokens.outline};
    border-radius: ${tokens.radius};
    background: ${tokens.surface};
    color: inherit;
    font: inherit;
  }
  .select:focus-visible {
    ${focusRing}
  }
  .category {
    display: grid;
    gap: 0.5em;
  }
  .category-heading {
    margin: 0;
    font-size: 1.2em;
  }
  .year {
    margin: 0.25em 0 0;
    font-size: 1em;
    color: var(--doorstep-color-muted, #4a5260);
  }
  .documents {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }
  .document {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em 1em;
    padding: 0.75em 1em;
    border: 1px solid ${tokens.outline};
    border-radius: ${tokens.radius};
  }
  .document-text {
    display: grid;
    gap: 0.15em;
    flex: 1 1 16rem;
    min-width: 0;
  }
  .document-title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .document-meta {
    font-size: 0.9em;
    color: var(--doorstep-color-muted, #4a5260);
  }
  .lock {
    vertical-align: -0.125em;
  }
  .locked-note {
    font-size: 0.95em;
    color: var(--doorstep-color-muted, #4a5260);
  }
  .strong-login {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin-top: 0.5em;
  }
`;
