/**
 * The version page's "Logged model" section (MLflow 3): the model a
 * `models:/m-…` version was registered from, with its own params and metrics
 * (each with its step and dataset), and the other versions registered from it.
 */
import type { Experiment, LoggedModel, LoggedModelMetric, ModelVersion } from '../core/types';
import { copyButton, kvTable, section, when } from './components';
import { html, type SafeHtml } from './html';
import type { LineageInput } from './lineageSvg';
import type { LoggedModelLink } from './loggedModelLink';
import { formatMetric } from './metricText';

const muted = (text: string) => html`<span class="muted">${text}</span>`;
const sameVersion = (a: ModelVersion, b: ModelVersion) => a.name === b.name && a.version === b.version;

/** The versions the lineage graph shows: those from the logged model first, then the rest of the run's. */
export function lineageVersions(current: ModelVersion, siblings: ModelVersion[], logged: LoggedModelLink | null | undefined): LineageInput['versions'] {
  const fromLogged = logged?.registeredAs ?? [];
  const rest = siblings.filter((s) => !fromLogged.some((l) => sameVersion(l, s)));
  return [...fromLogged.map((v) => ({ v, fromLoggedModel: true })), ...rest.map((v) => ({ v, fromLoggedModel: false }))].map(({ v, fromLoggedModel }) => ({
    name: v.name,
    version: v.version,
    stage: v.currentStage,
    current: sameVersion(v, current),
    fromLoggedModel,
  }));
}

function paramsTable(params: Record<string, string>): SafeHtml {
  const rows = Object.entries(params).sort(([a], [b]) => a.localeCompare(b));
  const body = rows.length
    ? html`<table class="data kv" id="logged-model-params"><thead><tr><th scope="col">Parameter</th><th scope="col">Value</th></tr></thead><tbody>${rows.map(([k, v]) => html`<tr><th scope="row"><code>${k}</code></th><td><code>${v}</code></td></tr>`)}</tbody></table>`
    : html`<p class="empty">No parameters logged with the model.</p>`;
  return html`<h3 id="logged-model-params-heading">Parameters of the logged model</h3>${body}`;
}

function dataset(m: LoggedModelMetric): SafeHtml | string {
  if (!m.datasetName && !m.datasetDigest) return muted('–');
  return html`${m.datasetName ?? ''}${m.datasetDigest ? html` <span class="muted">digest <code>${m.datasetDigest}</code></span>` : ''}`;
}

function metricsTable(metrics: LoggedModelMetric[]): SafeHtml {
  const rows = [...metrics].sort((a, b) => a.key.localeCompare(b.key) || a.step - b.step || a.timestamp - b.timestamp);
  const body = rows.length
    ? html`<table class="data" id="logged-model-metrics"><thead><tr><th scope="col">Metric</th><th scope="col" class="num">Value</th><th scope="col" class="num">Step</th><th scope="col">Dataset</th><th scope="col">Recorded</th></tr></thead><tbody>${rows.map(
        (m) =>
          html`<tr><th scope="row"><code>${m.key}</code></th><td class="num" data-value="${String(m.value)}" title="${String(m.value)}">${m.value === null ? muted('none') : formatMetric(m.value)}</td><td class="num">${m.step}</td><td>${dataset(m)}</td><td>${when(m.timestamp)}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="empty">No metrics logged for the model.</p>`;
  return html`<h3 id="logged-model-metrics-heading">Metrics of the logged model</h3>${body}`;
}

function registeredAs(current: ModelVersion, versions: ModelVersion[]): SafeHtml {
  return html`<h3 id="logged-model-versions-heading">Registered from this logged model</h3><ul class="plain" id="logged-model-versions">${versions.map((v) =>
    sameVersion(v, current)
      ? html`<li aria-current="page">${v.name} version ${v.version} ${muted('(this version)')}</li>`
      : html`<li><button type="button" class="link" data-open-version="${v.version}" data-name="${v.name}">${v.name} version ${v.version}</button></li>`,
  )}</ul>`;
}

function facts(m: LoggedModel, experiment: Experiment | null): SafeHtml {
  return kvTable([
    ['Name', m.name],
    ['Model ID', html`<code>${m.modelId}</code> ${copyButton(m.modelId, 'logged model id')}`],
    ['Status', m.status.replace(/^LOGGED_MODEL_/, '')],
    [
      'Experiment',
      experiment?.experimentId === m.experimentId
        ? html`${experiment.name} <span class="muted">id ${m.experimentId}</span>`
        : html`<span class="muted">id ${m.experimentId}</span>`,
    ],
    ['Source run', m.sourceRunId ? html`<code>${m.sourceRunId}</code> ${copyButton(m.sourceRunId, 'run id')}` : muted('none')],
    ['Created', when(m.creationTimestamp)],
    ['Files', html`<code class="path">${m.artifactLocation}</code>`],
  ]);
}

/**
 * Empty for a version whose source is not a logged model (every MLflow 2 version).
 * `experiment` is the run's, named here when the logged model is in the same one.
 */
export function loggedModelSection(current: ModelVersion, logged: LoggedModelLink | null | undefined, experiment: Experiment | null): SafeHtml | '' {
  if (!logged) return '';
  const body = logged.model
    ? html`${facts(logged.model, experiment)}${paramsTable(logged.model.params)}${metricsTable(logged.model.metrics)}`
    : html`<p class="warning">Logged model <code>${logged.modelId}</code> could not be read: ${logged.error ?? 'unknown error'}</p>`;
  return section('logged-model', 'Logged model', html`${body}${registeredAs(current, logged.registeredAs)}`);
}
