// The Models view as the suites read it: its rows in display order, by
// aria-level / aria-label / aria-expanded, as a screen reader meets them.
import assert from 'node:assert/strict';
import { UI_TIMEOUT } from './workbenchDriver.mjs';

/** A model row's aria-label is "<name>, <description>"; others start with their label. */
export const modelName = (row) => row.ariaLabel.split(',')[0];
export const topLevel = (rows) => rows.filter((r) => r.level === 1).map(modelName);

/**
 * The subtree of one model as [{ name, row, versions: [{ number, row }] }] in
 * display order; versions under a collapsed group are absent.
 */
export function subtreeOf(rows, model) {
  const start = rows.findIndex((r) => r.level === 1 && modelName(r) === model);
  assert.notEqual(start, -1, `no row for ${model} in ${JSON.stringify(rows.map((r) => r.ariaLabel))}`);
  const groups = [];
  for (const r of rows.slice(start + 1)) {
    if (r.level <= 1) break;
    if (r.level === 2) groups.push({ name: r.ariaLabel.split(' ')[0], row: r, versions: [] });
    else if (r.level === 3) {
      const m = /^Version (\d+)\b/.exec(r.ariaLabel);
      assert.ok(m, `unexpected row under a group: "${r.ariaLabel}"`);
      assert.ok(groups.length > 0, `version row "${r.ariaLabel}" before any group`);
      groups.at(-1).versions.push({ number: Number(m[1]), row: r });
    }
  }
  return groups;
}

/** { group: [version numbers, ascending] } of a subtree. */
export const stageMap = (groups) => Object.fromEntries(groups.map((g) => [g.name, g.versions.map((v) => v.number).sort((a, b) => a - b)]));

/** The sidebar pane of the Prompts view (shown below the Models view whenever a registry is open). */
export const promptsPane = (page) =>
  page.locator('#workbench\\.parts\\.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: /^Prompts$/i }) });

/** The sidebar pane of the Models view: the container's other pane. */
export const modelsPane = (page) =>
  page.locator('#workbench\\.parts\\.sidebar .pane').filter({ hasNot: page.locator('.pane-header h3.title', { hasText: /^Prompts$/i }) });

/** `driver` is the suite's workbenchDriver (for its assertEventually). */
export function modelsTree(getPage, { assertEventually }) {
  const rows = () => modelsPane(getPage()).locator('.customview-tree .monaco-list-row');

  /** The row at `level` whose aria-label starts with `labelStart`. */
  const row = (level, labelStart) => rows().and(getPage().locator(`[aria-level="${level}"][aria-label^="${labelStart}"]`));

  async function treeRows() {
    const all = await rows().evaluateAll((els) =>
      els.map((e) => ({
        index: Number(e.getAttribute('data-index')),
        ariaLabel: e.getAttribute('aria-label') ?? '',
        level: Number(e.getAttribute('aria-level')),
        expanded: e.getAttribute('aria-expanded'),
        // The visible label (a row's aria-label is its tooltip when it has one).
        text: e.querySelector('.label-name')?.textContent ?? '',
      })),
    );
    return all.sort((a, b) => a.index - b.index);
  }

  /** Polls the tree until check(rows) stops throwing; throws its last error, with the rows, after the timeout. */
  async function waitForTree(check, what, timeout = UI_TIMEOUT) {
    let seen = [];
    try {
      return await assertEventually(
        async () => {
          seen = await treeRows();
          return check(seen) ?? seen;
        },
        what,
        timeout,
      );
    } catch (e) {
      e.message += `\nrows: ${JSON.stringify(
        seen.map((r) => `${r.level} ${r.expanded ?? '-'} ${r.ariaLabel}`),
        null,
        1,
      )}`;
      throw e;
    }
  }

  return { rows, row, treeRows, waitForTree };
}
