/**
 * The versions a comparison page shows: checked once where they come in (a
 * command's argument, a restored page's state), and named for its tab and
 * heading. No vscode import; the command turns a problem into its message.
 */
import { MAX_COMPARED_VERSIONS, type VersionRef } from './messages';

export type CompareProblem =
  | { problem: 'notList' }
  | { problem: 'tooFew'; count: number }
  | { problem: 'tooMany'; count: number }
  | { problem: 'notObject'; index: number }
  | { problem: 'name'; index: number }
  | { problem: 'version'; index: number; value: string }
  | { problem: 'duplicate'; index: number; name: string; version: string };

const MAX_NAME = 1024;

/** The list as given, each version in MLflow's integer form ('03' → '3'), or what is wrong with it. */
export function checkCompareVersions(raw: unknown): { versions: VersionRef[] } | CompareProblem {
  if (!Array.isArray(raw)) return { problem: 'notList' };
  if (raw.length < 2) return { problem: 'tooFew', count: raw.length };
  if (raw.length > MAX_COMPARED_VERSIONS) return { problem: 'tooMany', count: raw.length };
  const out: VersionRef[] = [];
  for (const [index, entry] of raw.entries()) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { problem: 'notObject', index };
    const { name, version } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME) return { problem: 'name', index };
    const text = typeof version === 'number' || typeof version === 'string' ? String(version).trim() : '';
    if (!/^\d{1,15}$/.test(text) || Number(text) < 1) return { problem: 'version', index, value: typeof version === 'string' ? version : String(version) };
    const ref = { name, version: String(Number(text)) };
    if (out.some((r) => r.name === ref.name && r.version === ref.version)) return { problem: 'duplicate', index, ...ref };
    out.push(ref);
  }
  return { versions: out };
}

/** `iris v1, v2, v3` for one model; `a v1 · b v2` across models. */
export function compareWhat(versions: VersionRef[]): string {
  const groups = new Map<string, string[]>();
  for (const v of versions) groups.set(v.name, [...(groups.get(v.name) ?? []), `v${v.version}`]);
  return [...groups].map(([name, vs]) => `${name} ${vs.join(', ')}`).join(' · ');
}

/** A column's heading: "v3" when every column is of one model, "name v3" otherwise. */
export function columnLabels(versions: VersionRef[]): string[] {
  const oneModel = versions.every((v) => v.name === versions[0]?.name);
  return versions.map((v) => (oneModel ? `v${v.version}` : `${v.name} v${v.version}`));
}

/** One key per list of versions, order included: the same versions in another order are another page. */
export function compareKey(versions: VersionRef[]): string {
  return versions.map((v) => `${v.name}\u0001${v.version}`).join('\u0002');
}
