// What every Playwright suite needs from the workbench page: waiting for a
// condition, the tree's rows and menus, the Quick Input and the Command
// Palette, notifications, and screenshots. Suites pass a getter because their
// page is created in before().
//
// Every wait here is for a state, with a deadline generous enough for a loaded
// two-core machine; nothing waits for a fixed time.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const UI_TIMEOUT = 30_000;
export const SHOTS = join(resolve(import.meta.dirname, '..', '..'), 'test-results', 'screenshots');

/** How often a condition is checked again; a polling interval, not a wait for some state. */
const POLL_MS = 100;
/**
 * One try at typing into the palette and seeing the row: keystrokes sent while
 * the Quick Input still wires itself up can be lost, and then no row ever
 * comes; closing it and starting again is what a user would do.
 */
const ATTEMPT_MS = 10_000;
const ATTEMPTS = 3;

/**
 * The built-in themes the suites switch to. Chosen through the palette:
 * "workbench.colorTheme" in the user settings is not honoured here, because
 * with extensionDevelopmentPath = ROOT the workbench applies a theme "of the
 * extension under development", and the built-in themes of the code-server in
 * ROOT/.vscode-test/ lie inside ROOT (it takes Light+).
 */
export const THEMES = {
  light: { label: 'Light Modern', id: 'Default Light Modern', cls: 'vscode-theme-defaults-themes-light_modern-json', body: 'vscode-light' },
  dark: { label: 'Dark Modern', id: 'Default Dark Modern', cls: 'vscode-theme-defaults-themes-dark_modern-json', body: 'vscode-dark' },
  highContrast: { label: 'Dark High Contrast', id: 'Default High Contrast', cls: 'vscode-theme-defaults-themes-hc_black-json', body: 'vscode-high-contrast' },
};

/**
 * `shotPrefix` starts every screenshot's file name; `restingMouse` is where the
 * mouse goes before one, away from rows and the activity bar so that no hover
 * or tooltip is caught.
 */
