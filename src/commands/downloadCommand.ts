import * as vscode from 'vscode';
import { MlflowError } from '../core/errors';
import { downloadFolderName, downloadModelFolder } from '../registry/modelDownload';
import { log } from '../vscode/log';
import { info } from '../vscode/ui';
import { requireBackend, type Handler } from './commandContext';
import { argObject, Cancelled, need, optionalString, versionTarget } from './targets';

async function pickDestination(title: string): Promise<string> {
  const picked = await vscode.window.showOpenDialog({
    title,
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Save Here'),
  });
  return need(picked?.[0]?.fsPath);
}

/**
 * Download Model Files…: the version's model folder, read through the open
 * registry (locally or through the server), saved as `<destination>/<name>-v<version>`.
 * Scripts pass `{ name, version, destination }`; the result is `{ folder, files }`.
 */
export const downloadModelFiles: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  const title = vscode.l10n.t('Download Model Files');
  const { name, version } = await versionTarget(arg, backend, title);
  const destination = optionalString(argObject(arg), 'destination') ?? (await pickDestination(vscode.l10n.t('Download {0} version {1} into…', name, version)));
  const access = await backend.modelFiles(name, version);
  if (!access.available)
    throw new MlflowError('INVALID_STATE', vscode.l10n.t('The files of {0} version {1} cannot be downloaded: {2}', name, version, access.reason));
  const folderName = downloadFolderName(name, version);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Downloading {0} version {1}', name, version), cancellable: true },
    (progress, token) =>
      downloadModelFolder(access.files, destination, folderName, {
        signal: {
          get aborted() {
            return token.isCancellationRequested;
          },
        },
        onFile: (path, index, total) => progress.report({ message: `${index + 1}/${total} ${path}`, increment: 100 / total }),
      }),
  );
  if (result.kind === 'cancelled') throw new Cancelled();
  if (result.kind === 'exists') {
    throw new MlflowError(
      'RESOURCE_ALREADY_EXISTS',
      vscode.l10n.t('{0} already exists, so nothing was downloaded. Remove it or choose another folder.', result.folder),
    );
  }
  log().info(`Downloaded ${name} version ${version} (${result.files} files) into ${result.folder}`);
  const reveal = vscode.l10n.t('Reveal in Explorer');
  void info(vscode.l10n.t('Downloaded {0} version {1} into {2}.', name, version, result.folder), reveal).then((choice) => {
    if (choice === reveal) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(result.folder));
  });
  return { folder: result.folder, files: result.files };
};
