import { basename } from 'node:path';
import * as vscode from 'vscode';
import { describeSource, originText } from '../registry/registrySource';
import type { RegistryManager, RegistryState } from '../vscode/registryManager';

/** Shows the active registry; a click switches. While another process holds its lock, says it is busy. */
export function createStatusBar(manager: RegistryManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('mlflowRegistry.status', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('MLflow Registry');
  item.command = 'mlflowRegistry.selectRegistry';
  const update = (state: RegistryState) => {
    switch (state.kind) {
      case 'none':
        item.text = `$(database) ${vscode.l10n.t('MLflow: none')}`;
        item.tooltip = vscode.l10n.t('No MLflow registry is open. Click to open or create one.');
        item.backgroundColor = undefined;
        break;
      case 'open': {
        const { source, backend } = state.session;
        const access = backend.writeAccess();
        const icon = source.kind === 'remote' ? '$(remote)' : '$(database)';
        item.text = `${icon} MLflow: ${source.kind === 'sqlite' ? basename(source.path) : describeSource(source)}${access.writable ? '' : ' $(lock)'}${state.session.insecure ? ' $(warning)' : ''}`;
        item.tooltip = [
          describeSource(source),
          vscode.l10n.t('from {0}', source.kind === 'none' ? '' : originText(source.origin)),
          ...(access.writable ? [] : [vscode.l10n.t('read-only: {0}', access.reason ?? '')]),
          ...(state.session.insecure ? [vscode.l10n.t('TLS certificate verification is OFF for this server.')] : []),
          vscode.l10n.t('Click to switch registries.'),
        ].join('\n');
        item.backgroundColor = state.session.insecure ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
        break;
      }
      case 'error':
        item.text = `$(error) ${vscode.l10n.t('MLflow: error')}`;
        item.tooltip = `${state.message}\n${vscode.l10n.t('Click to choose another registry.')}`;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    item.show();
  };
  let busySub: { dispose(): void } | undefined;
  const watchBusy = (state: RegistryState) => {
    busySub?.dispose();
    busySub = undefined;
    if (state.kind !== 'open' || !state.session.backend.onDidChangeBusy) return;
    const session = state.session;
    busySub = session.backend.onDidChangeBusy!((waiting) => {
      if (manager.state.kind !== 'open' || manager.state.session !== session) return;
      if (!waiting) {
        update(manager.state);
        return;
      }
      item.text = `$(sync~spin) MLflow: busy`;
      item.tooltip = `${waiting.location} is locked by another process (a training run or the MLflow server writing to it). Waiting for it (reads up to 20 s, writes up to 60 s); nothing is lost or written twice.`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    });
  };
  update(manager.state);
  watchBusy(manager.state);
  const sub = manager.onDidChange((state) => {
    update(state);
    watchBusy(state);
  });
  return vscode.Disposable.from(item, sub, { dispose: () => busySub?.dispose() });
}
