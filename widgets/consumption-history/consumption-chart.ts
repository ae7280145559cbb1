/**
 * @module
 * A monthly bar chart drawn as plain SVG: no chart library, a few hundred bytes of markup. It is a
 * picture for sighted readers; the figure's table (and the `aria-label` summary on the SVG) carry
 * the same numbers for everyone else.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';

export interface ChartBar {
  period: string;
  /** Null: no reading that month. */
  consumption: number | null;
  /** Under the bar: "maijs". */
  label: string;
  /** The bar's tooltip: "maijs 2026: 4,5 m³". */
  title: string;
}

export interface ChartOptions {
  /** Read by screen readers instead of the drawing. */
  summary: string;
  /** Formats the y-axis figures. */
  formatTick: (value: number) => string;
  /** CSS class of the bars, for the meter kind's colour. */
  barClass: string;
}

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 52;
const RIGHT = 8;
const TOP = 12;
const BOTTOM = 30;

/** The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value`: round figures for the y axis. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value * 0.999999) return step * power;
  return 10 * power;
}

export function renderChart(bars: readonly ChartBar[], options: ChartOptions): TemplateResult {
  const max = niceCeiling(Math.max(0, ...bars.map((bar) => bar.consumption ?? 0)));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = plotWidth / Math.max(1, bars.length);
  const y = (value: number) => TOP + plotHeight - (value / max) * plotHeight;
  // With two years on a phone, every other month's name is enough.
  const labelEvery = bars.length > 12 ? 2 : 1;
  const ticks = [0, max / 2, max];
  return html`
    <svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${options.summary} preserveAspectRatio="xMidYMid meet">
      ${ticks.map(
        (tick) => svg`
          <line class="grid" x1=${LEFT} x2=${WIDTH - RIGHT} y1=${y(tick)} y2=${y(tick)}></line>
          <text class="tick" x=${LEFT - 6} y=${y(tick)} text-anchor="end" dominant-baseline="middle">${options.formatTick(tick)}</text>`,
      )}
      ${bars.map((bar, index) => {
        const x = LEFT + index * slot + slot * 0.15;
        const width = slot * 0.7;
        const label =
          index % labelEvery === 0
            ? svg`<text class="label" x=${x + width / 2} y=${HEIGHT - BOTTOM + 18} text-anchor="middle">${bar.label}</text>`
            : nothing;
        if (bar.consumption === null) return label;
        // A month of zero use still gets a sliver, so it reads as "nothing used", not "no reading".
        const top = Math.min(y(bar.consumption), TOP + plotHeight - 2);
        return svg`
          <rect class="bar ${options.barClass}" data-period=${bar.period} x=${x} y=${top} width=${width} height=${TOP + plotHeight - top}>
            <title>${bar.title}</title>
          </rect>
          ${label}`;
      })}
    </svg>
  `;
}
