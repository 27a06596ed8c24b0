// Drives the code-server workbench from Debian's chromium through playwright-core
// (which downloads no browser): extension test suites run in its extension
// host, and UI tests click through the workbench itself.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, stripVTControlCharacters } from 'node:util';
import { chromium } from 'playwright-core';
import { ROOT } from './ensure.mjs';

const RESULTS_DIR = join(ROOT, 'test-results');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Chromium's dconf and cache files go here instead of the home directory.
const BROWSER_HOME = join(ROOT, '.vscode-test', 'chromium');

export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: join(BROWSER_HOME, 'config'), XDG_CACHE_HOME: join(BROWSER_HOME, 'cache') },
  });
}

/**
 * Paths handed to the workbench must use the vscode-remote scheme: with file://
 * URIs it finds "No extension host found that can launch the test runner".
 */
function remoteUri(server, path) {
  return `vscode-remote://127.0.0.1:${server.port}${resolve(path)}`;
}

function workbenchUrl(server, workspaceFolder, payload) {
  const query = [];
  if (workspaceFolder) query.push(`folder=${encodeURIComponent(resolve(workspaceFolder))}`);
  if (payload.length) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `http://127.0.0.1:${server.port}/${query.length ? '?' + query.join('&') : ''}`;
}

// The workbench forwards console calls unformatted (["  %d passing (%s)", 1, "78ms"]).
const logText = (args) => (Array.isArray(args) ? format(...args) : String(args));
const stripAnsi = (s) => stripVTControlCharacters(s);

async function screenshot(page, name) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}-${Date.now()}.png`);
  await page.screenshot({ path }).catch(() => {});
  return path;
}

/**
 * Runs the extension's test entry (a module exporting run()) inside the
 * workbench's extension host. Resolves with the exit code the workbench
 * reports (0: run() resolved, 1: it threw) and the test output, from which the
 * caller can read mocha's "N passing / N failing / N pending" summary.
 */
export async function runExtensionTests({ server, extensionPath, testsPath, workspaceFolder, timeoutMs = 120_000 }) {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    let output = '';
    let onExit;
    const exited = new Promise((resolvePromise) => (onExit = resolvePromise));
    // Exposed before navigation, so the workbench finds them from its first log line on.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = stripAnsi(logText(args));
      output += text + '\n';
      for (const line of text.split('\n')) console.log(`[vscode ${type}] ${line}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => onExit(code));

    const payload = [
      ['extensionDevelopmentPath', remoteUri(server, extensionPath)],
      ['extensionTestsPath', remoteUri(server, testsPath)],
      ['skipWelcome', 'true'],
    ];
    // Playwright's default of 30 s for a navigation is too short for a loaded machine.
    await page.goto(workbenchUrl(server, workspaceFolder, payload), { timeout: timeoutMs });

    let timer;
    const timedOut = new Promise((resolvePromise) => (timer = setTimeout(resolvePromise, timeoutMs)));
    const code = await Promise.race([exited, timedOut.then(() => undefined)]);
    clearTimeout(timer);
    if (code === undefined) {
      const shot = await screenshot(page, 'extension-tests-timeout');
      const err = new Error(`extension tests did not finish within ${timeoutMs / 1000} s (screenshot: ${shot})`);
      err.output = output;
      throw err;
    }
    return { code, output };
  } finally {
    await browser.close();
  }
}

/**
 * The workbench as a user sees it, for UI tests and demos. `initScript` runs in
 * every frame as it is created (the bench times webview content with it).
 */
export async function openWorkbench({ server, workspaceFolder, extensionPath, timeoutMs = 60_000, initScript }) {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    if (initScript) await page.addInitScript(initScript);
    const payload = extensionPath ? [['extensionDevelopmentPath', remoteUri(server, extensionPath)]] : [];
    await page.goto(workbenchUrl(server, workspaceFolder, payload), { timeout: Math.max(timeoutMs, 120_000) });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    return { browser, page, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}
