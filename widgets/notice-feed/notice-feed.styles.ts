import { css } from 'lit';
import { focusRing } from '../core/styles/controls.ts';
import { tokens } from '../core/styles/tokens.ts';

const unreadBackground = css`var(--doorstep-notice-unread-background, #fff4b8)`;
const unreadBorder = css`var(--doorstep-notice-unread-border, #e0b100)`;
const urgent = css`var(--doorstep-notice-urgent-color, ${tokens.error})`;

/** Shadow-root styles of `<notice-feed>`. */
export const noticeFeedStyles = css`
  .base {
    display: grid;
    gap: ${tokens.spacing};
  }
  .base > * {
    margin: 0;
  }
  .header {
    display: flex;
    align-items: center;
    gap: 0.75em;
  }
  .heading {
    margin: 0;
    font-size: 1.4em;
  }
  .compact .heading {
    font-size: 1.1em;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 1.8em;
    height: 1.8em;
    padding: 0 0.5em;
    border-radius: 999px;
    /* Invisible in colour, drawn in forced colours (which drop backgrounds): the badge keeps its shape. */
    border: 1px solid transparent;
    background: var(--doorstep-badge-background, ${tokens.error});
    color: var(--doorstep-badge-color, #ffffff);
    font-weight: 700;
    font-size: 0.9em;
  }
  .section {
    display: grid;
    gap: 0.5em;
  }
  .section-heading {
    margin: 0;
    font-size: 1.1em;
  }
  .items {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }
  .item-button {
    display: grid;
    gap: 0.25em;
    width: 100%;
    min-height: max(44px, ${tokens.controlHeight});
    padding: 0.75em 1em;
    border: 1px solid ${tokens.outline};
    border-left-width: 6px;
    border-radius: ${tokens.radius};
    background: ${tokens.surface};
    color: inherit;
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  .item.unread .item-button {
    background: ${unreadBackground};
    border-color: ${unreadBorder};
  }
  .item.unread .item-title {
    font-weight: 700;
  }
  .item.urgent .item-button {
    border-left-color: ${urgent};
  }
  .item-button:hover .item-title {
    text-decoration: underline;
  }
  .item-button:focus-visible,
  .detail-title:focus-visible {
    ${focusRing}
  }
  .item-title {
    color: ${tokens.primary};
    overflow-wrap: anywhere;
  }
  .item-meta,
  .detail-meta,
  .hint {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
    font-size: 0.9em;
    color: var(--doorstep-color-muted, #4a5260);
  }
  .tag {
    padding: 0 0.4em;
    border-radius: 0.25em;
    font-weight: 700;
    font-size: 0.85em;
    text-transform: uppercase;
    letter-spacing: 0.02em;
  }
  .tag--urgent {
    border: 1px solid transparent;
    background: ${urgent};
    color: #ffffff;
  }
  .tag--new {
    border: 1px solid ${unreadBorder};
    color: #5c4700;
  }
  .detail {
    display: grid;
    gap: 0.75em;
  }
  .detail.urgent {
    border-left: 6px solid ${urgent};
    padding-left: 1em;
  }
  .back {
    justify-self: start;
  }
  .detail-title {
    margin: 0;
    font-size: 1.25em;
    overflow-wrap: anywhere;
  }
  .body p {
    margin: 0 0 0.75em;
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }
  .body a {
    color: ${tokens.primary};
  }
  .attachments h4 {
    margin: 0 0 0.5em;
  }
  .files {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }
  .file {
    text-align: start;
    overflow-wrap: anywhere;
  }
  .file-size {
    font-weight: 400;
  }
`;
