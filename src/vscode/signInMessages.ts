import * as vscode from 'vscode';
import { RestError } from '../backends/rest/restErrors';
import type { AuthKind } from '../registry/savedRegistries';

/**
 * A 401 from a server the user signed in to in VS Code, said in terms of what
 * the user did there. The REST layer's own message advises MLflow's environment
 * variables, which is right for connections made from the environment but
 * misleading after typing a password into the Connect flow.
 * Undefined for anything else (a 403, a TLS client-certificate refusal, …).
 */
export function signInFailure(e: unknown, url: string, auth: AuthKind | undefined, username?: string, saved = false): string | undefined {
  if (!(e instanceof RestError) || e.status !== 401) return undefined;
  switch (auth) {
    case 'basic':
      if (username) {
        return saved
          ? vscode.l10n.t('The MLflow server at {0} rejected the saved credentials (401): check the username ({1}) and password.', url, username)
          : vscode.l10n.t('The MLflow server at {0} rejected the credentials (401): check the username ({1}) and password.', url, username);
      }
      return saved
        ? vscode.l10n.t('The MLflow server at {0} rejected the saved credentials (401): check the username and password.', url)
        : vscode.l10n.t('The MLflow server at {0} rejected the credentials (401): check the username and password.', url);
    case 'bearer':
      return saved
        ? vscode.l10n.t('The MLflow server at {0} rejected the saved token (401): check that it is valid and has not expired.', url)
        : vscode.l10n.t('The MLflow server at {0} rejected the token (401): check that it is valid and has not expired.', url);
    case 'none':
      return vscode.l10n.t('The MLflow server at {0} requires credentials (401): connect again and choose "Username and password" or "Token".', url);
    default:
      return undefined;
  }
}
