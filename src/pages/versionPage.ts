import type { ColumnSpec, MlModel } from '../core/mlmodel';
import { formatCount } from '../core/l10n';
import type { Run } from '../core/types';
import { actionButton, aliasChip, copyButton, description, kvTable, readOnlyNote, section, serveButton, stageBadge, tagsSection, when } from './components';
import { html, type HtmlValue, type SafeHtml } from './html';
import { lineageSvg } from './lineageSvg';
import { lineageVersions, loggedModelSection } from './loggedModelSection';
import type { RenderedMarkdown } from './markdown';
import { formatMetric } from './metricText';
import { l10n } from './pageL10n';
import { versionChartsSection, type VersionCharts } from './versionCharts';
import type { InputExample, Location, MlModelInfo, VersionPageData } from './versionData';

const muted = (text: string) => html`<span class="muted">${text}</span>`;

function duration(run: Run): string {
  if (run.startTime === null || run.endTime === null) return '';
  const s = Math.max(0, Math.round((run.endTime - run.startTime) / 1000));
  return s < 60 ? l10n.t('{0} s', s) : l10n.t('{0} min {1} s', Math.floor(s / 60), s % 60);
}

function lineageSection(d: VersionPageData): SafeHtml {
  const v = d.version;
  const lm = d.logged?.model ?? null;
  const runId = v.runId ?? lm?.sourceRunId ?? null;
  if (!runId) return section('lineage', l10n.t('Lineage'), html`<p class="empty">${l10n.t('This version names no run.')}</p>`);
  const run = d.run;
  const graph = lineageSvg({
    experiment: d.experiment ? { id: d.experiment.experimentId, name: d.experiment.name } : run ? { id: run.experimentId, name: null } : null,
    run: { id: runId, name: run?.runName ?? null, status: run?.status ?? null },
    loggedModel: d.logged ? { id: d.logged.modelId, name: lm?.name ?? null, status: lm?.status ?? null } : null,
    versions: lineageVersions(v, d.siblings, d.logged),
  });
  if (!run) {
    return section(
      'lineage',
      l10n.t('Lineage'),
      html`<div class="graph">${graph}</div><p class="warning">${l10n.t('Run {0} could not be read: {1}', html`<code>${runId}</code>`, d.runError ?? l10n.t('unknown error'))}</p>`,
    );
  }
  const t = run.tags;
  const source = t['mlflow.source.name'] ? `${t['mlflow.source.name']}${t['mlflow.source.type'] ? ` (${t['mlflow.source.type'].toLowerCase()})` : ''}` : null;
  const commit = t['mlflow.source.git.commit'];
  const facts = kvTable([
    [
      l10n.t('Experiment'),
      d.experiment
        ? html`${d.experiment.name} <span class="muted">${l10n.t('id {0}', d.experiment.experimentId)}</span>`
        : html`<span class="muted">${l10n.t('id {0}', run.experimentId)}</span>`,
    ],
    [l10n.t('Run'), html`${run.runName ?? muted(l10n.t('(no name)'))} <code>${run.runId}</code> ${copyButton(run.runId, l10n.t('run id'))}`],
    [l10n.t('Status'), run.status ?? muted('–')],
    [l10n.t('Started'), when(run.startTime)],
    [l10n.t('Ended'), html`${when(run.endTime)} ${duration(run) ? muted(`(${duration(run)})`) : ''}`],
    [l10n.t('User'), run.userId ?? t['mlflow.user'] ?? muted('–')],
    [l10n.t('Source'), source ?? muted('–')],
    [l10n.t('Git commit'), commit ? html`<code>${commit}</code> ${copyButton(commit, l10n.t('commit'))}` : muted(l10n.t('not recorded'))],
  ]);
  return section('lineage', l10n.t('Lineage'), html`<div class="graph">${graph}</div>${facts}${paramsTable(run)}${metricsTable(run)}${runTags(run)}`);
}

function paramsTable(run: Run): SafeHtml {
  const params = Object.entries(run.params).sort(([a], [b]) => a.localeCompare(b));
  const body = params.length
    ? html`<table class="data kv" id="params"><thead><tr><th scope="col">${l10n.t('Parameter')}</th><th scope="col">${l10n.t('Value')}</th></tr></thead><tbody>${params.map(([k, v]) => html`<tr><th scope="row"><code>${k}</code></th><td><code>${v}</code></td></tr>`)}</tbody></table>`
    : html`<p class="empty">${l10n.t('No parameters logged.')}</p>`;
  return html`<h3 id="params-heading">${l10n.t('Parameters')}</h3>${body}`;
}

