/**
 * The comparison page: one column per version, one table per aspect. Rows
 * that differ carry the class `differs` (the "Show only differences" toggle
 * hides the others, in the page script); each metric row carries its best
 * columns both ways, so flipping a metric's direction needs no new render.
 * Everything from the registry goes through `html` (escaped).
 */
import {
  diffRows,
  flavorSummary,
  metricRows,
  parsePythonEnv,
  parseRequirements,
  signatureDiff,
  type ColumnChange,
  type DiffRow,
  type MetricRow,
  type SignatureRow,
} from '../core/versionCompare';
import type { ColumnSpec } from '../core/mlmodel';
import { section, stageBadge, when } from './components';
import type { CompareColumn, CompareData } from './compareData';
import { columnLabels, compareWhat } from './compareTarget';
import { metricChart } from './metricChart';
import { l10n } from './pageL10n';
import { html, type HtmlValue, type SafeHtml } from './html';
import { formatMetric } from './metricText';

const NONE = '–';
const REQUIREMENTS = 'requirements.txt';
const PYTHON_ENV = 'python_env.yaml';

const changeText = (change: ColumnChange): string =>
  ({ same: '', added: l10n.t('added'), removed: l10n.t('removed'), changed: l10n.t('changed'), absent: '' })[change];

/** What an aspect shows while its runs and files are still being read. */
const reading = () => l10n.t('Reading the runs and model files…');
const muted = (text: string) => html`<span class="muted">${text}</span>`;

/** Each version's map of values; undefined while still being read, null when it has none. */
type Maps<T> = (Record<string, T> | null | undefined)[];

/** What every section reads: the column headings, the columns, and whether all reads have settled. */
interface Ctx {
  names: string[];
  columns: CompareColumn[];
  ready: boolean;
}

interface Row {
  key: HtmlValue;
  cells: HtmlValue[];
  differs: boolean;
  attrs?: SafeHtml;
}

