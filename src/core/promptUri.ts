/**
 * `prompts:/` URIs with MLflow's rules (docs/uris.md#prompts-uris): MLflow
 * reads them with its `models:/` parser in a prompts mode, which knows
 * versions and aliases only. `latest` is a reserved alias, the highest live
 * version; `prompts:/<name>/latest`, a stage, or a bare `prompts:/<name>`
 * (which MLflow's parser reads as a logged model id) is not a prompts URI.
 */
import { type MlflowError, invalidParameter } from './errors';
import { splitScheme, uriSegments } from './uri';

export type PromptUri = { kind: 'version'; name: string; version: string } | { kind: 'alias'; name: string; alias: string };

/** The alias MLflow reserves for the highest live version, in any case. */
export const LATEST_PROMPT_ALIAS = 'latest';

export function isLatestAlias(alias: string): boolean {
  return alias.toLowerCase() === LATEST_PROMPT_ALIAS;
}

function improperPromptUri(uri: string, why?: string): MlflowError {
  return invalidParameter(
    `Not a proper prompts:/ URI: ${uri}. ` +
      (why ? `${why}. ` : '') +
      "Prompt URIs must be of the form 'prompts:/<name>/<version>' or 'prompts:/<name>@<alias>' (the alias 'latest' names the newest version).",
  );
}

/** Whether the text is meant as a prompts URI (well formed or not), by its scheme. */
export function isPromptUri(uri: string): boolean {
  return splitScheme(uri)?.scheme === 'prompts';
}

export function parsePromptUri(uri: string): PromptUri {
  const parts = uriSegments(uri, 'prompts', improperPromptUri);

  if (parts.length === 2) {
    const [name, suffix] = parts;
    if (suffix.trim() === '') throw improperPromptUri(uri, 'The version after the prompt name is empty');
    // Read as MLflow's int() reads it; BigInt keeps huge values exact.
    if (/^\d+$/.test(suffix)) return { kind: 'version', name, version: BigInt(suffix).toString() };
    throw improperPromptUri(uri, `'${suffix}' is not a version number: prompts have no stages, and the newest version is @latest`);
  }
  const single = parts[0];
  const at = single.lastIndexOf('@');
  if (at < 0) {
    // MLflow's parser reads a lone segment as a logged model's id, so load_prompt finds no prompt version there.
    throw improperPromptUri(
      uri,
      `It names no version or alias, and MLflow reads a lone segment as a logged model id, not a prompt; ` +
        `prompts:/${single}@latest is the newest version (as load_prompt("${single}") without the scheme)`,
    );
  }
  const name = single.slice(0, at);
  const alias = single.slice(at + 1);
  if (name.trim() === '') throw improperPromptUri(uri, 'The prompt name before the alias is empty');
  if (alias.trim() === '') throw improperPromptUri(uri, "The alias after '@' is empty");
  return { kind: 'alias', name, alias };
}

/** How MLflow names a prompt version in load_prompt: `prompts:/name/3` or `prompts:/name@alias`. */
export type PromptRef = { version: string } | { alias: string };

/** Prompt names and aliases are restricted to characters that need no escaping in the URI. */
export function formatPromptUri(name: string, ref: PromptRef): string {
  return 'alias' in ref ? `prompts:/${name}@${ref.alias}` : `prompts:/${name}/${ref.version}`;
}
