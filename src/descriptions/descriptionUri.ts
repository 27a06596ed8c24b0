/**
 * Virtual documents for descriptions:
 * `mlflow-registry://<registry>/<model>/description.md` and
 * `mlflow-registry://<registry>/<model>/<version>/description.md`. No vscode import.
 *
 * `<registry>` is the registry's stable key in lower-case base32: VS Code
 * lower-cases URI authorities and gives ':' and '@' a meaning there, so the key
 * itself cannot go in as it is. A document can then never be read from, or
 * saved into, another registry than the one it was opened from.
 *
 * `<model>` is one path segment that decodes back to exactly the name MLflow
 * holds. VS Code (and the browser under code-server) resolves `.` and `..`
 * segments, gives `/ ? #` and `\` meanings of their own, and lower-cases a
 * leading `X:` as a drive letter, so those are percent-escaped (':' always),
 * as is '%' itself; everything else stays readable in the tab.
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

const escapeChar = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/** One path segment for a model name; `.` and `..` are escaped whole, so no resolver ever treats them as dot segments. */
export function encodeNameSegment(name: string): string {
  if (name === '.' || name === '..') return name.replace(/\./g, '%2E');
  // eslint-disable-next-line no-control-regex
  return name.replace(/[%/\\?#:\u0000-\u001f\u007f]/g, escapeChar);
}

export function descriptionPath(t: DescriptionTarget): string {
  return `/${encodeNameSegment(t.name)}${t.version !== undefined ? `/${t.version}` : ''}/${DESCRIPTION_FILE}`;
}

/**
 * The target a path names. Only the form `descriptionPath` writes is accepted,
 * so one description has one path (the editor keys its documents by it).
 */
export function parseDescriptionPath(path: string): DescriptionPath | undefined {
  if (path === '' || path === '/') return { kind: 'dir', target: null };
  const parts = path.split('/');
  if (parts[0] !== '' || parts.slice(1).some((p) => p === '')) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(parts[1]);
  } catch {
    return undefined;
  }
  const [, , second, third] = parts;
  let parsed: DescriptionPath | undefined;
  if (parts.length === 2) parsed = { kind: 'dir', target: { name } };
  else if (parts.length === 3 && second === DESCRIPTION_FILE) parsed = { kind: 'file', target: { name } };
  else if (parts.length === 3 && /^\d+$/.test(second)) parsed = { kind: 'dir', target: { name, version: second } };
  else if (parts.length === 4 && /^\d+$/.test(second) && third === DESCRIPTION_FILE) parsed = { kind: 'file', target: { name, version: second } };
  if (!parsed || parsed.target === null || name === '') return undefined;
  return encodeNameSegment(name) === parts[1] ? parsed : undefined;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A registry key as a URI authority: lower-case base32 of its UTF-8 bytes, without padding. */
export function registryAuthority(key: string): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of new TextEncoder().encode(key)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** The registry key an authority stands for, or undefined when it is not one `registryAuthority` wrote. */
export function registryKeyOfAuthority(authority: string): string | undefined {
  if (authority === '' || !/^[a-z2-7]+$/.test(authority)) return undefined;
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of authority) {
    value = (value << 5) | BASE32.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  try {
    const key = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    return registryAuthority(key) === authority ? key : undefined;
  } catch {
    return undefined;
  }
}

export function describeTarget(t: DescriptionTarget): string {
  return t.version !== undefined ? `${t.name} version ${t.version}` : t.name;
}
