/**
 * Virtual documents for descriptions: `mlflow-registry:/<model>/description.md`
 * and `mlflow-registry:/<model>/<version>/description.md`. No vscode import.
 * A model name may hold '/' (legacy names) or '%': those two are escaped in
 * its path segment, everything else stays readable in the editor's tab.
 */
export const DESCRIPTION_SCHEME = 'mlflow-registry';
export const DESCRIPTION_FILE = 'description.md';
/** The query of the read-only copy of what the registry holds now (the left side of a diff). */
export const REGISTRY_COPY_QUERY = 'registry';

export interface DescriptionTarget {
  name: string;
  version?: string;
}

export type DescriptionPath = { kind: 'file'; target: DescriptionTarget } | { kind: 'dir'; target: DescriptionTarget | null };

const encodeSegment = (s: string) => s.replace(/%/g, '%25').replace(/\//g, '%2F');

export function descriptionPath(t: DescriptionTarget): string {
  return `/${encodeSegment(t.name)}${t.version !== undefined ? `/${t.version}` : ''}/${DESCRIPTION_FILE}`;
}

export function parseDescriptionPath(path: string): DescriptionPath | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
  const [name, second, third] = decoded;
  if (parts.length === 0) return { kind: 'dir', target: null };
  if (name === undefined || name === '') return undefined;
  if (parts.length === 1) return { kind: 'dir', target: { name } };
  if (parts.length === 2) {
    if (second === DESCRIPTION_FILE) return { kind: 'file', target: { name } };
    return /^\d+$/.test(second) ? { kind: 'dir', target: { name, version: second } } : undefined;
  }
  if (parts.length === 3 && /^\d+$/.test(second) && third === DESCRIPTION_FILE) return { kind: 'file', target: { name, version: second } };
  return undefined;
}

export function describeTarget(t: DescriptionTarget): string {
  return t.version !== undefined ? `${t.name} version ${t.version}` : t.name;
}
