import Decimal from 'decimal.js';
import { escapeHtml } from './html-escape';

// A small SVG line chart of our own rather than a library. What we need is one line, a shaded area to
// zero, a few gridlines and labels, as a string in Node, with no DOM, no script at view time and the
// values exact until they become pixels. The chart libraries that render to a string without a DOM
// (ECharts' SSR mode, Vega) weigh megabytes for this; d3-scale/d3-shape would give us the path and
// the ticks, but only on numbers and as ES modules, which this repository's Jest cannot load
// untranspiled. Eighty lines are easier to keep than any of those.

/** One point of a line chart, in order along the x axis (evenly spaced). */
export interface ChartPoint {
  value: Decimal;
  /** What hovering the point shows (an SVG <title>). */
  tooltip: string;
  /** Under the x axis: every point's when there are few, evenly thinned when there are many. */
  xLabel: string;
}

export interface LineChartSpec {
  /** Unique in the page: names the chart's clip paths and its `chart-<id>` class. */
  id: string;
  /** The chart's accessible name. */
  title: string;
  points: readonly ChartPoint[];
  /** The y axis labels. */
  formatTick: (value: Decimal) => string;
  /** The line's colour; the area to zero is green above zero and red below. */
  color: string;
  width?: number;
  height?: number;
}

const MARGIN = { top: 12, right: 20, bottom: 30, left: 72 };
const MAX_X_LABELS = 10;
const MAX_MARKERS = 200;

/** The chart as an `<svg>` element that scales to its container's width. */
export function svgLineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 880;
  const height = spec.height ?? 280;
  const plot = { left: MARGIN.left, top: MARGIN.top, width: width - MARGIN.left - MARGIN.right, height: height - MARGIN.top - MARGIN.bottom };
  const n = spec.points.length;
  const ticks = niceTicks(spec.points.map((p) => p.value));
  const [low, high] = [ticks[0], ticks[ticks.length - 1]];
  // The pixel mapping: the only place a value leaves Decimal, rounded to a tenth of a pixel.
  const y = (value: Decimal) => px(new Decimal(plot.top).plus(high.minus(value).dividedBy(high.minus(low)).times(plot.height)));
  const x = (i: number) =>
    px(
      n === 1
        ? new Decimal(plot.left + plot.width / 2)
        : new Decimal(plot.width)
            .times(i)
            .dividedBy(n - 1)
            .plus(plot.left),
    );
  const zeroY = y(new Decimal(0));
  const bottom = plot.top + plot.height;
  const xy = spec.points.map((p, i) => `${x(i)} ${y(p.value)}`);
  const line = xy.map((point, i) => `${i === 0 ? 'M' : 'L'}${point}`).join(' ');
  const area = n === 0 ? '' : `M${x(0)} ${zeroY} ${xy.map((point) => `L${point}`).join(' ')} L${x(n - 1)} ${zeroY} Z`;
  const labelEvery = Math.ceil(n / MAX_X_LABELS);
  const id = escapeHtml(spec.id);

  const parts = [
    `<svg class="chart chart-${id}" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title" font-size="12">`,
    `<title id="${id}-title">${escapeHtml(spec.title)}</title>`,
    '<defs>',
    `<clipPath id="${id}-above"><rect x="${plot.left}" y="${plot.top}" width="${plot.width}" height="${px(new Decimal(zeroY).minus(plot.top))}"/></clipPath>`,
    `<clipPath id="${id}-below"><rect x="${plot.left}" y="${zeroY}" width="${plot.width}" height="${px(new Decimal(bottom).minus(zeroY))}"/></clipPath>`,
    '</defs>',
    ...ticks.map(
      (tick) =>
        `<line class="grid" x1="${plot.left}" x2="${plot.left + plot.width}" y1="${y(tick)}" y2="${y(tick)}" stroke="${tick.isZero() ? '#6b7280' : '#e5e7eb'}" stroke-width="1"/>` +
        `<text class="tick" x="${plot.left - 8}" y="${y(tick)}" dy="0.32em" text-anchor="end" fill="#6b7280">${escapeHtml(spec.formatTick(tick))}</text>`,
    ),
    ...spec.points.map((p, i) =>
      i % labelEvery === 0 || i === n - 1
        ? `<text class="x-label" x="${x(i)}" y="${bottom + 20}" text-anchor="middle" fill="#6b7280">${escapeHtml(p.xLabel)}</text>`
        : '',
    ),
    `<path class="area area-gain" d="${area}" fill="#16a34a" fill-opacity="0.14" clip-path="url(#${id}-above)"/>`,
    `<path class="area area-loss" d="${area}" fill="#dc2626" fill-opacity="0.16" clip-path="url(#${id}-below)"/>`,
    `<path class="line" d="${line}" data-points="${n}" fill="none" stroke="${escapeHtml(spec.color)}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`,
    ...(n <= MAX_MARKERS
      ? spec.points.map(
          (p, i) =>
            `<circle class="point" cx="${x(i)}" cy="${y(p.value)}" r="3.5" fill="#fff" stroke="${escapeHtml(spec.color)}" stroke-width="1.5"><title>${escapeHtml(p.tooltip)}</title></circle>`,
        )
      : []),
    '</svg>',
  ];
  return parts.filter((part) => part !== '').join('\n');
}

/**
 * Round gridline values (steps of 1, 2 or 5 times a power of ten) spanning the values and zero,
 * about four intervals. All zero (or nothing) spans -1 to 1.
 */
export function niceTicks(values: readonly Decimal[], intervals = 4): Decimal[] {
  const low = Decimal.min(0, ...values);
  const high = Decimal.max(0, ...values);
  if (low.equals(high)) return [new Decimal(-1), new Decimal(0), new Decimal(1)];
  const rough = high.minus(low).dividedBy(intervals);
  const magnitude = new Decimal(10).pow(Decimal.log10(rough).floor());
  const residual = rough.dividedBy(magnitude);
  const step = magnitude.times(residual.lte(1) ? 1 : residual.lte(2) ? 2 : residual.lte(5) ? 5 : 10);
  const ticks: Decimal[] = [];
  for (let tick = low.dividedBy(step).floor().times(step); tick.lt(high.plus(step)); tick = tick.plus(step)) {
    ticks.push(tick);
    if (tick.gte(high)) break;
  }
  return ticks;
}

function px(value: Decimal): string {
  return value.toDecimalPlaces(1, Decimal.ROUND_HALF_EVEN).toString();
}
