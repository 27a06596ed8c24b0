// What every Playwright suite needs from the workbench page: waiting for a
// condition, and reading the Quick Input. Suites pass a getter because their
// page is created in before().
//
// Every wait here is for a state, with a deadline generous enough for a loaded
// two-core machine; nothing waits for a fixed time.

export const UI_TIMEOUT = 30_000;

/** How often a condition is checked again; a polling interval, not a wait for some state. */
const POLL_MS = 100;

export function workbenchDriver(getPage) {
  const pollPause = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));

  /** Retries `fn` until it stops throwing; the last error, prefixed with `what`, if it never does. */
  async function assertEventually(fn, what, timeout = UI_TIMEOUT) {
    const deadline = Date.now() + timeout;
    for (;;) {
      try {
        return await fn();
      } catch (e) {
        if (Date.now() > deadline) {
          e.message = `${what} (not within ${timeout / 1000} s): ${e.message}`;
          throw e;
        }
      }
      await pollPause();
    }
  }

  /** The aria-labels of the elements `locator` matches now, without waiting for any. */
  const ariaLabels = (locator) => locator.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));

  /**
   * Expands a tree row and waits until it says so. A tree that re-renders
   * (it filled, or refreshed) can drop a click on its twistie, so the click is
   * repeated while the row still reads collapsed.
   */
  async function expandRow(row) {
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await assertEventually(
      async () => {
        if ((await row.getAttribute('aria-expanded', { timeout: UI_TIMEOUT })) === 'true') return;
        await row.locator('.monaco-tl-twistie').click({ timeout: UI_TIMEOUT });
        await getPage().waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await row.elementHandle({ timeout: UI_TIMEOUT }), {
          timeout: 10_000,
        });
      },
      'row expanded',
      2 * UI_TIMEOUT,
    );
  }

  /**
   * Right-clicks a row and waits for its context menu. A list that re-renders
   * under the mouse (a file watcher, a refresh) can swallow the right-click,
   * and the hover of the row the mouse rested on can cover this one, so while
   * no menu shows: the mouse leaves, Escape closes any hover, and the
   * right-click is made again.
   */
  async function openContextMenu(row) {
    const page = getPage();
    const menu = page.locator('.context-view .monaco-menu');
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await assertEventually(async () => {
      if (!(await menu.isVisible())) {
        await page.mouse.move(900, 820);
        await page.keyboard.press('Escape');
        await row.click({ button: 'right', timeout: 5_000 });
      }
      await menu.waitFor({ state: 'visible', timeout: 5_000 });
    }, 'the context menu open');
    return menu;
  }

  /**
   * Clicks an item of an open context menu and waits for the menu to close.
   * VS Code ignores clicks on a menu item until shortly after it rendered (so
   * the mouse-up of the right-click cannot trigger one): while the menu stays
   * open, the click did not count and is made again.
   */
  async function clickMenuItem(item) {
    const menu = getPage().locator('.context-view .monaco-menu');
    await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await assertEventually(async () => {
      if (await menu.isVisible()) await item.click({ timeout: UI_TIMEOUT });
      await menu.waitFor({ state: 'hidden', timeout: 5_000 });
    }, 'the menu item clicked');
  }

  const quickInput = () => getPage().locator('.quick-input-widget');

  async function quickInputTitle() {
    await quickInput().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    return (await quickInput().locator('.quick-input-title').textContent()).trim();
  }

  /** The options the open Quick Pick shows, by aria-label, in list order. */
  async function quickPickOptions() {
    const rows = await quickInput()
      .locator('.quick-input-list .monaco-list-row')
      .evaluateAll((els) => els.map((e) => ({ index: Number(e.getAttribute('data-index')), label: e.getAttribute('aria-label') })));
    return rows.sort((a, b) => a.index - b.index).map((r) => r.label);
  }

  return { assertEventually, ariaLabels, expandRow, openContextMenu, clickMenuItem, quickInput, quickInputTitle, quickPickOptions };
}
