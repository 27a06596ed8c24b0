// The floor of the workbench bench (issue 12): the least an extension can do
// for each wait the bench times. A tree in its own activity-bar container whose
// provider returns 100 items at once; a click on an item opens a trivial webview
// panel (the floor of a page); a hover on `models:/` text in a Python file
// answers at once (the floor of a hover). It activates once the window has
// started, as this extension does, and says so in the status bar: a click then
// measures the workbench showing rows, not an activation on demand (which took
// from 130 ms to 1.9 s here, and made the floor the noisiest figure of the table).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FLOOR_ITEMS = 100;
export const FLOOR_ICON = 'Floor Tree';
/** What the floor's hover shows. */
export const FLOOR_HOVER = 'bench floor hover';
/** The floor's status bar item once it has activated. */
export const FLOOR_READY = 'Floor ready';

export function writeFloorExtension(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'bench-floor-tree',
      publisher: 'bench',
      version: '0.0.1',
      engines: { vscode: '^1.100.0' },
      main: './extension.js',
      activationEvents: ['onStartupFinished'],
      contributes: {
        viewsContainers: { activitybar: [{ id: 'benchFloor', title: FLOOR_ICON, icon: 'icon.svg' }] },
        views: { benchFloor: [{ id: 'benchFloor.items', name: 'Items' }] },
        commands: [{ command: 'benchFloor.open', title: 'Open Floor Page' }],
      },
    }),
  );
  writeFileSync(
    join(dir, 'icon.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect x="4" y="4" width="16" height="16" fill="currentColor"/></svg>',
  );
  // The page carries the same marker as the extension's pages (main#page h1), read by the same watcher.
  writeFileSync(
    join(dir, 'extension.js'),
    `const vscode = require('vscode');
exports.activate = (context) => {
  const ready = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left);
  ready.text = '${FLOOR_READY}';
  ready.show();
  context.subscriptions.push(ready);
  const items = Array.from({ length: ${FLOOR_ITEMS} }, (_, i) => 'item ' + i);
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('benchFloor.items', {
      getChildren: (e) => (e ? [] : items),
      getTreeItem: (label) => {
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
        item.command = { command: 'benchFloor.open', title: 'Open', arguments: [label] };
        return item;
      },
    }),
    vscode.commands.registerCommand('benchFloor.open', (label) => {
      const panel = vscode.window.createWebviewPanel('benchFloor.page', label, { viewColumn: vscode.ViewColumn.Active, preserveFocus: true }, {});
      panel.webview.html = '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \\'none\\';"></head><body><main id="page"><h1>' + label + '</h1></main></body></html>';
    }),
    vscode.languages.registerHoverProvider({ language: 'python' }, {
      provideHover: (doc, pos) => {
        const range = doc.getWordRangeAtPosition(pos, /models:\\/[^"'\\s]+/);
        return range ? new vscode.Hover('${FLOOR_HOVER}', range) : undefined;
      },
    }),
  );
};
`,
  );
}
