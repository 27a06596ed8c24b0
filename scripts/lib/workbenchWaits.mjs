/* global window, document, location, MutationObserver -- inside page.evaluate() and init scripts, in the browser */
// The waits after the first row (issue 12): a page opened from the tree and a
// models:/ hover, each timed from the input event to its content in the DOM.
// A webview's content lives in nested frames with clocks of their own, so every
// time is read as performance.timeOrigin + performance.now(): one epoch-based
// clock shared by the workbench and its frames.

const SETTLE_MS = 1000;
const ATTEMPT_MS = 10_000;
const ATTEMPTS = 3;
/** Off the tree and the editor's text, so no hover covers what is timed. */
const REST_AT = [700, 880];

/**
 * Runs in every frame from its creation: in a webview's outer frame it notes
 * when a page heading (main#page h1, the marker of the extension's pages and of
 * the floor's) first appears in the inner frame, and its text. VS Code writes
 * the content into the inner frame's document, where a script set up in advance
 * does not survive, so the outer frame (same origin) looks in every 4 ms.
 */
export function watchPageHeadings() {
  if (!location.pathname.endsWith('/webview/browser/pre/index.html')) return;
  const timer = setInterval(() => {
    for (const frame of document.querySelectorAll('iframe')) {
      let h1;
      try {
        h1 = frame.contentDocument?.querySelector('main#page h1');
      } catch {
        // Not readable (yet): the next tick looks again.
      }
      if (!h1) continue;
      window.__benchPage = { at: performance.timeOrigin + performance.now(), text: h1.textContent.replace(/\s+/g, ' ').trim() };
      clearInterval(timer);
      return;
    }
  }, 4);
}

/** Clicks the centre of `target` and returns when the mousedown reached the workbench. */
async function clickAt(page, target) {
  await page.evaluate(() => {
    window.__benchDown = undefined;
    window.addEventListener('mousedown', () => (window.__benchDown = performance.timeOrigin + performance.now()), { capture: true, once: true });
  });
  const box = await boxOf(target);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(...REST_AT);
  return page.evaluate(() => window.__benchDown);
}

/** When a webview frame first showed the heading `text` after `since`, or undefined while none has. */
async function headingShown(page, text, since) {
  for (const frame of page.frames()) {
    if (!frame.url().includes('/webview/')) continue;
    const shown = await frame.evaluate(() => window.__benchPage).catch(() => undefined);
    if (shown && shown.text === text && shown.at >= since) return shown.at;
  }
  return undefined;
}

/**
 * Clicks a tree row and times the click to the page's heading in its frame. A
 * click that lands while the tree redraws opens nothing: it is made again, and
 * the time runs from the click that opened the page.
 */
export async function pageFromRow(page, row, heading) {
  await page.waitForTimeout(SETTLE_MS);
  for (let attempt = 1; ; attempt++) {
    const clicked = await clickAt(page, row);
    const deadline = Date.now() + ATTEMPT_MS;
    while (Date.now() < deadline) {
      const at = await headingShown(page, heading, clicked);
      if (at !== undefined) return at - clicked;
      await page.waitForTimeout(50);
    }
    if (attempt === ATTEMPTS) throw new Error(`no page headed "${heading}" after ${ATTEMPTS} clicks`);
  }
}

/** Where `locator` is on screen; the editor re-renders its text as tokens arrive, so it is looked up until it stays. */
async function boxOf(locator) {
  for (;;) {
    await locator.waitFor({ state: 'visible' });
    const box = await locator.boundingBox();
    if (box) return box;
  }
}

const treeRows = (page) => page.locator('#workbench\\.parts\\.sidebar .customview-tree .monaco-list-row');

/** The first model row and the model it names (a model row's aria-label is "<name>, <description>"). */
export async function firstModel(page) {
  const row = treeRows(page).and(page.locator('[aria-level="1"]')).first();
  const label = (await row.getAttribute('aria-label')) ?? '';
  return { row, name: label.split(',')[0].trim() };
}

/** The floor's second item: its page opens while the first item's page is shown, as a version page opens over a model page. */
export async function secondRow(page) {
  const row = treeRows(page).and(page.locator('[aria-level="1"]')).nth(1);
  const label = (await row.getAttribute('aria-label')) ?? '';
  return { row, name: label.split(',')[0].trim() };
}

/**
 * A version row of the first model: the model expanded by its twistie and, if
 * none of its stage groups opens by itself, the first group too.
 */
export async function versionRowOf(page, model) {
  const level = (n) => treeRows(page).and(page.locator(`[aria-level="${n}"]`));
  await model.row.locator('.monaco-tl-twistie').click();
  await level(2).first().waitFor({ state: 'visible' });
  const expanded = await level(2).evaluateAll((els) => els.some((e) => e.getAttribute('aria-expanded') === 'true'));
  if (!expanded) await level(2).first().locator('.monaco-tl-twistie').click();
  const row = level(3).first();
  await row.waitFor({ state: 'visible' });
  const number = /^Version (\d+)/.exec((await row.getAttribute('aria-label')) ?? '')?.[1];
  if (!number) throw new Error(`no version number in the row "${await row.getAttribute('aria-label')}"`);
  await page.mouse.move(...REST_AT);
  return { row, heading: `${model.name} version ${number}` };
}

/**
 * Opens `file` with Quick Open and times the pointer's arrival on `uriText` to a
 * hover holding `expect`. The hover opens only for a pointer that moved onto
 * rendered text, so the pointer leaves and comes back until it does; the time
 * runs from its last arrival.
 */
export async function hoverTime(page, { file, uriText, expect }) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(file);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label^="${file}"]`).first().click();
  const span = page.locator('.monaco-editor .view-line span span', { hasText: uriText }).first();
  await span.waitFor({ state: 'visible' });
  await page.evaluate((text) => {
    window.__benchHover = new Promise((resolve) => {
      const seen = () => {
        const shown = [...document.querySelectorAll('.monaco-hover:not(.hidden)')].some((e) => e.textContent.includes(text));
        if (shown) resolve(performance.timeOrigin + performance.now());
        return shown;
      };
      if (!seen())
        new MutationObserver((_, o) => seen() && o.disconnect()).observe(document.body, {
          childList: true,
          subtree: true,
          attributes: true,
          characterData: true,
        });
    });
    window.__benchMoves = [];
    window.addEventListener('mousemove', (e) => window.__benchMoves.push({ at: performance.timeOrigin + performance.now(), x: e.clientX, y: e.clientY }), {
      capture: true,
    });
  }, expect);
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(...REST_AT);
    const box = await boxOf(span);
    const target = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(target.x, target.y);
    const at = await page.evaluate((ms) => Promise.race([window.__benchHover, new Promise((r) => setTimeout(() => r(undefined), ms))]), ATTEMPT_MS);
    if (at !== undefined) {
      const arrived = await page.evaluate(
        ({ t, x, y }) => window.__benchMoves.filter((m) => m.at <= t && Math.abs(m.x - x) < 2 && Math.abs(m.y - y) < 2).at(-1)?.at,
        { t: at, ...target },
      );
      await page.mouse.move(...REST_AT);
      if (arrived === undefined) throw new Error('the pointer never reached the models:/ text before the hover');
      return at - arrived;
    }
    if (attempt === ATTEMPTS) throw new Error(`no hover showing "${expect}" over ${uriText}`);
  }
}
