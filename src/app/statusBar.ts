import { basename } from 'node:path';
import * as vscode from 'vscode';
import { describeSource } from '../registry/registrySource';
import type { RegistryManager, RegistryState } from './registryManager';

/** Shows the active registry; a click switches. */
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
          vscode.l10n.t('from {0}', source.kind === 'none' ? '' : source.origin),
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
  update(manager.state);
  const sub = manager.onDidChange(update);
  return vscode.Disposable.from(item, sub);
}
