/**
 * The `models:/m-…` hover's account of a logged model, in brief: what the
 * version page's "Logged model" section shows, cut to a few params and
 * metrics. Every registry text goes through the shared markdown escape. No
 * vscode import, so it is tested in plain Node; its words go through the pages' l10n seam.
 */
import { escapeMarkdown, markdownCode } from '../core/markdownEscape';
import type { LoggedModel, LoggedModelMetric } from '../core/types';
import { l10n } from '../pages/pageL10n';

/** Enough to recognise the model; the page has the rest. */
const SHOWN = 3;

function more(total: number): string {
  return total > SHOWN ? ` · ${l10n.t('…{0} more', total - SHOWN)}` : '';
}

function metricText(m: LoggedModelMetric): string {
  const value = m.value === null ? l10n.t('none') : String(Number(m.value.toPrecision(6)));
  const where = [m.datasetName ? l10n.t('on {0}', escapeMarkdown(m.datasetName)) : '', l10n.t('step {0}', m.step)].filter(Boolean).join(', ');
  return `${markdownCode(m.key)} ${escapeMarkdown(value)} (${where})`;
}

export function loggedModelHoverLines(uri: string, m: LoggedModel): string[] {
  const lines = [`$(package) ${markdownCode(uri)} → **${l10n.t('logged model {0}', escapeMarkdown(m.name))}** ${markdownCode(m.modelId)}`];
  lines.push(
    [escapeMarkdown(m.status.replace(/^LOGGED_MODEL_/, '').toLowerCase()), m.sourceRunId ? l10n.t('run {0}', markdownCode(m.sourceRunId.slice(0, 8))) : '']
      .filter(Boolean)
      .join(' · '),
  );
  const params = Object.entries(m.params).sort(([a], [b]) => a.localeCompare(b));
  if (params.length > 0) {
    lines.push(
      l10n.t(
        'Params: {0}',
        params
          .slice(0, SHOWN)
          .map(([k, v]) => `${markdownCode(k)} = ${markdownCode(v)}`)
          .join(' · '),
      ) + more(params.length),
    );
  }
  const metrics = [...m.metrics].sort((a, b) => a.key.localeCompare(b.key) || b.step - a.step);
  if (metrics.length > 0) lines.push(l10n.t('Metrics: {0}', metrics.slice(0, SHOWN).map(metricText).join(' · ')) + more(metrics.length));
  lines.push(l10n.t('Files: {0}', markdownCode(m.artifactLocation)));
  return lines;
}
