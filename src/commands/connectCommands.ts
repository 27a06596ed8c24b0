import * as vscode from 'vscode';
import { RestRegistry } from '../backends/rest/restRegistry';
import { errorText, log } from '../vscode/log';
import { signInFailure } from '../vscode/signInMessages';
import { remoteOptions } from '../registry/openBackend';
import { redactUrl, remoteId, type AuthKind, type SavedRegistry } from '../registry/savedRegistries';
import { readSettings } from '../vscode/config';
import { ask, error, info, pick, withProgress } from '../vscode/ui';
import type { Handler } from './commandContext';
import { argObject, need, optionalString } from './targets';

function checkUrl(value: string): string | undefined {
  // "localhost:5000" parses as a URL of scheme "localhost:"; say what is missing instead (without echoing it: it may hold a password).
  if (value.trim() !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) {
    return vscode.l10n.t('Start with http:// or https://, e.g. http://localhost:5000 or https://mlflow.example.com');
  }
  try {
    const u = new URL(value.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : vscode.l10n.t('Use an http:// or https:// URL.');
  } catch {
    return vscode.l10n.t('Not a URL, e.g. https://mlflow.example.com or http://127.0.0.1:5000');
  }
}

/**
 * "Connect to an MLflow server…": URL, then no auth, basic or bearer. The
 * connection is tried before anything is saved, so a typo is never stored;
 * the password or token then goes to SecretStorage, the rest to global state.
 */
export const connectServer: Handler = async (ctx, arg) => {
  const a = argObject(arg);
  const rawUrl =
    optionalString(a, 'url') ??
    need(
      await ask({
        title: vscode.l10n.t('Connect to an MLflow Server'),
        prompt: vscode.l10n.t('Tracking server URL'),
        placeHolder: 'https://mlflow.example.com',
        validate: checkUrl,
      }),
    );
  const urlProblem = checkUrl(rawUrl);
  if (urlProblem) throw new Error(`${redactUrl(rawUrl)}: ${urlProblem}`);
  const parsed = new URL(rawUrl.trim());
  // A URL copied from the MLflow UI's address bar ends in #/models/…: the server is what comes before.
  const server = new URL(parsed.href);
  server.hash = '';
  server.search = '';
  const url = remoteId(server.href);
  const previous = ctx.manager.saved().find((e) => e.kind === 'remote' && e.uri === url);
  const workspace = optionalString(a, 'workspace') ?? previous?.workspace;

  // Credentials typed into the URL (user:password@) count as basic auth and are moved out of it.
  let auth = optionalString(a, 'auth') as AuthKind | undefined;
  if (auth === undefined && parsed.username) auth = 'basic';
  if (auth !== undefined && !['none', 'basic', 'bearer'].includes(auth)) throw new Error(`auth must be 'none', 'basic' or 'bearer', not '${auth}'.`);
  auth ??= need(
    await pick<AuthKind>(
      [
        { label: vscode.l10n.t('No authentication'), value: 'none', picked: previous?.auth === 'none' },
        {
          label: vscode.l10n.t('Username and password'),
          description: vscode.l10n.t('HTTP basic auth, as mlflow server --app-name basic-auth'),
          value: 'basic',
          picked: previous?.auth === 'basic',
        },
        { label: vscode.l10n.t('Token'), description: vscode.l10n.t('sent as Authorization: Bearer'), value: 'bearer', picked: previous?.auth === 'bearer' },
      ],
      vscode.l10n.t('Sign in to {0}', url),
    ),
  );
  let username: string | undefined;
  let secret: string | undefined;
  if (auth === 'basic') {
    username =
      optionalString(a, 'username') ??
      (parsed.username ? decodeURIComponent(parsed.username) : undefined) ??
      need(await ask({ title: vscode.l10n.t('Sign in to {0}', url), prompt: vscode.l10n.t('Username'), value: previous?.username }));
    secret =
      optionalString(a, 'password') ??
      (parsed.password ? decodeURIComponent(parsed.password) : undefined) ??
      need(await ask({ title: vscode.l10n.t('Sign in to {0} as {1}', url, username), prompt: vscode.l10n.t('Password'), password: true }));
  } else if (auth === 'bearer') {
    secret =
      optionalString(a, 'token') ?? need(await ask({ title: vscode.l10n.t('Sign in to {0}', url), prompt: vscode.l10n.t('Access token'), password: true }));
  }

  const entry: SavedRegistry = {
    id: remoteId(url, workspace),
    kind: 'remote',
    uri: url,
    auth,
    username,
    workspace,
    caCertPath: optionalString(a, 'caCertPath') ?? previous?.caCertPath,
    clientCertPath: optionalString(a, 'clientCertPath') ?? previous?.clientCertPath,
    insecure: a.insecure === true,
    lastUsed: Date.now(),
  };
  const { timeoutSeconds, maxRetries } = readSettings().http;
  let probe: RestRegistry;
  try {
    probe = await withProgress(vscode.l10n.t('Connecting to {0}…', url), async () => {
      const backend = await RestRegistry.connect(remoteOptions(url, { saved: entry, secret, timeoutMs: timeoutSeconds * 1000, maxRetries }));
      try {
        // /version may be open to anyone; a registry read proves the credentials.
        await backend.searchRegisteredModels({ maxResults: 1 });
        return backend;
      } catch (e) {
        await backend.close();
        throw e;
      }
    });
  } catch (e) {
    const refused = signInFailure(e, url, auth, username);
    if (refused === undefined) throw e;
    // Said in terms of what was just typed, with a way back that keeps the URL (and the username).
    log().error(`mlflowRegistry.connectServer: UNAUTHENTICATED: ${errorText(e)}`);
    const kept = { url, workspace, caCertPath: entry.caCertPath, clientCertPath: entry.clientCertPath, insecure: entry.insecure || undefined };
    const again = auth === 'none' ? kept : { ...kept, auth, username };
    const tryAgain = vscode.l10n.t('Try Again');
    const showLog = vscode.l10n.t('Show Log');
    void error(refused, tryAgain, showLog).then((a) => {
      if (a === tryAgain) void vscode.commands.executeCommand('mlflowRegistry.connectServer', again);
      else if (a === showLog) log().show();
    });
    return undefined;
  }
  const version = probe.serverVersion?.text;
  await probe.close();
  await ctx.manager.save(entry, secret);
  log().info(
    `Connected to ${url}${version ? ` (MLflow ${version})` : ''} with ${auth === 'none' ? 'no authentication' : auth === 'basic' ? `basic auth as ${username}` : 'a token'}`,
  );
  const state = await ctx.manager.select(url);
  if (state.kind === 'open') void info(version ? vscode.l10n.t('Connected to {0} (MLflow {1}).', url, version) : vscode.l10n.t('Connected to {0}.', url));
  return state.kind;
};

/** Forgets a saved registry and its secret. */
export const forgetRegistry: Handler = async (ctx, arg) => {
  const id =
    optionalString(argObject(arg), 'id') ??
    need(
      await pick(
        ctx.manager.saved().map((e) => ({ label: e.uri, description: e.kind === 'remote' ? (e.auth ?? 'none') : vscode.l10n.t('local file'), value: e.id })),
        vscode.l10n.t('Forget a Saved Registry'),
      ),
    );
  await ctx.manager.forgetSaved(id);
  log().info(`Forgot saved registry ${id}`);
  return id;
};
