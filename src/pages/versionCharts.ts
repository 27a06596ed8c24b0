/**
 * The version page's "Metric history" section: a small chart of each metric the
 * version's run logged at more than one step. The histories are read after the
 * page's first content is shown (one request per metric on a server), so the
 * section first says it is reading, then the charts replace that.
 */
import { l10n } from './pageL10n';
import type { RegistryBackend } from '../core/backend';
import type { Run } from '../core/types';
import { section } from './components';
import { html, type SafeHtml } from './html';
import { metricChart, type ChartSeries } from './metricChart';
import { loadMetricHistories } from './metricHistories';

/** Every user-visible string of the section, in one place for localization. */
export const VERSION_CHARTS_TEXT = {
  title: () => l10n.t('Metric history'),
  reading: (n: number) => (n === 1 ? l10n.t('Reading the history of 1 metric…') : l10n.t('Reading the history of {0} metrics…', n)),
  more: (n: number) =>
    n === 1 ? l10n.t('1 more metric has a history; it is not charted here.') : l10n.t('{0} more metrics have a history; they are not charted here.', n),
  series: (version: string) => l10n.t('version {0}', version),
};

/** Charts on one page: each is one request on a server, and the page stays light. */
export const MAX_VERSION_CHARTS = 12;

export type VersionCharts =
  { state: 'reading'; runId: string; keys: string[] } | { state: 'ready'; runId: string; charts: { key: string; series: ChartSeries[] }[]; more: number };

/**
 * The metrics worth a history read: those whose latest value was logged past step 0
 * (a metric logged only at step 0 has no curve over steps), by name, at most
 * MAX_VERSION_CHARTS; `more` counts the rest.
 */
export function chartKeys(run: Run | null): { keys: string[]; more: number } {
  if (!run) return { keys: [], more: 0 };
  const all = Object.keys(run.metrics)
    .filter((k) => (run.metricDetails[k]?.step ?? 0) > 0)
    .sort((a, b) => a.localeCompare(b));
  return { keys: all.slice(0, MAX_VERSION_CHARTS), more: Math.max(0, all.length - MAX_VERSION_CHARTS) };
}

/** The histories of `keys`; only those with more than one value are charted. */
export async function loadVersionCharts(
  backend: RegistryBackend,
  version: string,
  runId: string,
  keys: readonly string[],
  more: number,
): Promise<VersionCharts> {
  const histories = await loadMetricHistories(backend, [{ label: VERSION_CHARTS_TEXT.series(version), runId }], keys);
  const charts = [...histories].filter(([, series]) => series.some((s) => s.points.length > 1)).map(([key, series]) => ({ key, series }));
  return { state: 'ready', runId, charts, more };
}

export function versionChartsSection(charts: VersionCharts | undefined): SafeHtml | '' {
  if (!charts) return '';
  if (charts.state === 'reading') {
    return section(
      'metric-history',
      VERSION_CHARTS_TEXT.title(),
      html`<p class="muted" role="status" id="metric-history-reading">${VERSION_CHARTS_TEXT.reading(charts.keys.length)}</p>`,
    );
  }
  if (charts.charts.length === 0) return '';
  const more = charts.more > 0 ? html`<p class="chart-note">${VERSION_CHARTS_TEXT.more(charts.more)}</p>` : '';
  return section(
    'metric-history',
    VERSION_CHARTS_TEXT.title(),
    html`<div class="metric-charts">${charts.charts.map((c) => html`<div class="metric-chart-block"><h3><code>${c.key}</code></h3>${metricChart(c.key, c.series, { size: 'small' })}</div>`)}</div>${more}`,
  );
}
