import * as vscode from 'vscode';
import type { RegistryBackend } from '../core/backend';
import { isMlflowError } from '../core/errors';
import { validateNewModelName } from '../core/validation';
import { acceptedModel, type ModelChoice } from './acceptedModel';

interface NameItem extends vscode.QuickPickItem, ModelChoice {}

function newNameProblem(name: string): string | undefined {
  try {
    validateNewModelName(name);
    return undefined;
  } catch (e) {
    return isMlflowError(e) ? e.message : String(e);
  }
}

/**
 * One Quick Pick: the registry's models (a new version of one of them), or
 * whatever is typed as the name of a new model. Resolves undefined when
 * cancelled.
 */
export async function pickOrNameModel(backend: RegistryBackend, title: string): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<NameItem>();
  qp.title = title;
  qp.placeholder = vscode.l10n.t('Pick a model to add a version to, or type the name of a new model');
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  qp.busy = true;
  let existing: NameItem[] = [];
  const render = () => {
    const typed = qp.value.trim();
    const exact = existing.some((i) => i.name === typed);
    const items: NameItem[] = [];
    if (typed !== '' && !exact) {
      const problem = newNameProblem(typed);
      items.push({
        label: problem ? `$(error) ${vscode.l10n.t('"{0}" cannot be a model name', typed)}` : `$(add) ${vscode.l10n.t('New model "{0}"', typed)}`,
        description: problem ?? vscode.l10n.t('create it, with this as version 1'),
        name: typed,
        isNew: true,
        alwaysShow: true,
      });
    }
    qp.items = [...items, ...existing];
  };
  const disposables: vscode.Disposable[] = [qp];
  try {
    return await new Promise<string | undefined>((resolve) => {
      disposables.push(
        qp.onDidChangeValue(render),
        qp.onDidAccept(() => {
          const typed = qp.value.trim();
          const chosen = acceptedModel(qp.selectedItems[0] ?? qp.activeItems[0], typed, existing);
          const name = chosen?.name ?? typed;
          if (!name) return;
          // An invalid new name stays in the box; its row says why.
          if ((chosen?.isNew ?? true) && newNameProblem(name)) return;
          resolve(name);
          qp.hide();
        }),
        qp.onDidHide(() => resolve(undefined)),
      );
      qp.show();
      backend.searchRegisteredModels({ maxResults: 1000 }).then(
        (page) => {
          existing = page.items.map((m) => ({
            label: m.name,
            description: [vscode.l10n.t('new version'), ...m.aliases.map((a) => `@${a.alias}`)].join(' · '),
            name: m.name,
            isNew: false,
          }));
          qp.busy = false;
          render();
        },
        (e) => {
          qp.busy = false;
          qp.placeholder = vscode.l10n.t('Could not list the models ({0}); type a name', e instanceof Error ? e.message : String(e));
          render();
        },
      );
      render();
    });
  } finally {
    for (const d of disposables) d.dispose();
  }
}
