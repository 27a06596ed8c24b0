import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';

type PickAnswer = (items: vscode.QuickPickItem[], options: vscode.QuickPickOptions) => vscode.QuickPickItem | undefined;
type InputAnswer = (options: vscode.InputBoxOptions) => Promise<string | undefined> | string | undefined;

/** What a command showed while its prompts were answered by the test. */
export interface PromptLog {
  picks: { title?: string; labels: string[] }[];
  inputs: vscode.InputBoxOptions[];
  warnings: string[];
  statuses: string[];
}

/**
 * Answers the extension's prompts in order, through the window calls its
 * API exposes (src/vscode/ui.ts). A prompt nobody prepared an answer for
 * fails the test, rather than waiting for a person.
 */
export function scriptPrompts(api: ExtensionApi, answers: { picks?: PickAnswer[]; inputs?: InputAnswer[] }) {
  const saved = { ...api.ui };
  const picks = [...(answers.picks ?? [])];
  const inputs = [...(answers.inputs ?? [])];
  const log: PromptLog = { picks: [], inputs: [], warnings: [], statuses: [] };
  const unexpected: string[] = [];
  api.ui.showQuickPick = (async (items: vscode.QuickPickItem[] | Thenable<vscode.QuickPickItem[]>, options: vscode.QuickPickOptions) => {
    const list = await items;
    log.picks.push({ title: options.title, labels: list.map((i) => i.label) });
    const answer = picks.shift();
    if (!answer) unexpected.push(`pick "${options.title}"`);
    return answer?.(list, options);
  }) as typeof api.ui.showQuickPick;
  api.ui.showInputBox = async (options) => {
    log.inputs.push(options);
    const answer = inputs.shift();
    if (!answer) unexpected.push(`input "${options.title}"`);
    return answer?.(options);
  };
  api.ui.showWarningMessage = async (message) => {
    log.warnings.push(message);
    unexpected.push(`warning "${message}"`);
    return undefined;
  };
  api.ui.setStatusBarMessage = (text, ms) => {
    log.statuses.push(text);
    return saved.setStatusBarMessage(text, ms);
  };
  return {
    log,
    /** Puts the real window calls back and checks every prepared answer was used. */
    done() {
      Object.assign(api.ui, saved);
      assert.deepEqual(unexpected, [], 'prompts without a prepared answer');
      assert.equal(picks.length + inputs.length, 0, 'prepared answers left unused');
    },
    restore() {
      Object.assign(api.ui, saved);
    },
  };
}

/** The item whose label is `label`, or a failure that lists what was there. */
export const byLabel =
  (label: string | RegExp): PickAnswer =>
  (items) => {
    const found = items.find((i) => (typeof label === 'string' ? i.label === label : label.test(i.label)));
    assert.ok(found, `no item ${String(label)} in ${JSON.stringify(items.map((i) => i.label))}`);
    return found;
  };
