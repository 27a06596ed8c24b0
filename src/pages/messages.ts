/**
 * The message contract between the extension and its pages (media/pages/page.js
 * imports these types through JSDoc). The page only ever asks; the extension
 * checks every message (a page shows untrusted text) and acts on its own data.
 */

export const MODEL_VIEW_TYPE = 'mlflowRegistry.model';
export const VERSION_VIEW_TYPE = 'mlflowRegistry.version';
export const PROMPT_VIEW_TYPE = 'mlflowRegistry.prompt';
export const COMPARE_VIEW_TYPE = 'mlflowRegistry.compare';

import type { RegistryIdentity } from '../registry/identityType';

export type PageTarget =
  | { kind: 'model'; name: string }
  | { kind: 'version'; name: string; version: string }
  /** A version of an MLflow 3 prompt (docs/prompts.md). */
  | { kind: 'prompt'; name: string; version: string }
  /** Model versions side by side, in the order given (docs: README's Compare Versions). */
  | { kind: 'compare'; versions: VersionRef[] };

export interface VersionRef {
  name: string;
  version: string;
}

/** Columns a comparison page shows at most; a wider table is no longer read side by side. */
export const MAX_COMPARED_VERSIONS = 8;

/** What the page keeps with vscode.setState: enough to reopen it after a reload. */
export interface PageState {
  target: PageTarget;
  /** The registry the page belongs to; absent in state saved by older versions. */
  registry?: RegistryIdentity;
  sort?: { key: string; direction: 'ascending' | 'descending' };
}

/** `models:/` reference a Serve… or Copy button stands for. */
export type ModelRef = { version: string } | { alias: string } | { stage: string };

/** The registry commands a page's buttons run, on the page's own model or version. */
export type PageAction =
  /** On a model page, `version` names one of its versions (a row of the versions table). */
  | { action: 'transitionStage'; version?: string }
  | { action: 'setAlias'; version?: string }
  | { action: 'deleteAlias'; alias: string }
  | { action: 'setTag' }
  | { action: 'deleteTag'; key: string }
  | { action: 'editDescription' }
  | { action: 'renameModel' }
  | { action: 'deleteModel' }
  | { action: 'deleteVersion' }
  | { action: 'copyVersion' }
  | { action: 'serve'; ref: ModelRef }
  | { action: 'reveal'; which: 'source' | 'storage' }
  /** On a prompt page: its template in an editor, or a diff with another version. */
  | { action: 'editTemplate' }
  | { action: 'comparePrompt' }
  | { action: 'downloadModelFiles' };

export type FromPage =
  /** Sent once the page's script listens; the extension sends updates only after it. */
  | { type: 'ready' }
  | { type: 'openModel'; name: string }
  | { type: 'openVersion'; name: string; version: string }
  /** A row of a prompt page's history: another version of the page's own prompt. */
  | { type: 'openPromptVersion'; version: string }
  /** A link in a description: opened outside, http(s) only. */
  | { type: 'openLink'; href: string }
  | { type: 'copy'; text: string }
  /** The "Load remote images" button: this page, until it closes. */
  | { type: 'loadRemoteImages' }
  /** A model page lists its newest versions; this asks for the next hundred. */
  | { type: 'showMore' }
  /** The page's registry is not open: open it again (Select Registry with its path or URL). */
  | { type: 'switchRegistry' }
  /** A model page's checked rows: versions of the page's own model. */
  | { type: 'compareVersions'; versions: string[] }
  /** A comparison page's diff buttons: two of its own columns, by index. */
  | { type: 'compareDiff'; what: 'description' | 'requirements'; left: number; right: number }
  | ({ type: 'run' } & PageAction);

/**
 * What page.js shows by itself (a Copy button's feedback, the sort announcement),
 * translated by the extension and handed over in the document (`data-words` on
 * <body>); the script fills `{0}`.
 */
export interface PageWords {
  copy: string;
  copied: string;
  /** `{0}`: the copied text. */
  copiedText: string;
  /** `{0}`: the column's header. */
  sortedAscending: string;
  sortedDescending: string;
}

export type ToPage =
  /** New content for <main>, rendered and sanitized by the extension. */
  | { type: 'update'; title: string; body: string; target: PageTarget; registry?: RegistryIdentity }
  /** Feedback for a Copy button. */
  | { type: 'copied'; text: string };

const isString = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length <= max;
const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < MAX_COMPARED_VERSIONS;

const ACTIONS_WITHOUT_ARGS = new Set([
  'setTag',
  'editDescription',
  'renameModel',
  'deleteModel',
  'deleteVersion',
  'copyVersion',
  'editTemplate',
  'comparePrompt',
]);

/** The message as the contract types it, or undefined when it is not one. */
export function parseFromPage(raw: unknown): FromPage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'loadRemoteImages':
      return { type: 'loadRemoteImages' };
    case 'showMore':
      return { type: 'showMore' };
    case 'switchRegistry':
      return { type: 'switchRegistry' };
    case 'openModel':
      return isString(m.name, 1024) ? { type: 'openModel', name: m.name } : undefined;
    case 'openVersion':
      return isString(m.name, 1024) && isString(m.version, 32) && /^\d+$/.test(m.version)
        ? { type: 'openVersion', name: m.name, version: m.version }
        : undefined;
    case 'openPromptVersion':
      return isString(m.version, 32) && /^\d+$/.test(m.version) ? { type: 'openPromptVersion', version: m.version } : undefined;
    case 'openLink':
      return isString(m.href) ? { type: 'openLink', href: m.href } : undefined;
    case 'copy':
      return isString(m.text, 65536) ? { type: 'copy', text: m.text } : undefined;
    case 'compareVersions':
      return Array.isArray(m.versions) && m.versions.length <= 1000 && m.versions.every((v) => isString(v, 32) && /^\d+$/.test(v))
        ? { type: 'compareVersions', versions: m.versions as string[] }
        : undefined;
    case 'compareDiff':
      return (m.what === 'description' || m.what === 'requirements') && isIndex(m.left) && isIndex(m.right) && m.left !== m.right
        ? { type: 'compareDiff', what: m.what, left: m.left, right: m.right }
        : undefined;
    case 'run':
      return parseAction(m);
    default:
      return undefined;
  }
}

function parseAction(m: Record<string, unknown>): FromPage | undefined {
  const action = m.action;
  if (typeof action !== 'string') return undefined;
  if (ACTIONS_WITHOUT_ARGS.has(action)) return { type: 'run', action } as FromPage;
  if (action === 'transitionStage' || action === 'setAlias') {
    if (m.version === undefined) return { type: 'run', action };
    return isString(m.version, 32) && /^\d+$/.test(m.version) ? { type: 'run', action, version: m.version } : undefined;
  }
  if (action === 'deleteAlias' && isString(m.alias, 256)) return { type: 'run', action, alias: m.alias };
  if (action === 'deleteTag' && isString(m.key, 1024)) return { type: 'run', action, key: m.key };
  if (action === 'reveal' && (m.which === 'source' || m.which === 'storage')) return { type: 'run', action, which: m.which };
  if (action === 'downloadModelFiles') return { type: 'run', action };
  if (action === 'serve' && typeof m.ref === 'object' && m.ref !== null) {
    const r = m.ref as Record<string, unknown>;
    if (isString(r.version, 32) && /^\d+$/.test(r.version)) return { type: 'run', action, ref: { version: r.version } };
    if (isString(r.alias, 256)) return { type: 'run', action, ref: { alias: r.alias } };
    if (isString(r.stage, 32)) return { type: 'run', action, ref: { stage: r.stage } };
  }
  return undefined;
}
