/**
 * What differs between model versions laid side by side: params, tags,
 * flavors and requirements as keyed rows, the best value of each metric, and
 * signature columns added, removed or changed. Plain data in, plain data out:
 * the comparison page renders it, the core tests check it.
 */
import type { ColumnSpec } from './mlmodel';

/** One key across the versions; null where a version does not have it. */
export interface DiffRow {
  key: string;
  values: (string | null)[];
  differs: boolean;
}

const allEqual = <T>(values: T[]): boolean => values.every((v) => v === values[0]);

/** Every key of any of the maps, sorted. */
function keysOf(maps: (object | null | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const m of maps) for (const k of Object.keys(m ?? {})) keys.add(k);
  return [...keys].sort((a, b) => a.localeCompare(b));
}

/** Every key of any map, sorted, with each version's value. A missing map (not read) counts as missing values. */
export function diffRows(maps: (Record<string, string> | null | undefined)[]): DiffRow[] {
  return keysOf(maps).map((key) => {
    const values = maps.map((m) => (m && Object.prototype.hasOwnProperty.call(m, key) ? m[key] : null));
    return { key, values, differs: !allEqual(values) };
  });
}

export type MetricDirection = 'lower' | 'higher';

/** Words of a metric's name that measure an error or a cost: a smaller value is better. */
const LOWER_IS_BETTER = new Set([
  'loss',
  'logloss',
  'error',
  'err',
  'mse',
  'rmse',
  'mae',
  'mape',
  'msle',
  'rmsle',
  'perplexity',
  'wer',
  'cer',
  'latency',
  'duration',
]);

/** By the words of the name (`val_loss`, `trainLoss`, `eval/rmse`), so `terror_rate` is not an error. */
export function metricDirection(key: string): MetricDirection {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((w) => LOWER_IS_BETTER.has(w)) ? 'lower' : 'higher';
}

/** The columns holding the best value (ties share it); none when fewer than two versions have a number to compare. */
export function bestIndices(values: (number | null | undefined)[], direction: MetricDirection): number[] {
  const present = values.flatMap((v, i) => (typeof v === 'number' && !Number.isNaN(v) ? [{ v, i }] : []));
  if (present.length < 2) return [];
  const best = direction === 'lower' ? Math.min(...present.map((p) => p.v)) : Math.max(...present.map((p) => p.v));
  return present.filter((p) => p.v === best).map((p) => p.i);
}

export interface MetricRow {
  key: string;
  values: (number | null)[];
  /** From the key's name; the page can flip it. */
  direction: MetricDirection;
  /** The best columns either way, so flipping needs no new render. */
  best: Record<MetricDirection, number[]>;
  differs: boolean;
}

export function metricRows(maps: (Record<string, number> | null | undefined)[]): MetricRow[] {
  return keysOf(maps).map((key) => {
    const values = maps.map((m) => (m && typeof m[key] === 'number' ? m[key] : null));
    return {
      key,
      values,
      direction: metricDirection(key),
      best: { lower: bestIndices(values, 'lower'), higher: bestIndices(values, 'higher') },
      differs: !allEqual(values),
    };
  });
}

/** A cell of the signature table, against the version to its left. */
export type ColumnChange = 'same' | 'added' | 'removed' | 'changed' | 'absent';

export interface SignatureRow {
  /** The column's name, or `#<index>` for an unnamed (tensor) column. */
  name: string;
  types: (string | null)[];
  changes: ColumnChange[];
  differs: boolean;
}

/** A column's type as one string: `double`, `tensor int64 [-1]`, with `(optional)` when not required. */
export function columnType(c: ColumnSpec): string {
  const base = c.tensor ? `tensor ${c.tensor.dtype} [${c.tensor.shape.join(', ')}]` : c.type;
  return c.required === false ? `${base} (optional)` : base;
}

/**
 * Each version's columns keyed by name. The first version is the reference
 * for its own cells ('same' where present); every later one is read against
 * the version to its left, as the versions usually follow one another.
 */
export function signatureDiff(lists: (ColumnSpec[] | null | undefined)[]): SignatureRow[] {
  const byName = lists.map((list) => new Map((list ?? []).map((c, i) => [c.name ?? `#${i}`, columnType(c)])));
  const names: string[] = [];
  for (const m of byName) for (const n of m.keys()) if (!names.includes(n)) names.push(n);
  return names.map((name) => {
    const types = byName.map((m) => m.get(name) ?? null);
    const changes = types.map((t, i): ColumnChange => {
      if (i === 0) return t === null ? 'absent' : 'same';
      const before = types[i - 1];
      if (t === null) return before === null ? 'absent' : 'removed';
      if (before === null) return 'added';
      return before === t ? 'same' : 'changed';
    });
    return { name, types, changes, differs: !allEqual(types) };
  });
}

/** pip's name normalisation (PEP 503), so `Scikit_Learn` and `scikit-learn` are one row. */
const normalName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

/** A requirement line keyed by its package; other lines (`-r file`, URLs) keyed by themselves. */
function requirementEntry(line: string): [string, string] {
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?/.exec(line);
  return [m && !line.startsWith('-') ? normalName(m[1]) : line, line];
}

/** requirements.txt as package → line; comments and blank lines dropped. */
export function parseRequirements(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const [key, value] = requirementEntry(line);
    out[key] = value;
  }
  return out;
}

/**
 * python_env.yaml (MLflow's virtualenv spec) as rows: `python` and each
 * build or runtime dependency by package. Throws on YAML that is not a mapping.
 */
export function parsePythonEnv(text: string): Record<string, string> {
  // Required here, not imported: the YAML parser loads with the first file read, not at activation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('yaml') as typeof import('yaml');
  const doc = parse(text) as unknown;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('python_env.yaml is not a YAML mapping');
  const d = doc as Record<string, unknown>;
  const out: Record<string, string> = {};
  if (typeof d.python === 'string' || typeof d.python === 'number') out.python = String(d.python);
  for (const list of [d.build_dependencies, d.dependencies]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const [key, value] = requirementEntry(String(item).trim());
      out[key] = value;
    }
  }
  return out;
}

/** Flavors by name, each shown by its version field when it has one (`sklearn_version: 1.2.1`), else as present. */
export function flavorSummary(flavors: Record<string, Record<string, unknown>> | null | undefined): Record<string, string> | null {
  if (!flavors) return null;
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(flavors)) {
    const versionKey = Object.keys(spec ?? {}).find((k) => k.endsWith('_version') && k !== 'python_version');
    const loader = typeof spec?.loader_module === 'string' ? spec.loader_module : null;
    out[name] = versionKey ? `${versionKey.replace(/_version$/, '')} ${String(spec[versionKey])}` : (loader ?? '✓');
  }
  return out;
}
