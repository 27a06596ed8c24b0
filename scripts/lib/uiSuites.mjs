// The UI suite (test/ui/*.test.mjs): mocha in plain Node, driving a code-server
// workbench through Chromium. It needs code-server installed and dist/ bundled
// (bundleExtension) beforehand.
import { runMocha } from './mochaRun.mjs';

export const UI_SUITE_LABEL = 'VS Code UI (Playwright)';

/** Runs the UI suite with the system Node and resolves with its counts; never rejects. */
export function runUiSuite({
  nodeBin = process.execPath,
  files = [
    'test/ui/workbench.test.mjs',
    'test/ui/remote.test.mjs',
    'test/ui/remoteFiles.test.mjs',
    'test/ui/explorer.test.mjs',
    'test/ui/pages.test.mjs',
    'test/ui/loggedModelPage.test.mjs',
    'test/ui/promptUris.test.mjs',
    'test/ui/prompts.test.mjs',
    'test/ui/promptPages.test.mjs',
    'test/ui/registrySwitch.test.mjs',
    'test/ui/walkthrough.test.mjs',
    'test/ui/copyVersion.test.mjs',
  ],
  env = {},
} = {}) {
  return runMocha({ label: UI_SUITE_LABEL, nodeBin, args: ['--no-config', '--reporter', 'spec', '--timeout', '180000', ...files], env });
}
