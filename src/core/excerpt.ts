/**
 * The one excerpt of a description, for tree tooltips, the pages' version
 * lists, pickers and hovers. Descriptions are Markdown from a shared registry:
 * the excerpt is plain text (the caller escapes it for where it goes), made
 * from the words a reader sees, and cut after that, at a word boundary, so it
 * never ends inside a link or any other piece of syntax. Tables, code blocks
 * and images are left out: flattened, they read as noise.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'", '#x27': "'" };

/** A GFM table's delimiter row: `|---|:--:|` or `--- | ---`. */
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$/;

function withoutBlocks(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  let fence: string | undefined;
  let inTable = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = undefined;
      continue;
    }
    if (opener) {
      fence = opener;
      continue;
    }
    if (inTable && line.includes('|')) continue;
    inTable = false;
    if (TABLE_DELIMITER.test(line)) {
      // The header row above belongs to the table too, and so does every row below up to a line without a '|'.
      if (kept.length > 0 && kept[kept.length - 1].includes('|')) kept.pop();
      inTable = true;
      continue;
    }
    if (/^\s*\|/.test(line) || /^ {4,}|^\t/.test(line) || /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line) || /^\s{0,3}\[[^\]]+\]:\s/.test(line)) continue;
    kept.push(line);
  }
  return kept;
}

/** The words of a Markdown text, as one line of plain text. */
export function markdownPlainText(text: string | null | undefined): string {
  if (!text) return '';
  return withoutBlocks(text)
    .map((line) => line.replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+(\[[ xX]\]\s+)?|\d+[.)]\s+(\[[ xX]\]\s+)?)+/, ''))
    .join('\n')
    .replace(/!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/<\/?[a-zA-Z][^>]*>|<!--[\s\S]*?-->/g, '')
    .replace(/(\*\*|__|~~|`+)/g, '')
    .replace(/(^|[\s(])[*_]([^*_\s](?:[^*_]*[^*_\s])?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39|#x27);/g, (_, e: string) => ENTITIES[e] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** At most `max` characters of the description's words, cut between words, with "…" when cut. */
export function descriptionExcerpt(text: string | null | undefined, max = 220): string {
  // Only the beginning can reach the excerpt; a megabyte of Markdown must not cost the host.
  const plain = markdownPlainText(text?.slice(0, Math.max(4096, max * 40)));
  if (plain.length <= max) return plain;
  const room = plain.slice(0, max);
  const space = room.lastIndexOf(' ');
  // A single word longer than the room is cut inside it: better than nothing.
  const cut = space >= max / 2 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,;:.–-]+$/, '')}…`;
}
