// What every Playwright suite needs from the workbench page: waiting for a
// condition, and reading the Quick Input. Suites pass a getter because their
// page is created in before().

export const UI_TIMEOUT = 30_000;

export function workbenchDriver(getPage) {
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
      await getPage().waitForTimeout(200);
    }
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

  return { assertEventually, quickInput, quickInputTitle, quickPickOptions };
}
