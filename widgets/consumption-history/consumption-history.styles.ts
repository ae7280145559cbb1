import { css } from 'lit';
import { focusRing } from '../core/styles/controls.ts';
import { tokens } from '../core/styles/tokens.ts';

/** Shadow-root styles of `<consumption-history>`. */
export const consumptionHistoryStyles = css`
  .base {
    display: grid;
    gap: ${tokens.spacing};
  }
  .base > * {
    margin: 0;
  }
  .title {
    font-size: 1.35em;
    font-weight: 700;
  }
  .meter {
    display: grid;
    gap: 0.5em;
    margin: 0;
  }
  .meter > * {
    margin: 0;
  }
  .caption {
    font-weight: 700;
  }
  .chart-wrap {
    width: 100%;
    max-width: 48rem;
  }
  .chart {
    display: block;
    width: 100%;
    height: auto;
    overflow: visible;
    font-family: inherit;
  }
  .chart text {
    font-size: 15px;
    fill: currentColor;
  }
  .chart .grid {
    stroke: var(--doorstep-chart-grid, #c9ced6);
    stroke-width: 1;
  }
  .bar {
    fill: var(--doorstep-chart-bar, ${tokens.primary});
  }
  .bar--cold_water {
    fill: var(--doorstep-chart-cold-water, #1f6fb2);
  }
  .bar--hot_water {
    fill: var(--doorstep-chart-hot-water, #b3401e);
  }
  .toggle {
    justify-self: start;
  }
  .table-wrap {
    max-width: 100%;
    overflow-x: auto;
  }
  .table-wrap:focus-visible {
    ${focusRing}
  }
  .table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  .table th,
  .table td {
    padding: 0.3em 0.75em;
    border-bottom: 1px solid var(--doorstep-chart-grid, #c9ced6);
    text-align: left;
  }
  .table td,
  .table thead th + th {
    text-align: right;
  }
`;
