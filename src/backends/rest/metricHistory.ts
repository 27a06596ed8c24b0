import type { MetricPoint } from '../../core/metricHistory';
import { ENDPOINTS } from './endpoints';
import type { HttpClient } from './httpClient';
import { metricValue, type WireMetric } from './wire';

/** MLflow's client asks for this many values per page (GET_METRIC_HISTORY_MAX_RESULTS). */
export const METRIC_HISTORY_PAGE_SIZE = 25000;

interface WireHistoryPage {
  metrics?: WireMetric[];
  next_page_token?: string;
}

/**
 * `metrics/get-history`, every page (docs/rest-api.md#metric-history). The first
 * request names only the run and key unless `firstPageSize` is given: MLflow
 * 2.17.2 answers the whole history to it, and a server that pages answers with a
 * `next_page_token`, which is followed with `max_results` as MLflow's client does.
 * A token seen twice ends the walk, so a server that repeats itself cannot loop it.
 */
export async function readMetricHistory(client: Pick<HttpClient, 'json'>, runId: string, metricKey: string, firstPageSize?: number): Promise<MetricPoint[]> {
  const points: MetricPoint[] = [];
  const seen = new Set<string>();
  let pageToken: string | undefined;
  do {
    const page = await client.json<WireHistoryPage>({
      ...ENDPOINTS.metricHistory,
      query: {
        run_id: runId,
        metric_key: metricKey,
        max_results: pageToken === undefined ? firstPageSize : (firstPageSize ?? METRIC_HISTORY_PAGE_SIZE),
        page_token: pageToken,
      },
    });
    for (const m of page.metrics ?? []) points.push({ step: Number(m.step ?? 0), timestamp: Number(m.timestamp ?? 0), value: metricValue(m.value) });
    pageToken = page.next_page_token || undefined;
    if (pageToken !== undefined && seen.has(pageToken)) break;
    if (pageToken !== undefined) seen.add(pageToken);
  } while (pageToken !== undefined);
  return points;
}
