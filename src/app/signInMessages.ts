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
      return `The MLflow server at ${url} rejected the ${saved ? 'saved ' : ''}credentials (401): check the username${username ? ` (${username})` : ''} and password.`;
    case 'bearer':
      return `The MLflow server at ${url} rejected the ${saved ? 'saved ' : ''}token (401): check that it is valid and has not expired.`;
    case 'none':
      return `The MLflow server at ${url} requires credentials (401): connect again and choose "Username and password" or "Token".`;
    default:
      return undefined;
  }
}
