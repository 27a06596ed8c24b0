import type { PromptOperations } from '../../src/core/promptApi';
import type { Prompt, PromptVersion } from '../../src/core/prompts';
import { readJson } from './fixtures';
import { FIXTURE_GENAI } from './genaiFixture';

/** One prompt as expected.json writes what mlflow.genai reported for it. */
export interface ExpectedPrompt {
  name: string;
  description: string | null;
  creation_timestamp: number;
  'tags (get_prompt)': Record<string, string>;
  'tags (search_prompts)': Record<string, string>;
  aliases: Record<string, string>;
  versions: ExpectedPromptVersion[];
}

export interface ExpectedPromptVersion {
  name: string;
  version: string;
  uri: string;
  type: string;
  template: unknown;
  variables: string[];
  commit_message: string | null;
  tags: Record<string, string>;
  aliases: string[];
  response_format: unknown;
  model_config: unknown;
  user_id: string | null;
  creation_timestamp: number;
  last_updated_timestamp: number;
}

export interface GenaiExpected {
  prompts: ExpectedPrompt[];
  search_prompts: Record<string, string[]>;
  /** `load_prompt(<call>)` → what it loaded. */
  load_prompt: Record<string, { name: string; version: string; uri: string; type: string }>;
  lookups_that_fail: Record<string, { error_code: string; message: string }>;
  writes_that_mlflow_refuses: Record<string, { error_code: string; message: string }>;
}

export const genaiExpected = (): GenaiExpected => readJson<GenaiExpected>(FIXTURE_GENAI.expected);

/** Our PromptVersion in expected.json's vocabulary, so the two compare with one deepEqual. */
export function asExpectedVersion(v: PromptVersion): ExpectedPromptVersion {
  return {
    name: v.name,
    version: v.version,
    uri: `prompts:/${v.name}/${v.version}`,
    type: v.type,
    template: v.template,
    variables: v.variables,
    commit_message: v.commitMessage,
    tags: v.tags,
    aliases: v.aliases,
    response_format: v.responseFormat,
    model_config: v.modelConfig,
    user_id: v.userId,
    creation_timestamp: v.creationTimestamp,
    last_updated_timestamp: v.lastUpdatedTimestamp,
  };
}

/** The prompt-level fields expected.json lists, from our Prompt. */
export function asExpectedPrompt(
  p: Prompt,
): Pick<ExpectedPrompt, 'name' | 'description' | 'creation_timestamp' | 'aliases'> & { tags: Record<string, string> } {
  return { name: p.name, description: p.description, creation_timestamp: p.creationTimestamp, aliases: p.aliases, tags: p.tags };
}

/** Reads every prompt and its versions as a client would show them, oldest version first like expected.json. */
export async function readAllPrompts(prompts: PromptOperations) {
  const page = await prompts.searchPrompts();
  const out = [];
  for (const p of page.items) {
    const versions = await prompts.listPromptVersions(p.name);
    out.push({ prompt: asExpectedPrompt(p), versions: versions.map(asExpectedVersion).reverse() });
  }
  return out;
}

export function expectedAllPrompts(expected: GenaiExpected) {
  return expected.prompts.map((p) => ({
    prompt: { name: p.name, description: p.description, creation_timestamp: p.creation_timestamp, aliases: p.aliases, tags: p['tags (search_prompts)'] },
    versions: p.versions,
  }));
}

/** The register_prompt call of the recorded write sequence (rest/49-53). */
export const RECORDED_REGISTRATION = {
  name: 'summarizer',
  template: 'Summarize in {{num_sentences}} sentences ({{tone}} tone):\n\n{{text}}',
  commitMessage: 'Shorter instructions',
  tags: { author: 'dave' },
};
