/**
 * The `models:/m-…` hover's account of a logged model, in brief: what the
 * version page's "Logged model" section shows, cut to a few params and
 * metrics. Every registry text goes through the shared markdown escape. No
 * vscode import, so it is tested in plain Node.
 */
import { escapeMarkdown, markdownCode } from '../core/markdownEscape';
import type { LoggedModel, LoggedModelMetric } from '../core/types';

/** Enough to recognise the model; the page has the rest. */
const SHOWN = 3;

function more(total: number): string {
  return total > SHOWN ? ` · …${total - SHOWN} more` : '';
}

function metricText(m: LoggedModelMetric): string {
  const value = m.value === null ? 'none' : String(Number(m.value.toPrecision(6)));
  const where = [m.datasetName ? `on ${escapeMarkdown(m.datasetName)}` : '', `step ${m.step}`].filter(Boolean).join(', ');
  return `${markdownCode(m.key)} ${escapeMarkdown(value)} (${where})`;
}

export function loggedModelHoverLines(uri: string, m: LoggedModel): string[] {
  const lines = [`$(package) ${markdownCode(uri)} → **logged model ${escapeMarkdown(m.name)}** ${markdownCode(m.modelId)}`];
  lines.push(
    [escapeMarkdown(m.status.replace(/^LOGGED_MODEL_/, '').toLowerCase()), m.sourceRunId ? `run ${markdownCode(m.sourceRunId.slice(0, 8))}` : '']
      .filter(Boolean)
      .join(' · '),
  );
  const params = Object.entries(m.params).sort(([a], [b]) => a.localeCompare(b));
  if (params.length > 0) {
    lines.push(
      `Params: ${params
        .slice(0, SHOWN)
        .map(([k, v]) => `${markdownCode(k)} = ${markdownCode(v)}`)
        .join(' · ')}${more(params.length)}`,
    );
  }
  const metrics = [...m.metrics].sort((a, b) => a.key.localeCompare(b.key) || b.step - a.step);
  if (metrics.length > 0) lines.push(`Metrics: ${metrics.slice(0, SHOWN).map(metricText).join(' · ')}${more(metrics.length)}`);
  lines.push(`Files: ${markdownCode(m.artifactLocation)}`);
  return lines;
}