function metricsTable(run: Run): SafeHtml {
  const metrics = Object.entries(run.metrics).sort(([a], [b]) => a.localeCompare(b));
  const body = metrics.length
    ? html`<table class="data kv" id="metrics"><thead><tr><th scope="col">${l10n.t('Metric')}</th><th scope="col" class="num">${l10n.t('Latest value')}</th><th scope="col" class="num">${l10n.t('Step')}</th></tr></thead><tbody>${metrics.map(
        ([k, v]) =>
          html`<tr><th scope="row"><code>${k}</code></th><td class="num" data-value="${String(v)}" title="${String(v)}">${formatMetric(v)}</td><td class="num">${run.metricDetails[k]?.step ?? ''}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="empty">${l10n.t('No metrics logged.')}</p>`;
  return html`<h3 id="metrics-heading">${l10n.t('Metrics')}</h3>${body}`;
}

function runTags(run: Run): SafeHtml {
  const all = Object.entries(run.tags).sort(([a], [b]) => a.localeCompare(b));
  const user = all.filter(([k]) => !k.startsWith('mlflow.'));
  const system = all.filter(([k]) => k.startsWith('mlflow.'));
  const rows = (list: [string, string][]) =>
    html`<table class="data kv"><tbody>${list.map(([k, v]) => html`<tr><th scope="row"><code>${k}</code></th><td class="wrap">${v}</td></tr>`)}</tbody></table>`;
  return html`<h3 id="run-tags-heading">${l10n.t('Run tags')}</h3>${user.length ? rows(user) : html`<p class="empty">${l10n.t('No run tags of its own.')}</p>`}${
    system.length ? html`<details><summary>${l10n.t('MLflow system tags ({0})', system.length)}</summary>${rows(system)}</details>` : ''
  }`;
}

function columnsTable(id: string, caption: string, cols: ColumnSpec[] | null): SafeHtml {
  if (!cols || cols.length === 0) return html`<p class="empty">${l10n.t('{0}: not recorded.', caption)}</p>`;
  return html`<table class="data" id="${id}"><caption>${caption}</caption><thead><tr><th scope="col">${l10n.t('Name')}</th><th scope="col">${l10n.t('Type')}</th><th scope="col">${l10n.t('Required')}</th></tr></thead><tbody>${cols.map(
    (c) =>
      html`<tr><th scope="row">${c.name ?? muted(l10n.t('(unnamed)'))}</th><td><code>${c.tensor ? `tensor ${c.tensor.dtype} [${c.tensor.shape.join(', ')}]` : c.type}</code></td><td>${c.required === undefined ? '' : c.required ? l10n.t('yes') : l10n.t('no')}</td></tr>`,
  )}</tbody></table>`;
}

function flavorsTable(model: MlModel): SafeHtml {
  const interesting = [
    'loader_module',
    'python_version',
    'sklearn_version',
    'pytorch_version',
    'tensorflow_version',
    'xgboost_version',
    'lightgbm_version',
    'serialization_format',
    'model_path',
    'pickled_model',
  ];
  const rows = Object.entries(model.flavors).map(([flavor, conf]) => {
    const details = interesting
      .filter((k) => conf && typeof conf[k] === 'string')
      .map((k) => html`<span class="pair"><span class="muted">${k}</span> ${String(conf[k])}</span>`);
    return html`<tr><th scope="row"><code>${flavor}</code></th><td>${details}</td></tr>`;
  });
  return html`<table class="data kv" id="flavors"><thead><tr><th scope="col">${l10n.t('Flavor')}</th><th scope="col">${l10n.t('Details')}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function exampleBlock(ex: InputExample | undefined): SafeHtml {
  if (!ex) return html`<p class="empty">${l10n.t('No input example saved.')}</p>`;
  if (ex.refused) return html`<p class="warning" id="input-example-refused">${ex.refused}</p>`;
  if (ex.table) {
    const t = ex.table;
    return html`<table class="data" id="input-example"><caption>${t.total > t.rows.length ? l10n.t('Input example ({0}, first {1} of {2} rows)', html`<code>${ex.file}</code>`, t.rows.length, t.total) : l10n.t('Input example ({0})', html`<code>${ex.file}</code>`)}</caption><thead><tr>${t.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead><tbody>${t.rows.map(
      (r) => html`<tr>${r.map((cell) => html`<td class="num">${typeof cell === 'string' ? cell : JSON.stringify(cell)}</td>`)}</tr>`,
    )}</tbody></table>`;
  }
  return html`<h3>${l10n.t('Input example {0}', html`<code>${ex.file}</code>`)}</h3><pre class="example"><code>${ex.text ?? ''}</code></pre>`;
}

function mlmodelSection(d: VersionPageData): SafeHtml {
  const info: MlModelInfo | null = d.mlmodel;
  if (!info) {
    const where = d.filesNote ?? l10n.t('No MLmodel file at {0}.', d.source?.local ?? d.source?.stored ?? l10n.t("the version's source"));
    return section('mlmodel', l10n.t('Model'), html`<p class="empty" id="model-files-note">${where}</p>`);
  }
  if (!info.model) {
    return section(
      'mlmodel',
      l10n.t('Model'),
      html`<p class="warning">${l10n.t('The MLmodel file could not be read: {0}', info.error ?? '')}</p>${modelFilesBlock(info)}`,
    );
  }
  const m = info.model;
  const facts = kvTable([
    [l10n.t('MLflow version'), m.mlflowVersion ?? muted('–')],
    [l10n.t('Created'), m.utcTimeCreated ? `${m.utcTimeCreated} UTC` : muted('–')],
    [l10n.t('Size'), m.modelSizeBytes !== null ? l10n.t('{0} bytes', formatCount(m.modelSizeBytes)) : muted('–')],
    [l10n.t('Model UUID'), m.modelUuid ? html`<code>${m.modelUuid}</code>` : muted('–')],
  ]);
  const sig = m.signature;
  const signature = sig
    ? html`<div class="signature">${columnsTable('signature-inputs', l10n.t('Inputs'), sig.inputs)}${columnsTable('signature-outputs', l10n.t('Outputs'), sig.outputs)}</div>${
        sig.params?.length
          ? html`<table class="data" id="signature-params"><caption>${l10n.t('Parameters')}</caption><thead><tr><th scope="col">${l10n.t('Name')}</th><th scope="col">${l10n.t('Type')}</th><th scope="col">${l10n.t('Default')}</th></tr></thead><tbody>${sig.params.map(
              (p) => html`<tr><th scope="row">${p.name}</th><td><code>${p.type}</code></td><td><code>${JSON.stringify(p.default ?? null)}</code></td></tr>`,
            )}</tbody></table>`
          : ''
      }`
    : html`<p class="empty">${l10n.t('No signature recorded.')}</p>`;
  return section(
    'mlmodel',
    l10n.t('Model'),
    html`${facts}<h3>${l10n.t('Flavors')}</h3>${flavorsTable(m)}<h3>${l10n.t('Signature')}</h3>${signature}${exampleBlock(info.example)}${modelFilesBlock(info)}`,
  );
}

/** requirements.txt and the folder's files, as read through the backend. */
function modelFilesBlock(info: MlModelInfo): HtmlValue {
  const reqs: HtmlValue =
    info.requirements === undefined
      ? ''
      : html`<h3>${l10n.t('Requirements')}</h3><pre class="example" id="requirements"><code>${info.requirements}</code></pre>`;
  const listing = info.files;
  if (!listing) return reqs;
  if ('error' in listing)
    return html`${reqs}<h3>${l10n.t('Model files')}</h3><p class="warning">${l10n.t('The model folder could not be listed: {0}', listing.error)}</p>`;
  const rows = listing.files.map(
    (f) => html`<tr><th scope="row"><code>${f.path}</code></th><td class="num">${f.size === null ? '' : formatCount(f.size)}</td></tr>`,
  );
  const more = listing.truncated ? html`<p class="muted small">${l10n.t('Only the first {0} files are listed.', listing.files.length)}</p>` : '';
  return html`${reqs}<h3>${l10n.t('Model files')}</h3><table class="data" id="model-files"><thead><tr><th scope="col">${l10n.t('File')}</th><th scope="col" class="num">${l10n.t('Bytes')}</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

function locationRow(label: string, loc: Location | null, which: 'source' | 'storage', copyWhat: string): [string, HtmlValue] | null {
  if (!loc) return null;
  const moved =
    loc.local && loc.local !== loc.stored && loc.exists
      ? html`<div class="muted">${l10n.t('found at {0} (the project moved)', html`<code>${loc.local}</code>`)}</div>`
      : '';
  const reveal = loc.exists
    ? actionButton(l10n.t('Reveal in Explorer'), { action: 'reveal', which }, null, { title: l10n.t('Show this folder in the Explorer') })
    : loc.local
      ? muted(l10n.t('(not on this machine)'))
      : '';
  return [label, html`<code class="path">${loc.stored}</code> ${copyButton(loc.stored, copyWhat)} ${reveal}${moved}`];
}

function locationSection(d: VersionPageData): SafeHtml {
  const rows = [
    locationRow(l10n.t('Source'), d.source, 'source', l10n.t('source')),
    locationRow(l10n.t('Storage location'), d.storage, 'storage', l10n.t('storage location')),
  ].filter((r): r is [string, HtmlValue] => r !== null);
  const download = d.mlmodel
    ? html`<p>${actionButton(l10n.t('Download Model Files…'), { action: 'downloadModelFiles' }, null, { title: l10n.t("Save this version's model folder on this machine") })}</p>`
    : '';
  return section('location', l10n.t('Files'), html`${rows.length ? kvTable(rows) : html`<p class="empty">${l10n.t('No source recorded.')}</p>`}${download}`);
}

function urisSection(d: VersionPageData): SafeHtml {
  const body = html`<table class="data" id="uris"><thead><tr><th scope="col">${l10n.t('URI')}</th><th scope="col">${l10n.t('Resolves to')}</th><th scope="col"><span class="visually-hidden">${l10n.t('Actions')}</span></th></tr></thead><tbody>${d.uris.map(
    (u) =>
      html`<tr><th scope="row"><code>${u.uri}</code></th><td>${u.what}</td><td class="actions">${copyButton(u.uri, u.uri)} ${serveButton(u.ref)}</td></tr>`,
  )}</tbody></table><p class="muted small">${l10n.t('Serve… runs {0} in a terminal with {1}.', html`<code>mlflow models serve -m &lt;uri&gt;</code>`, html`<code>MLFLOW_TRACKING_URI=${d.trackingUri}</code>`)}</p>`;
  return section('uris', l10n.t('{0} URIs', html`<code>models:/</code>`), body);
}

/** Where the lineage and model sections will be, while they are read. */
function pendingSections(): SafeHtml {
  return html`${section('lineage', l10n.t('Lineage'), html`<p class="muted" role="status" id="lineage-pending">${l10n.t('Reading the run and its experiment…')}</p>`)}${section(
    'mlmodel',
    l10n.t('Model'),
    html`<p class="muted" role="status" id="mlmodel-pending">${l10n.t('Reading the model files…')}</p>`,
  )}`;
}

/**
 * `rendered` is the version's description through renderMarkdownBounded, done off-thread;
 * `charts` the metric history section, which arrives after the rest (versionCharts.ts).
 */
export function renderVersionPage(d: VersionPageData, rendered: RenderedMarkdown, charts?: VersionCharts): SafeHtml {
  const v = d.version;
  const a = d.access;
  return html`<header class="page-header">
<p class="eyebrow"><button type="button" class="link" data-open-model="${v.name}">${v.name}</button> › ${l10n.t('model version')}</p>
<h1>${v.name} <span class="version-number">${l10n.t('version {0}', v.version)}</span></h1>
<p class="meta">${stageBadge(v.currentStage)} ${v.aliases.map((x) => aliasChip(x, a))} <span>${v.status === 'READY' ? l10n.t('Ready') : v.status}</span> · <span>${l10n.t('created {0}', when(v.creationTimestamp))}</span> · <span>${l10n.t('updated {0}', when(v.lastUpdatedTimestamp))}</span>${v.userId ? html` · <span>${l10n.t('by {0}', v.userId)}</span>` : ''}</p>
<div class="toolbar" role="toolbar" aria-label="${l10n.t('Version actions')}">
${actionButton(l10n.t('Transition stage…'), { action: 'transitionStage' }, a, { kind: 'primary' })}
${actionButton(l10n.t('Set alias…'), { action: 'setAlias' }, a)}
${actionButton(l10n.t('Copy to model…'), { action: 'copyVersion' }, a)}
${serveButton({ version: v.version })}
${actionButton(l10n.t('Delete version…'), { action: 'deleteVersion' }, a, { kind: 'danger' })}
</div>
${readOnlyNote(a)}
${v.statusMessage ? html`<p class="notice">${v.statusMessage}</p>` : ''}
</header>
${description(v.description, rendered, a, l10n.t('{0} version {1}', v.name, v.version))}
${d.pending ? pendingSections() : html`${lineageSection(d)}${versionChartsSection(charts)}${loggedModelSection(v, d.logged, d.experiment)}${mlmodelSection(d)}`}
${locationSection(d)}
${urisSection(d)}
${tagsSection(v.tags, a)}`;
}
