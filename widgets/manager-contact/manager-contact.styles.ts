import { css } from 'lit';
import { focusRing } from '../core/styles/controls.ts';
import { tokens } from '../core/styles/tokens.ts';

/** Shadow-root styles of `<manager-contact>`. */
export const managerContactStyles = css`
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
  .section-heading,
  .conversation-heading {
    margin: 0;
    font-size: 1.2em;
    overflow-wrap: anywhere;
  }
  .new,
  .back {
    justify-self: start;
  }
  .info {
    padding: 0.75em 1em;
    border-left: 6px solid ${tokens.primary};
    border-radius: ${tokens.radius};
    background: var(--doorstep-contact-manager-background, #f1f3f6);
  }
  .threads,
  .conversation {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }
  .thread {
    display: grid;
    gap: 0.25em;
    width: 100%;
    min-height: max(44px, ${tokens.controlHeight});
    padding: 0.75em 1em;
    border: 1px solid ${tokens.outline};
    border-radius: ${tokens.radius};
    background: ${tokens.surface};
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  .thread:focus-visible,
  .conversation-heading:focus-visible,
  .heading:focus-visible,
  .input:focus-visible {
    ${focusRing}
  }
  .thread-subject {
    color: ${tokens.primary};
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .thread:hover .thread-subject {
    text-decoration: underline;
  }
  .thread-meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1em;
    align-items: center;
    font-size: 0.9em;
    color: var(--doorstep-color-muted, #4a5260);
  }
  .status {
    padding: 0.1em 0.5em;
    border-radius: 999px;
    font-weight: 700;
    font-size: 0.9em;
    border: 1px solid currentColor;
  }
  .status--open {
    color: #7a4b00;
  }
  .status--answered {
    color: ${tokens.success};
  }
  .status--closed {
    color: #4a5260;
  }
  .message-item {
    padding: 0.75em 1em;
    border-radius: ${tokens.radius};
    background: var(--doorstep-contact-manager-background, #f1f3f6);
  }
  .message-mine,
  .message-resident {
    background: var(--doorstep-contact-mine-background, #e8f0fe);
    margin-left: min(10%, 3rem);
  }
  .message-manager {
    margin-right: min(10%, 3rem);
  }
  .message-author {
    margin: 0 0 0.25em;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.75em;
  }
  .message-time {
    font-size: 0.9em;
    color: var(--doorstep-color-muted, #4a5260);
  }
  .message-body p {
    margin: 0 0 0.5em;
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }
  .message-body a {
    color: ${tokens.primary};
  }
  .file {
    text-align: start;
    overflow-wrap: anywhere;
  }
  .file-size {
    font-weight: 400;
  }
  .form {
    display: grid;
    gap: ${tokens.spacing};
    max-width: var(--doorstep-form-max-width, 40rem);
  }
  .field {
    display: grid;
    gap: 0.25em;
  }
  .field label {
    font-weight: 600;
  }
  .input {
    min-height: max(44px, ${tokens.controlHeight});
    padding: 0.5em 0.75em;
    border: 2px solid var(--doorstep-input-border-color, ${tokens.outline});
    border-radius: ${tokens.radius};
    background: ${tokens.surface};
    color: inherit;
    font: inherit;
    box-sizing: border-box;
    width: 100%;
  }
  .input[aria-invalid='true'] {
    border-color: ${tokens.error};
  }
  .textarea {
    resize: vertical;
  }
  .file-input {
    padding: 0.5em;
  }
  .hint {
    margin: 0;
    font-size: 0.9em;
    color: var(--doorstep-color-muted, #4a5260);
  }
  .field-error {
    margin: 0;
    color: ${tokens.error};
    font-weight: 600;
  }
  .field-error:empty {
    display: none;
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.5em;
    min-height: 44px;
  }
  .check input {
    width: 1.5em;
    height: 1.5em;
    accent-color: ${tokens.primary};
  }
`;
