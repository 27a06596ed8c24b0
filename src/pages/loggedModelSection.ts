/**
 * The version page's "Logged model" section (MLflow 3): the model a
 * `models:/m-…` version was registered from, with its own params and metrics
 * (each with its step and dataset), and the other versions registered from it.
 */
import type { Experiment, LoggedModel, LoggedModelMetric, ModelVersion } from '../core/types';
import { copyButton, kvTable, section, when } from './components';
import { html, type SafeHtml } from './html';
import { l10n } from './pageL10n';
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
    ? html`<table class="data kv" id="logged-model-params"><thead><tr><th scope="col">${l10n.t('Parameter')}</th><th scope="col">${l10n.t('Value')}</th></tr></thead><tbody>${rows.map(([k, v]) => html`<tr><th scope="row"><code>${k}</code></th><td><code>${v}</code></td></tr>`)}</tbody></table>`
    : html`<p class="empty">${l10n.t('No parameters logged with the model.')}</p>`;
  return html`<h3 id="logged-model-params-heading">${l10n.t('Parameters of the logged model')}</h3>${body}`;
}

function dataset(m: LoggedModelMetric): SafeHtml | string {
  if (!m.datasetName && !m.datasetDigest) return muted('–');
  return html`${m.datasetName ?? ''}${m.datasetDigest ? html` <span class="muted">${l10n.t('digest {0}', html`<code>${m.datasetDigest}</code>`)}</span>` : ''}`;
}

function metricsTable(metrics: LoggedModelMetric[]): SafeHtml {
  const rows = [...metrics].sort((a, b) => a.key.localeCompare(b.key) || a.step - b.step || a.timestamp - b.timestamp);
  const body = rows.length
    ? html`<table class="data" id="logged-model-metrics"><thead><tr><th scope="col">${l10n.t('Metric')}</th><th scope="col" class="num">${l10n.t('Value')}</th><th scope="col" class="num">${l10n.t('Step')}</th><th scope="col">${l10n.t('Dataset')}</th><th scope="col">${l10n.t('Recorded')}</th></tr></thead><tbody>${rows.map(
        (m) =>
          html`<tr><th scope="row"><code>${m.key}</code></th><td class="num" data-value="${String(m.value)}" title="${String(m.value)}">${m.value === null ? muted(l10n.t('none')) : formatMetric(m.value)}</td><td class="num">${m.step}</td><td>${dataset(m)}</td><td>${when(m.timestamp)}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="empty">${l10n.t('No metrics logged for the model.')}</p>`;
  return html`<h3 id="logged-model-metrics-heading">${l10n.t('Metrics of the logged model')}</h3>${body}`;
}

function registeredAs(current: ModelVersion, versions: ModelVersion[]): SafeHtml {
  return html`<h3 id="logged-model-versions-heading">${l10n.t('Registered from this logged model')}</h3><ul class="plain" id="logged-model-versions">${versions.map(
    (v) =>
      sameVersion(v, current)
        ? html`<li aria-current="page">${l10n.t('{0} version {1}', v.name, v.version)} ${muted(l10n.t('(this version)'))}</li>`
        : html`<li><button type="button" class="link" data-open-version="${v.version}" data-name="${v.name}">${l10n.t('{0} version {1}', v.name, v.version)}</button></li>`,
  )}</ul>`;
}

function facts(m: LoggedModel, experiment: Experiment | null): SafeHtml {
  return kvTable([
    [l10n.t('Name'), m.name],
    [l10n.t('Model ID'), html`<code>${m.modelId}</code> ${copyButton(m.modelId, l10n.t('logged model id'))}`],
    [l10n.t('Status'), m.status.replace(/^LOGGED_MODEL_/, '')],
    [
      l10n.t('Experiment'),
      experiment?.experimentId === m.experimentId
        ? html`${experiment.name} <span class="muted">${l10n.t('id {0}', m.experimentId)}</span>`
        : html`<span class="muted">${l10n.t('id {0}', m.experimentId)}</span>`,
    ],
    [l10n.t('Source run'), m.sourceRunId ? html`<code>${m.sourceRunId}</code> ${copyButton(m.sourceRunId, l10n.t('run id'))}` : muted(l10n.t('none'))],
    [l10n.t('Created'), when(m.creationTimestamp)],
    [l10n.t('Files'), html`<code class="path">${m.artifactLocation}</code>`],
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
    : html`<p class="warning">${l10n.t('Logged model {0} could not be read: {1}', html`<code>${logged.modelId}</code>`, logged.error ?? l10n.t('unknown error'))}</p>`;
  return section('logged-model', l10n.t('Logged model'), html`${body}${registeredAs(current, logged.registeredAs)}`);
}
