import type { ColumnSpec, MlModel } from '../core/mlmodel';
import type { Run } from '../core/types';
import { actionButton, aliasChip, copyButton, description, kvTable, readOnlyNote, section, serveButton, stageBadge, tagsSection, when } from './components';
import { html, type HtmlValue, type SafeHtml } from './html';
import { lineageSvg } from './lineageSvg';
import { lineageVersions, loggedModelSection } from './loggedModelSection';
import type { RenderedMarkdown } from './markdown';
import { formatMetric } from './metricText';
import { versionChartsSection, type VersionCharts } from './versionCharts';
import type { InputExample, Location, MlModelInfo, VersionPageData } from './versionData';

const muted = (text: string) => html`<span class="muted">${text}</span>`;

function duration(run: Run): string {
  if (run.startTime === null || run.endTime === null) return '';
  const s = Math.max(0, Math.round((run.endTime - run.startTime) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function lineageSection(d: VersionPageData): SafeHtml {
  const v = d.version;
  const lm = d.logged?.model ?? null;
  const runId = v.runId ?? lm?.sourceRunId ?? null;
  if (!runId) return section('lineage', 'Lineage', html`<p class="empty">This version names no run.</p>`);
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
      'Lineage',
      html`<div class="graph">${graph}</div><p class="warning">Run <code>${runId}</code> could not be read: ${d.runError ?? 'unknown error'}</p>`,
    );
  }
  const t = run.tags;
  const source = t['mlflow.source.name'] ? `${t['mlflow.source.name']}${t['mlflow.source.type'] ? ` (${t['mlflow.source.type'].toLowerCase()})` : ''}` : null;
  const commit = t['mlflow.source.git.commit'];
  const facts = kvTable([
    [
      'Experiment',
      d.experiment
        ? html`${d.experiment.name} <span class="muted">id ${d.experiment.experimentId}</span>`
        : html`<span class="muted">id ${run.experimentId}</span>`,
    ],
    ['Run', html`${run.runName ?? muted('(no name)')} <code>${run.runId}</code> ${copyButton(run.runId, 'run id')}`],
    ['Status', run.status ?? muted('–')],
    ['Started', when(run.startTime)],
    ['Ended', html`${when(run.endTime)} ${duration(run) ? muted(`(${duration(run)})`) : ''}`],
    ['User', run.userId ?? t['mlflow.user'] ?? muted('–')],
    ['Source', source ?? muted('–')],
    ['Git commit', commit ? html`<code>${commit}</code> ${copyButton(commit, 'commit')}` : muted('not recorded')],
  ]);
  return section('lineage', 'Lineage', html`<div class="graph">${graph}</div>${facts}${paramsTable(run)}${metricsTable(run)}${runTags(run)}`);
}

function paramsTable(run: Run): SafeHtml {
  const params = Object.entries(run.params).sort(([a], [b]) => a.localeCompare(b));
  const body = params.length
    ? html`<table class="data kv" id="params"><thead><tr><th scope="col">Parameter</th><th scope="col">Value</th></tr></thead><tbody>${params.map(([k, v]) => html`<tr><th scope="row"><code>${k}</code></th><td><code>${v}</code></td></tr>`)}</tbody></table>`
    : html`<p class="empty">No parameters logged.</p>`;
  return html`<h3 id="params-heading">Parameters</h3>${body}`;
}

function metricsTable(run: Run): SafeHtml {
  const metrics = Object.entries(run.metrics).sort(([a], [b]) => a.localeCompare(b));
  const body = metrics.length
    ? html`<table class="data kv" id="metrics"><thead><tr><th scope="col">Metric</th><th scope="col" class="num">Latest value</th><th scope="col" class="num">Step</th></tr></thead><tbody>${metrics.map(
        ([k, v]) =>
          html`<tr><th scope="row"><code>${k}</code></th><td class="num" data-value="${String(v)}" title="${String(v)}">${formatMetric(v)}</td><td class="num">${run.metricDetails[k]?.step ?? ''}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="empty">No metrics logged.</p>`;
  return html`<h3 id="metrics-heading">Metrics</h3>${body}`;
}

function runTags(run: Run): SafeHtml {
  const all = Object.entries(run.tags).sort(([a], [b]) => a.localeCompare(b));
  const user = all.filter(([k]) => !k.startsWith('mlflow.'));
  const system = all.filter(([k]) => k.startsWith('mlflow.'));
  const rows = (list: [string, string][]) =>
    html`<table class="data kv"><tbody>${list.map(([k, v]) => html`<tr><th scope="row"><code>${k}</code></th><td class="wrap">${v}</td></tr>`)}</tbody></table>`;
  return html`<h3 id="run-tags-heading">Run tags</h3>${user.length ? rows(user) : html`<p class="empty">No run tags of its own.</p>`}${
    system.length ? html`<details><summary>MLflow system tags (${system.length})</summary>${rows(system)}</details>` : ''
  }`;
}

function columnsTable(id: string, caption: string, cols: ColumnSpec[] | null): SafeHtml {
  if (!cols || cols.length === 0) return html`<p class="empty">${caption}: not recorded.</p>`;
  return html`<table class="data" id="${id}"><caption>${caption}</caption><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Required</th></tr></thead><tbody>${cols.map(
    (c) =>
      html`<tr><th scope="row">${c.name ?? muted('(unnamed)')}</th><td><code>${c.tensor ? `tensor ${c.tensor.dtype} [${c.tensor.shape.join(', ')}]` : c.type}</code></td><td>${c.required === undefined ? '' : c.required ? 'yes' : 'no'}</td></tr>`,
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
  return html`<table class="data kv" id="flavors"><thead><tr><th scope="col">Flavor</th><th scope="col">Details</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function exampleBlock(ex: InputExample | undefined): SafeHtml {
  if (!ex) return html`<p class="empty">No input example saved.</p>`;
  if (ex.refused) return html`<p class="warning" id="input-example-refused">${ex.refused}</p>`;
  if (ex.table) {
    const t = ex.table;
    return html`<table class="data" id="input-example"><caption>Input example (<code>${ex.file}</code>${t.total > t.rows.length ? `, first ${t.rows.length} of ${t.total} rows` : ''})</caption><thead><tr>${t.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead><tbody>${t.rows.map(
      (r) => html`<tr>${r.map((cell) => html`<td class="num">${typeof cell === 'string' ? cell : JSON.stringify(cell)}</td>`)}</tr>`,
    )}</tbody></table>`;
  }
  return html`<h3>Input example <code>${ex.file}</code></h3><pre class="example"><code>${ex.text ?? ''}</code></pre>`;
}

function mlmodelSection(d: VersionPageData): SafeHtml {
  const info: MlModelInfo | null = d.mlmodel;
  if (!info) {
    const where = d.filesNote ?? `No MLmodel file at ${d.source?.local ?? d.source?.stored ?? "the version's source"}.`;
    return section('mlmodel', 'Model', html`<p class="empty" id="model-files-note">${where}</p>`);
  }
  if (!info.model) {
    return section('mlmodel', 'Model', html`<p class="warning">The MLmodel file could not be read: ${info.error ?? ''}</p>${modelFilesBlock(info)}`);
  }
  const m = info.model;
  const facts = kvTable([
    ['MLflow version', m.mlflowVersion ?? muted('–')],
    ['Created', m.utcTimeCreated ? `${m.utcTimeCreated} UTC` : muted('–')],
    ['Size', m.modelSizeBytes !== null ? `${m.modelSizeBytes.toLocaleString('en-US')} bytes` : muted('–')],
    ['Model UUID', m.modelUuid ? html`<code>${m.modelUuid}</code>` : muted('–')],
  ]);
  const sig = m.signature;
  const signature = sig
    ? html`<div class="signature">${columnsTable('signature-inputs', 'Inputs', sig.inputs)}${columnsTable('signature-outputs', 'Outputs', sig.outputs)}</div>${
        sig.params?.length
          ? html`<table class="data" id="signature-params"><caption>Parameters</caption><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Default</th></tr></thead><tbody>${sig.params.map(
              (p) => html`<tr><th scope="row">${p.name}</th><td><code>${p.type}</code></td><td><code>${JSON.stringify(p.default ?? null)}</code></td></tr>`,
            )}</tbody></table>`
          : ''
      }`
    : html`<p class="empty">No signature recorded.</p>`;
  return section(
    'mlmodel',
    'Model',
    html`${facts}<h3>Flavors</h3>${flavorsTable(m)}<h3>Signature</h3>${signature}${exampleBlock(info.example)}${modelFilesBlock(info)}`,
  );
}

/** requirements.txt and the folder's files, as read through the backend. */
function modelFilesBlock(info: MlModelInfo): HtmlValue {
  const reqs: HtmlValue =
    info.requirements === undefined ? '' : html`<h3>Requirements</h3><pre class="example" id="requirements"><code>${info.requirements}</code></pre>`;
  const listing = info.files;
  if (!listing) return reqs;
  if ('error' in listing) return html`${reqs}<h3>Model files</h3><p class="warning">The model folder could not be listed: ${listing.error}</p>`;
  const rows = listing.files.map(
    (f) => html`<tr><th scope="row"><code>${f.path}</code></th><td class="num">${f.size === null ? '' : f.size.toLocaleString('en-US')}</td></tr>`,
  );
  const more = listing.truncated ? html`<p class="muted small">Only the first ${listing.files.length} files are listed.</p>` : '';
  return html`${reqs}<h3>Model files</h3><table class="data" id="model-files"><thead><tr><th scope="col">File</th><th scope="col" class="num">Bytes</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

function locationRow(label: string, loc: Location | null, which: 'source' | 'storage'): [string, HtmlValue] | null {
  if (!loc) return null;
  const moved =
    loc.local && loc.local !== loc.stored && loc.exists ? html`<div class="muted">found at <code>${loc.local}</code> (the project moved)</div>` : '';
  const reveal = loc.exists
    ? actionButton('Reveal in Explorer', { action: 'reveal', which }, null, { title: 'Show this folder in the Explorer' })
    : loc.local
      ? muted('(not on this machine)')
      : '';
  return [label, html`<code class="path">${loc.stored}</code> ${copyButton(loc.stored, label.toLowerCase())} ${reveal}${moved}`];
}

function locationSection(d: VersionPageData): SafeHtml {
  const rows = [locationRow('Source', d.source, 'source'), locationRow('Storage location', d.storage, 'storage')].filter(
    (r): r is [string, HtmlValue] => r !== null,
  );
  const download = d.mlmodel
    ? html`<p>${actionButton('Download Model Files…', { action: 'downloadModelFiles' }, null, { title: "Save this version's model folder on this machine" })}</p>`
    : '';
  return section('location', 'Files', html`${rows.length ? kvTable(rows) : html`<p class="empty">No source recorded.</p>`}${download}`);
}

function urisSection(d: VersionPageData): SafeHtml {
  const body = html`<table class="data" id="uris"><thead><tr><th scope="col">URI</th><th scope="col">Resolves to</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${d.uris.map(
    (u) =>
      html`<tr><th scope="row"><code>${u.uri}</code></th><td>${u.what}</td><td class="actions">${copyButton(u.uri, u.uri)} ${serveButton(u.ref)}</td></tr>`,
  )}</tbody></table><p class="muted small">Serve… runs <code>mlflow models serve -m &lt;uri&gt;</code> in a terminal with <code>MLFLOW_TRACKING_URI=${d.trackingUri}</code>.</p>`;
  return section('uris', html`<code>models:/</code> URIs`, body);
}

/** Where the lineage and model sections will be, while they are read. */
function pendingSections(): SafeHtml {
  return html`${section('lineage', 'Lineage', html`<p class="muted" role="status" id="lineage-pending">Reading the run and its experiment…</p>`)}${section(
    'mlmodel',
    'Model',
    html`<p class="muted" role="status" id="mlmodel-pending">Reading the model files…</p>`,
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
<p class="eyebrow"><button type="button" class="link" data-open-model="${v.name}">${v.name}</button> › model version</p>
<h1>${v.name} <span class="version-number">version ${v.version}</span></h1>
<p class="meta">${stageBadge(v.currentStage)} ${v.aliases.map((x) => aliasChip(x, a))} <span>${v.status === 'READY' ? 'Ready' : v.status}</span> · <span>created ${when(v.creationTimestamp)}</span> · <span>updated ${when(v.lastUpdatedTimestamp)}</span>${v.userId ? html` · <span>by ${v.userId}</span>` : ''}</p>
<div class="toolbar" role="toolbar" aria-label="Version actions">
${actionButton('Transition stage…', { action: 'transitionStage' }, a, { kind: 'primary' })}
${actionButton('Set alias…', { action: 'setAlias' }, a)}
${actionButton('Copy to model…', { action: 'copyVersion' }, a)}
${serveButton({ version: v.version })}
${actionButton('Delete version…', { action: 'deleteVersion' }, a, { kind: 'danger' })}
</div>
${readOnlyNote(a)}
${v.statusMessage ? html`<p class="notice">${v.statusMessage}</p>` : ''}
</header>
${description(v.description, rendered, a, `${v.name} version ${v.version}`)}
${d.pending ? pendingSections() : html`${lineageSection(d)}${versionChartsSection(charts)}${loggedModelSection(v, d.logged, d.experiment)}${mlmodelSection(d)}`}
${locationSection(d)}
${urisSection(d)}
${tagsSection(v.tags, a)}`;
}
