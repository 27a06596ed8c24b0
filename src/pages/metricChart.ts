/**
 * A metric's history as an inline SVG line chart, built here rather than in the
 * page: no chart library and no page script, so the pages' CSP stays as strict
 * as it is (no inline styles: colours come from classes in media/pages/page.css,
 * which read only --vscode-* variables). Hover values are SVG <title>s, which the
 * webview shows as native tooltips; the same values are in a table under a
 * <details>, reachable from the keyboard and by screen readers.
 *
 * Labels and keys are registry content: they only ever pass through `html`.
 */
import { isPlottable, offScaleText, type MetricPoint } from '../core/metricHistory';
import { html, type SafeHtml } from './html';
import { formatMetric } from './metricText';

export interface ChartSeries {
  label: string;
  points: readonly MetricPoint[];
}

export interface ChartOptions {
  size?: 'small' | 'large';
}

/** Every user-visible string of the chart, in one place for localization. */
export const CHART_TEXT = {
  ariaLabel: (key: string, series: number, from: number, to: number) => `Chart of ${key}: ${series} series over steps ${from} to ${to}`,
  ariaEmpty: (key: string) => `Chart of ${key}: no values`,
  noValues: 'No values logged.',
  noPoints: '(no values)',
  tableSummary: (key: string) => `Values of ${key} by step`,
  step: 'Step',
  pointTitle: (label: string, step: number, value: string) => `${label}, step ${step}: ${value}`,
  offScale: (n: number) =>
    n === 1 ? '1 value is NaN or infinite and is not drawn; the table lists it.' : `${n} values are NaN or infinite and are not drawn; the table lists them.`,
  tableBounded: (shown: number, total: number) => `The table shows ${shown} of ${total} steps, evenly spread; the chart draws them all.`,
  downsampled: (total: number) => `Drawn from ${total} values, keeping each stretch's lowest and highest.`,
};

const SIZES = {
  small: { width: 360, height: 150 },
  large: { width: 640, height: 280 },
};
const MARGIN = { left: 56, right: 12, top: 10, bottom: 24 };
/** Series colours: page.css maps series-0…series-5 to --vscode-charts-* colours. */
const COLOURS = 6;
/** Above this many values a series is drawn from bucketed minima and maxima. */
export const MAX_DRAWN_POINTS = 400;
/** Above this many drawn points a series gets no markers (the table has the values). */
const MAX_MARKERS = 120;
/** Rows of the table fallback. */
export const MAX_TABLE_ROWS = 200;

interface Scale {
  min: number;
  max: number;
}

export function metricChart(metricKey: string, series: readonly ChartSeries[], options: ChartOptions = {}): SafeHtml {
  const size = options.size ?? 'small';
  const { width, height } = SIZES[size];
  const sorted = series.map((s) => ({ label: s.label, points: [...s.points].sort(byStep) }));
  const plotted = sorted.flatMap((s) => s.points.filter((p) => isPlottable(p.value)));
  const legend = legendList(sorted);
  if (plotted.length === 0) {
    return html`<figure class="metric-chart ${size}" data-metric="${metricKey}"><p class="empty" role="note" aria-label="${CHART_TEXT.ariaEmpty(metricKey)}">${CHART_TEXT.noValues}</p>${legend}${valueTable(metricKey, sorted)}</figure>`;
  }
  const xs = widen(extent(plotted.map((p) => p.step)));
  const ys = widen(extent(plotted.map((p) => p.value)));
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const x = (step: number) => round(MARGIN.left + ((step - xs.min) / (xs.max - xs.min)) * plotW);
  const y = (value: number) => round(MARGIN.top + (1 - (value - ys.min) / (ys.max - ys.min)) * plotH);

  const lines = sorted.map((s, i) => seriesMarks(s, i, x, y));
  const offScale = sorted.reduce((n, s) => n + s.points.filter((p) => !isPlottable(p.value)).length, 0);
  const downsampled = Math.max(...sorted.map((s) => s.points.length)) > MAX_DRAWN_POINTS;
  const notes = [offScale > 0 ? CHART_TEXT.offScale(offScale) : '', downsampled ? CHART_TEXT.downsampled(plotted.length) : ''].filter(Boolean);
  const label = CHART_TEXT.ariaLabel(metricKey, sorted.length, extent(plotted.map((p) => p.step)).min, extent(plotted.map((p) => p.step)).max);
  return html`<figure class="metric-chart ${size}" data-metric="${metricKey}">
<svg class="chart" role="img" aria-label="${label}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">
${axes(xs, ys, x, y, width, height)}
${lines}
</svg>
${legend}${notes.map((n) => html`<p class="chart-note">${n}</p>`)}${valueTable(metricKey, sorted)}
</figure>`;
}

const byStep = (a: MetricPoint, b: MetricPoint): number => a.step - b.step || a.timestamp - b.timestamp;
const round = (n: number): number => Math.round(n * 10) / 10;

