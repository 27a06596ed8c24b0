/** No vscode import: unit-tested in plain Node. */

/**
 * A description's first words as plain text: it comes from a shared registry,
 * so nothing in it is rendered. Code blocks, tables and HTML are left out;
 * links keep their text; emphasis and code marks go.
 */
export function descriptionExcerpt(text: string | null, max = 220): string {
  if (!text) return '';
  const plain = text
    .replace(/```[\s\S]*?(```|$)/g, '\n')
    .split('\n')
    .filter((line) => !/^\s*\|/.test(line))
    .join('\n')
    .replace(/<[^>]*>/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/(\*\*|__|`|~~)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max).trimEnd()}…` : plain;
}