function table(id: string, keyLabel: string, names: string[], columns: CompareColumn[], rows: Row[]): SafeHtml {
  const head = columns.map(
    (c, i) =>
      html`<th scope="col"><button type="button" class="link" data-open-version="${c.ref.version}" data-name="${c.ref.name}" title="${l10n.t('Open {0}', names[i])}">${names[i]}</button></th>`,
  );
  const body = rows.map(
    (r) =>
      html`<tr class="${r.differs ? 'differs' : 'same'}"${r.attrs ?? ''}><th scope="row">${r.key}${r.differs ? html` <span class="visually-hidden">(${l10n.t('differs')})</span>` : ''}</th>${r.cells.map((c) => html`<td>${c}</td>`)}</tr>`,
  );
  return html`<div class="table-scroll"><table class="data compare" id="${id}"><thead><tr><th scope="col">${keyLabel}</th>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

const text = (v: string | null): HtmlValue => (v === null ? muted(NONE) : html`<code>${v}</code>`);

function keyedRows(rows: DiffRow[]): Row[] {
  return rows.map((r) => ({ key: html`<code>${r.key}</code>`, cells: r.values.map(text), differs: r.differs }));
}

/** A table of keyed values, or a sentence while reading / when no version has any. */
function keyedSection({ names, columns, ready }: Ctx, id: string, title: string, empty: string, maps: Maps<string>): SafeHtml {
  const rows = diffRows(maps);
  const body = rows.length ? table(`${id}-table`, l10n.t('Key'), names, columns, keyedRows(rows)) : html`<p class="empty">${ready ? empty : reading()}</p>`;
  return section(id, title, body);
}

function overview(names: string[], columns: CompareColumn[]): SafeHtml {
  const cell = (c: CompareColumn, f: (v: NonNullable<CompareColumn['version']>) => HtmlValue): HtmlValue =>
    c.version
      ? f(c.version)
      : c.version === null
        ? html`<span class="warning">${l10n.t('could not be read')}: ${c.error ?? ''}</span>`
        : muted(l10n.t('reading…'));
  const row = (key: string, f: (v: NonNullable<CompareColumn['version']>) => HtmlValue, value: (v: NonNullable<CompareColumn['version']>) => string): Row => {
    const values = columns.map((c) => (c.version ? value(c.version) : null));
    return { key, cells: columns.map((c) => cell(c, f)), differs: values.some((v) => v !== values[0]) };
  };
  const aliases = (v: NonNullable<CompareColumn['version']>) => [...v.aliases].sort();
  const rows: Row[] = [
    row(
      l10n.t('Stage'),
      (v) => stageBadge(v.currentStage),
      (v) => v.currentStage,
    ),
    row(
      l10n.t('Aliases'),
      (v) => aliases(v).map((a) => html`<span class="chip">@${a}</span>`),
      (v) => aliases(v).join(' '),
    ),
    row(
      l10n.t('Created'),
      (v) => when(v.creationTimestamp),
      (v) => String(v.creationTimestamp),
    ),
    {
      key: l10n.t('Run'),
      cells: columns.map((c) =>
        c.run
          ? html`${c.run.runName ?? ''} <code>${c.run.runId.slice(0, 8)}</code>`
          : c.run === undefined
            ? muted(l10n.t('reading…'))
            : muted(c.runError ?? NONE),
      ),
      differs: true,
    },
    row(
      l10n.t('Status'),
      (v) => v.status,
      (v) => v.status,
    ),
  ];
  return section('compare-overview', l10n.t('Overview'), table('compare-overview-table', '', names, columns, rows));
}

function metricCell(row: MetricRow, i: number): HtmlValue {
  const v = row.values[i];
  if (v === null) return muted(NONE);
  const mark = (direction: 'lower' | 'higher') =>
    row.best[direction].includes(i) ? html` <span class="best-mark ${direction}">★ ${l10n.t('best')}</span>` : '';
  return html`<span class="num" title="${String(v)}">${formatMetric(v)}</span>${mark('lower')}${mark('higher')}`;
}

function metricsSection({ names, columns, ready }: Ctx, id: string, title: string, maps: Maps<number>): SafeHtml {
  const empty = l10n.t('None of these versions has a run with metrics.');
  const rows = metricRows(maps);
  if (!rows.length) return section(id, title, html`<p class="empty">${ready ? empty : reading()}</p>`);
  const flip = (key: string) => l10n.t('Flip which value of {0} is best', key);
  const body = rows.map((r): Row => ({
    key: html`<code>${r.key}</code> <button type="button" class="icon direction" data-flip-metric="${r.key}" aria-label="${flip(r.key)}" title="${flip(r.key)}"><span class="dir lower">${l10n.t('lower is better')}</span><span class="dir higher">${l10n.t('higher is better')}</span></button>`,
    cells: columns.map((_, i) => metricCell(r, i)),
    differs: r.differs,
    attrs: html` data-metric="${r.key}" data-default-direction="${r.direction}" data-direction="${r.direction}"`,
  }));
  return section(id, title, table(`${id}-table`, l10n.t('Key'), names, columns, body));
}

function signatureCell(row: SignatureRow, i: number): HtmlValue {
  const t = row.types[i];
  const change = row.changes[i];
  const mark = changeText(change) ? html` <span class="change change-${change}">${changeText(change)}</span>` : '';
  return t === null ? html`${muted(NONE)}${mark}` : html`<code>${t}</code>${mark}`;
}

function signatureTable(id: string, names: string[], columns: CompareColumn[], lists: (ColumnSpec[] | null | undefined)[]): SafeHtml {
  const rows = signatureDiff(lists).map((r): Row => ({
    key: html`<code>${r.name}</code>`,
    cells: columns.map((_, i) => signatureCell(r, i)),
    differs: r.differs,
  }));
  return rows.length ? table(id, l10n.t('Column'), names, columns, rows) : html`<p class="empty">${NONE}</p>`;
}

function signatureSection(names: string[], columns: CompareColumn[], ready: boolean): SafeHtml {
  const sigs = columns.map((c) => c.files?.mlmodel?.signature);
  if (!sigs.some(Boolean))
    return section(
      'compare-signature',
      l10n.t('Signature'),
      html`<p class="empty">${ready ? l10n.t('No signature in these versions’ MLmodel files.') : reading()}</p>`,
    );
  return section(
    'compare-signature',
    l10n.t('Signature'),
    html`<h3>${l10n.t('Inputs')}</h3>${signatureTable(
      'compare-signature-inputs',
      names,
      columns,
      sigs.map((s) => s?.inputs),
    )}<h3>${l10n.t('Outputs')}</h3>${signatureTable(
      'compare-signature-outputs',
      names,
      columns,
      sigs.map((s) => s?.outputs),
    )}`,
  );
}

/** A file's rows, or a one-row map saying it could not be parsed (so the column still shows something). */
function parsed(textOf: string | null | undefined, parse: (t: string) => Record<string, string>): Record<string, string> | null | undefined {
  if (textOf === null || textOf === undefined) return textOf;
  try {
    return parse(textOf);
  } catch (e) {
    return { [l10n.t('unreadable')]: e instanceof Error ? e.message : String(e) };
  }
}

function notes(names: string[], columns: CompareColumn[]): SafeHtml {
  const lines = columns.flatMap((c, i) => (c.files?.note ? [html`<li><strong>${names[i]}</strong>: ${c.files.note}</li>`] : []));
  return lines.length ? html`<ul class="notice plain" role="note">${lines}</ul>` : html``;
}

function diffButtons(names: string[], columns: CompareColumn[]): SafeHtml {
  const pairs = columns.slice(1).map((_, k) => [0, k + 1] as const);
  const button = (what: 'description' | 'requirements', [l, r]: readonly [number, number], label: string) =>
    html`<button type="button" class="secondary" data-compare-diff="${what}" data-left="${String(l)}" data-right="${String(r)}">${label}</button>`;
  return section(
    'compare-diffs',
    l10n.t('Side by side in the editor'),
    html`<div class="toolbar">${pairs.map((p) => html`${button('description', p, l10n.t('Descriptions: {0} ↔ {1}', names[p[0]], names[p[1]]))}${button('requirements', p, l10n.t('requirements.txt: {0} ↔ {1}', names[p[0]], names[p[1]]))}`)}</div>`,
  );
}

/** One chart per metric, one line per version that logged it. */
function charts(d: CompareData, ready: boolean): SafeHtml | '' {
  if (!d.charts)
    return ready || !d.columns.some((c) => c.run?.metrics && Object.keys(c.run.metrics).length)
      ? ''
      : section('compare-charts', l10n.t('Metric history'), html`<p class="empty">${reading()}</p>`);
  if (d.charts.length === 0) return '';
  return section(
    'compare-charts',
    l10n.t('Metric history'),
    html`<div class="metric-charts">${d.charts.map((c) => metricChart(c.key, c.series, { size: 'small' }))}</div>`,
  );
}

export function renderComparePage(d: CompareData): SafeHtml {
  const columns = d.columns;
  const names = columnLabels(columns.map((c) => c.ref));
  const ready = d.complete;
  const runs = columns.map((c) => c.run);
  const files = columns.map((c) => c.files);
  const ctx: Ctx = { names, columns, ready };
  const keyed = (id: string, title: string, empty: string, maps: Maps<string>) => keyedSection(ctx, id, title, empty, maps);
  const metrics = (id: string, title: string, maps: Maps<number>) => metricsSection(ctx, id, title, maps);
  const fileSections: [string, string, string, Maps<string>][] = [
    [
      'compare-flavors',
      l10n.t('Flavors'),
      l10n.t('No flavors in these versions’ MLmodel files.'),
      files.map((f) => (f ? flavorSummary(f.mlmodel?.flavors) : undefined)),
    ],
    [
      'compare-requirements',
      REQUIREMENTS,
      l10n.t('No {0} in these versions’ model folders.', REQUIREMENTS),
      files.map((f) => parsed(f?.requirements, parseRequirements)),
    ],
    ['compare-python-env', PYTHON_ENV, l10n.t('No {0} in these versions’ model folders.', PYTHON_ENV), files.map((f) => parsed(f?.pythonEnv, parsePythonEnv))],
    ['compare-tags', l10n.t('Version tags'), l10n.t('No tags on these versions.'), columns.map((c) => c.version?.tags)],
  ];
  const logged = columns.some((c) => c.loggedModelId)
    ? metrics(
        'compare-logged-metrics',
        l10n.t('Logged model metrics (MLflow 3)'),
        columns.map((c) => c.loggedMetrics),
      )
    : '';
  return html`<header class="page-header">
<p class="eyebrow">${l10n.t('Comparison')}</p>
<h1>${l10n.t('Compare {0}', compareWhat(columns.map((c) => c.ref)))}</h1>
<div class="toolbar" role="toolbar" aria-label="${l10n.t('Comparison')}">
<button type="button" class="secondary" data-compare-toggle="differences" aria-pressed="false">${l10n.t('Show only differences')}</button>
</div>
${ready ? '' : html`<p class="muted" role="status">${reading()}</p>`}
${notes(names, columns)}
</header>
<div class="compare-page">
${overview(names, columns)}
${keyed(
  'compare-params',
  l10n.t('Run parameters'),
  l10n.t('None of these versions has a run with parameters.'),
  runs.map((r) => r?.params),
)}
${metrics(
  'compare-metrics',
  l10n.t('Latest metrics'),
  runs.map((r) => r?.metrics),
)}
${charts(d, ready)}
${logged}
${signatureSection(names, columns, ready)}
${fileSections.map(([id, title, empty, maps]) => keyed(id, title, empty, maps))}
${diffButtons(names, columns)}
</div>`;
}
