import type { PromptOperations } from '../core/promptApi';
import type { Prompt, PromptVersion } from '../core/prompts';
import type { Access } from './components';

/** Everything a prompt version's page shows, read in one go. */
export interface PromptPageData {
  prompt: Prompt;
  version: PromptVersion;
  /** Live versions, newest first. */
  history: PromptVersion[];
  access: Access;
}

/** Reads one version of a prompt with its prompt and history; MLflow's prompt errors pass through. */
export async function loadPromptPage(prompts: PromptOperations, name: string, version: string, access: Access): Promise<PromptPageData> {
  const [prompt, current, history] = await Promise.all([prompts.getPrompt(name), prompts.getPromptVersion(name, version), prompts.listPromptVersions(name)]);
  return { prompt, version: current, history, access };
}

/** `prompts:/` URIs of a version: by number, then one per alias it carries. */
export function promptUris(v: Pick<PromptVersion, 'name' | 'version' | 'aliases'>): string[] {
  return [`prompts:/${v.name}/${v.version}`, ...v.aliases.map((a) => `prompts:/${v.name}@${a}`)];
}