function extent(values: readonly number[]): Scale {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** A flat line or a single point still needs a scale with some height and width. */
function widen(s: Scale): Scale {
  if (s.max > s.min) return s;
  const pad = s.min === 0 ? 1 : Math.abs(s.min) * 0.1;
  return { min: s.min - pad, max: s.max + pad };
}

/** Up to `count` round values inside the scale (1, 2 or 5 times a power of ten apart). */
export function ticks(s: Scale, count: number): number[] {
  const raw = (s.max - s.min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((c) => (s.max - s.min) / c <= count) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(s.min / step) * step; v <= s.max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function tickText(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(1);
  return String(Number(v.toPrecision(4)));
}

function axes(xs: Scale, ys: Scale, x: (n: number) => number, y: (n: number) => number, width: number, height: number): SafeHtml {
  const bottom = height - MARGIN.bottom;
  const right = width - MARGIN.right;
  const xTicks = ticks(xs, 5).filter((t) => Number.isInteger(t));
  const yTicks = ticks(ys, 4);
  return html`<g class="axes">
${yTicks.map((t) => html`<line class="grid" x1="${MARGIN.left}" x2="${right}" y1="${y(t)}" y2="${y(t)}"></line><text class="tick y" x="${MARGIN.left - 6}" y="${y(t) + 4}" text-anchor="end">${tickText(t)}</text>`)}
${xTicks.map((t) => html`<text class="tick x" x="${x(t)}" y="${bottom + 16}" text-anchor="middle">${tickText(t)}</text>`)}
<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${bottom}"></line>
<line class="axis" x1="${MARGIN.left}" x2="${right}" y1="${bottom}" y2="${bottom}"></line>
</g>`;
}

/**
 * At most MAX_DRAWN_POINTS points that keep a long series' shape: the lowest and
 * highest value of each stretch, in step order. Off-scale values break the line.
 */
export function pointsToDraw(points: readonly MetricPoint[]): MetricPoint[] {
  if (points.length <= MAX_DRAWN_POINTS) return [...points];
  const buckets = MAX_DRAWN_POINTS / 2;
  const out: MetricPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * points.length) / buckets);
    const to = Math.floor(((b + 1) * points.length) / buckets);
    let lo: MetricPoint | undefined;
    let hi: MetricPoint | undefined;
    for (let i = from; i < to; i++) {
      const p = points[i];
      if (!isPlottable(p.value)) continue;
      if (!lo || p.value < lo.value) lo = p;
      if (!hi || p.value > hi.value) hi = p;
    }
    if (lo && hi) out.push(...(lo === hi ? [lo] : byStep(lo, hi) <= 0 ? [lo, hi] : [hi, lo]));
  }
  return out;
}

function seriesMarks(s: ChartSeries, index: number, x: (n: number) => number, y: (n: number) => number): SafeHtml {
  const drawn = pointsToDraw(s.points);
  const runs: MetricPoint[][] = [[]];
  for (const p of drawn) {
    if (isPlottable(p.value)) runs[runs.length - 1].push(p);
    else if (runs[runs.length - 1].length > 0) runs.push([]);
  }
  const colour = `series-${index % COLOURS}`;
  const paths = runs
    .filter((r) => r.length > 1)
    .map((r) => html`<polyline class="line ${colour}" points="${r.map((p) => `${x(p.step)},${y(p.value)}`).join(' ')}"></polyline>`);
  const plottable = drawn.filter((p) => isPlottable(p.value));
  const markers =
    plottable.length <= MAX_MARKERS
      ? plottable.map(
          (p) =>
            html`<circle class="point ${colour}" cx="${x(p.step)}" cy="${y(p.value)}" r="2.5"><title>${CHART_TEXT.pointTitle(s.label, p.step, valueText(p.value))}</title></circle>`,
        )
      : [];
  return html`<g class="series" data-series="${index}" data-points="${s.points.length}">${paths}${markers}</g>`;
}

function valueText(v: number): string {
  return isPlottable(v) ? formatMetric(v) : offScaleText(v);
}

function legendList(series: readonly ChartSeries[]): SafeHtml {
  return html`<ul class="chart-legend">${series.map(
    (s, i) =>
      html`<li><span class="swatch series-${i % COLOURS}" aria-hidden="true"></span>${s.label}${s.points.length === 0 ? html` <span class="muted">${CHART_TEXT.noPoints}</span>` : ''}</li>`,
  )}</ul>`;
}

/** Step × series, the last value logged at each step; bounded, with a note when it is. */
function valueTable(metricKey: string, series: readonly ChartSeries[]): SafeHtml {
  const byStepPerSeries = series.map((s) => {
    const m = new Map<number, number>();
    for (const p of s.points) m.set(p.step, p.value);
    return m;
  });
  const steps = [...new Set(series.flatMap((s) => s.points.map((p) => p.step)))].sort((a, b) => a - b);
  if (steps.length === 0) return html``;
  const shown = steps.length <= MAX_TABLE_ROWS ? steps : spread(steps, MAX_TABLE_ROWS);
  const note = shown.length < steps.length ? html`<p class="chart-note">${CHART_TEXT.tableBounded(shown.length, steps.length)}</p>` : '';
  return html`<details class="chart-table"><summary>${CHART_TEXT.tableSummary(metricKey)}</summary>${note}<table class="data"><thead><tr><th scope="col" class="num">${CHART_TEXT.step}</th>${series.map(
    (s) => html`<th scope="col" class="num">${s.label}</th>`,
  )}</tr></thead><tbody>${shown.map(
    (step) =>
      html`<tr><th scope="row" class="num">${step}</th>${byStepPerSeries.map((m) => {
        const v = m.get(step);
        return v === undefined ? html`<td class="num"></td>` : html`<td class="num" title="${String(v)}">${valueText(v)}</td>`;
      })}</tr>`,
  )}</tbody></table></details>`;
}

/** `count` items evenly spread over `all`, first and last included. */
function spread<T>(all: readonly T[], count: number): T[] {
  return Array.from({ length: count }, (_, i) => all[Math.round((i * (all.length - 1)) / (count - 1))]);
}