export function workbenchDriver(getPage, { shotPrefix = '', restingMouse = [900, 800] } = {}) {
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

  /** Menus and quick inputs fade in: waits for finite animations to end (a progress bar's never does). */
  async function settle() {
    await getPage()
      .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), null, {
        timeout: 3_000,
      })
      .catch(() => {});
  }

  /** Saves test-results/screenshots/<prefix><name>.png once animations have ended; returns its path. */
  async function shot(name, { keepMouse = false } = {}) {
    const page = getPage();
    mkdirSync(SHOTS, { recursive: true });
    if (!keepMouse) await page.mouse.move(...restingMouse);
    await settle();
    const path = join(SHOTS, `${shotPrefix}${name}.png`);
    await page.screenshot({ path });
    return path;
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

  /** Right-clicks a row and clicks its menu item named `name`. */
  async function contextMenuItem(row, name) {
    const menu = await openContextMenu(row);
    await clickMenuItem(menu.getByRole('menuitem', { name, exact: true }));
  }

  const quickInput = () => getPage().locator('.quick-input-widget');
  const quickInputBox = () => quickInput().locator('.quick-input-box input');
  const quickInputRows = () => quickInput().locator('.quick-input-list .monaco-list-row');

  async function quickInputClosed() {
    await quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
  }

  async function quickInputTitle() {
    await quickInput().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    return (await quickInput().locator('.quick-input-title').textContent()).trim();
  }

  async function waitForQuickInputTitle(title) {
    await assertEventually(async () => assert.equal(await quickInputTitle(), title), `Quick Input titled "${title}"`);
  }

  /** The options the open Quick Pick shows, by aria-label, in list order. */
  async function quickPickOptions() {
    const rows = await quickInputRows().evaluateAll((els) =>
      els.map((e) => ({ index: Number(e.getAttribute('data-index')), label: e.getAttribute('aria-label') })),
    );
    return rows.sort((a, b) => a.index - b.index).map((r) => r.label);
  }

  /**
   * Sets the open Quick Input's text and waits until it reads exactly that:
   * fill() replaces whatever is there (a prefix, a half-typed word) at once,
   * and is made again while the box shows something else.
   */
  async function setQuickInputText(text) {
    const box = quickInputBox();
    await assertEventually(async () => {
      if ((await box.inputValue()) !== text) await box.fill(text);
      assert.equal(await box.inputValue(), text);
    }, `"${text}" in the Quick Input`);
  }

  /**
   * Runs `attempt` on a freshly opened Quick Input (`open` opens it) until it
   * succeeds; between tries Escape closes what is open. Fails after ATTEMPTS
   * tries with `what` in the message.
   */
  async function inQuickInput(what, open, attempt) {
    for (let i = 1; ; i++) {
      await quickInputClosed();
      try {
        // Inside the retry: a key press the workbench dropped (F1 while it redraws) opens nothing.
        await open();
        return await attempt();
      } catch (e) {
        if (i === ATTEMPTS) {
          e.message = `${what}: not after ${ATTEMPTS} attempts of ${ATTEMPT_MS / 1000} s: ${e.message}`;
          throw e;
        }
        await getPage().keyboard.press('Escape');
      }
    }
  }

  /** F1, and the palette open with its ">" prefix. */
  async function openPalette() {
    await getPage().keyboard.press('F1');
    await quickInputBox().waitFor({ state: 'visible', timeout: ATTEMPT_MS });
    await assertEventually(async () => assert.match(await quickInputBox().inputValue(), /^>/), 'the palette opened with ">"');
  }

  /**
   * F1, the query, and the rows once one starts with `expected`: resolves
   * with the rows' aria-labels, the palette left open.
   */
  async function paletteRows(query, expected = query) {
    return inQuickInput(`"${expected}" in the Command Palette`, openPalette, async () => {
      await setQuickInputText(`>${query}`);
      return assertEventually(
        async () => {
          const labels = await ariaLabels(quickInputRows());
          assert.ok(
            labels.some((l) => l.startsWith(expected)),
            `palette rows: ${JSON.stringify(labels)}`,
          );
          return labels;
        },
        `"${expected}" listed`,
        ATTEMPT_MS,
      );
    });
  }

  /** Runs a command as a user does: F1, its title, then a click on its row (the palette may rank others first). */
  async function runFromPalette(title) {
    // Its aria-label is the title, then ", <keybinding>" when it has one.
    const row = quickInputRows()
      .and(getPage().locator(`[aria-label^="${title}"]`))
      .first();
    await inQuickInput(`the command "${title}" from the Command Palette`, openPalette, async () => {
      await setQuickInputText(`>${title}`);
      await row.click({ timeout: ATTEMPT_MS });
    });
  }

  async function workbenchClasses() {
    return (await getPage().locator('.monaco-workbench').getAttribute('class')).split(/\s+/);
  }

  /** Chooses one of THEMES as a user does: "Preferences: Color Theme", its name as the filter, then its row. */
  async function chooseColorTheme(theme) {
    // Its rows read "<label>, <settings id>", e.g. "Dark Modern, Default Dark Modern".
    const option = quickInputRows().and(getPage().locator(`[aria-label$=", ${theme.id}"]`));
    await inQuickInput(
      `the theme "${theme.id}"`,
      () => runFromPalette('Preferences: Color Theme'),
      async () => {
        // The picker, not the palette still closing: its box has no ">". A picker opened
        // before the built-in themes were registered lists none, and does not update.
        await assertEventually(
          async () => {
            assert.doesNotMatch(await quickInputBox().inputValue(), /^>/);
            assert.ok((await quickInputRows().count()) > 0, 'no theme listed');
          },
          'the theme picker',
          ATTEMPT_MS,
        );
        // The list is virtual (only rows in view exist): filter first.
        await setQuickInputText(theme.label);
        await option.click({ timeout: ATTEMPT_MS });
      },
    );
    await quickInputClosed();
    await assertEventually(async () => assert.ok((await workbenchClasses()).includes(theme.cls)), `the workbench in ${theme.id}`);
  }

  /** "dark", "light" or "high contrast", from the workbench's classes. */
  async function themeKind() {
    const cls = await workbenchClasses();
    return cls.includes('vs-dark') ? 'dark' : cls.includes('hc-black') || cls.includes('hc-light') ? 'high contrast' : cls.includes('vs') ? 'light' : 'unknown';
  }

  /** Types into the open Input Box titled `title` (empty when it opens); Enter is the caller's. */
  async function answerInputBox(title, text, { password = false } = {}) {
    await waitForQuickInputTitle(title);
    const box = quickInputBox();
    assert.equal(await box.getAttribute('type'), password ? 'password' : 'text', `the input box for "${title}" ${password ? 'hides' : 'shows'} what is typed`);
    await assertEventually(async () => assert.equal(await box.inputValue(), ''), 'an empty input box');
    await getPage().keyboard.type(text);
    await assertEventually(async () => assert.equal(await box.inputValue(), text), 'the typed text in the input box');
  }

  const toasts = () => getPage().locator('.notifications-toasts .notification-toast');

  /** Toasts currently shown, as "<severity>: <message>". */
  async function notifications() {
    return toasts().evaluateAll((els) =>
      els.map((e) => {
        // The icon's classes name the severity (codicon-…error / …warning / …info).
        const icon = [...(e.querySelector('.notification-list-item-icon')?.classList ?? [])].join(' ');
        const severity = ['error', 'warning', 'info'].find((s) => icon.includes(s)) ?? 'unknown';
        return `${severity}: ${e.querySelector('.notification-list-item-message')?.textContent ?? ''}`;
      }),
    );
  }

  async function assertNoErrorToasts() {
    assert.deepEqual(
      (await notifications()).filter((n) => n.startsWith('error')),
      [],
      'error notifications are shown',
    );
  }

  /** Closes every toast, so the next step's messages stand alone (and screenshots show the tree). */
  async function clearNotifications() {
    await assertEventually(async () => {
      const shown = await toasts().count();
      if (shown === 0) return;
      // A toast may close by itself meanwhile; the next round counts again.
      await toasts()
        .first()
        .hover({ timeout: 5_000 })
        .catch(() => {});
      await toasts()
        .first()
        .locator('.codicon-notifications-clear')
        .click({ timeout: 5_000 })
        .catch(() => {});
      throw new Error(`${shown} notification(s) still shown`);
    }, 'notifications closed');
  }

  return {
    assertEventually,
    settle,
    shot,
    ariaLabels,
    expandRow,
    openContextMenu,
    clickMenuItem,
    contextMenuItem,
    quickInput,
    quickInputBox,
    quickInputClosed,
    quickInputTitle,
    waitForQuickInputTitle,
    quickPickOptions,
    setQuickInputText,
    paletteRows,
    runFromPalette,
    workbenchClasses,
    chooseColorTheme,
    themeKind,
    answerInputBox,
    notifications,
    assertNoErrorToasts,
    clearNotifications,
  };
}
