import { css } from 'lit';
import { focusRing } from '../core/styles/controls.ts';
import { tokens } from '../core/styles/tokens.ts';

/** Shadow-root styles of `<invoice-list>`. Status colours always come with the status in words. */
export const invoiceListStyles = css`
  .base {
    display: grid;
    gap: ${tokens.spacing};
  }
  .base > *,
  h3,
  dl,
  dd,
  figure {
    margin: 0;
  }
  .heading {
    font-size: 1.4em;
    line-height: 1.25;
  }
  h3 {
    font-size: 1.15em;
    line-height: 1.3;
  }
  .hint {
    margin: 0;
    font-size: 0.95em;
  }
  .button--small {
    min-height: 44px;
    padding: 0.25em 0.9em;
    font-size: 0.95em;
  }
  .button[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  .card {
    display: grid;
    gap: ${tokens.spacing};
    padding: ${tokens.spacing};
    border: 1px solid var(--doorstep-invoice-card-border-color, #d5dae1);
    border-radius: ${tokens.radius};
    background: var(--doorstep-invoice-card-background, #f5f7fa);
  }
  .card__header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.5em ${tokens.spacing};
  }
  .card__period {
    display: block;
    font-weight: 400;
  }
  .facts {
    display: grid;
    gap: 0.35em;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.25em ${tokens.spacing};
  }
  .row dt {
    color: var(--doorstep-invoice-label-color, #47505c);
  }
  .row dd {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .row[part~='total'] {
    font-size: 1.15em;
  }
  .status {
    display: inline-block;
    padding: 0.1em 0.6em;
    border: 2px solid currentColor;
    border-radius: 999px;
    font-weight: 700;
    font-size: 0.95em;
    white-space: nowrap;
  }
  .status[data-status='unpaid'] {
    color: var(--doorstep-invoice-status-unpaid-color, #0b57d0);
  }
  .status[data-status='partly_paid'] {
    color: var(--doorstep-invoice-status-partly-paid-color, #8a5a00);
  }
  .status[data-status='paid'] {
    color: var(--doorstep-invoice-status-paid-color, ${tokens.success});
  }
  .status[data-status='overdue'] {
    color: var(--doorstep-invoice-status-overdue-color, ${tokens.error});
  }
  .payment {
    display: grid;
    gap: 0.75em;
  }
  .payment__body {
    display: flex;
    flex-wrap: wrap;
    gap: ${tokens.spacing};
    align-items: flex-start;
  }
  .facts--payment {
    flex: 1 1 18rem;
    gap: 0.5em;
  }
  /* Label above, value and its copy button on one line: reads the same on a phone and a desk. */
  .facts--payment .row {
    display: grid;
    justify-content: normal;
    gap: 0.1em;
  }
  .facts--payment .row + .row {
    padding-top: 0.5em;
    border-top: 1px solid var(--doorstep-invoice-card-border-color, #d5dae1);
  }
  .facts--payment dt {
    font-size: 0.9em;
  }
  .facts--payment dd {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
  }
  .value {
    overflow-wrap: anywhere;
    user-select: all;
  }
  .qr {
    display: grid;
    justify-items: center;
    gap: 0.4em;
    width: var(--doorstep-invoice-qr-size, 11rem);
    text-align: center;
    font-size: 0.9em;
  }
  .qr svg {
    width: 100%;
    height: auto;
    background: #fff;
  }
  .all {
    display: grid;
    gap: 0.75em;
  }
  .all__toggle {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    min-height: 44px;
    padding: 0.25em 0;
    border: 0;
    background: none;
    color: ${tokens.primary};
    font: inherit;
    font-weight: 700;
    text-decoration: underline;
    cursor: pointer;
  }
  .all__toggle:focus-visible,
  .item:focus-visible {
    ${focusRing}
  }
  .all__chevron::before {
    content: '▸';
    display: inline-block;
    transition: transform 0.15s;
  }
  .all__toggle[aria-expanded='true'] .all__chevron::before {
    transform: rotate(90deg);
  }
  @media (prefers-reduced-motion: reduce) {
    .all__chevron::before {
      transition: none;
    }
  }
  .all__body {
    display: grid;
    gap: 0.75em;
    justify-items: start;
  }
  .all__body[hidden] {
    display: none;
  }
  .list {
    display: grid;
    width: 100%;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .item {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em ${tokens.spacing};
    padding: 0.6em 0;
    border-bottom: 1px solid var(--doorstep-invoice-card-border-color, #d5dae1);
  }
  .item__main {
    display: grid;
    flex: 1 1 12rem;
  }
  .item__period {
    font-weight: 600;
  }
  .item__meta {
    font-size: 0.9em;
  }
  .item__total {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .empty__title {
    margin: 0;
    font-weight: 600;
  }
`;
