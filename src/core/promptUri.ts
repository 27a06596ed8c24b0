/** How MLflow names a prompt version in load_prompt: `prompts:/name/3` or `prompts:/name@alias`. */
export type PromptRef = { version: string } | { alias: string };

/** Prompt names and aliases are restricted to characters that need no escaping in the URI. */
export function formatPromptUri(name: string, ref: PromptRef): string {
  return 'alias' in ref ? `prompts:/${name}@${ref.alias}` : `prompts:/${name}/${ref.version}`;
}
