/**
 * MLflow 3's Prompt Registry in MLflow's own words (docs/prompts.md): a prompt
 * is a registered model tagged `mlflow.prompt.is_prompt = true`, and each of
 * its versions keeps the template and settings in version tags.
 */
import { invalidParameter } from './errors';
import { parsePythonJson, plainJson, pythonJsonDumps, type PyJson } from './pythonJson';
import type { ModelVersion, RegisteredModel, Tags } from './types';

export const IS_PROMPT_TAG = 'mlflow.prompt.is_prompt';
export const PROMPT_TEXT_TAG = 'mlflow.prompt.text';
export const PROMPT_TYPE_TAG = '_mlflow_prompt_type';
export const RESPONSE_FORMAT_TAG = '_mlflow_prompt_response_format';
export const MODEL_CONFIG_TAG = '_mlflow_prompt_model_config';
/** A prompt tag `,<id>,<id>,` naming the experiments the prompt was registered or loaded in. */
export const EXPERIMENT_IDS_TAG = '_mlflow_experiment_ids';

/** Version tags MLflow's PromptVersion.tags never shows. */
export const RESERVED_PROMPT_VERSION_TAGS: readonly string[] = [IS_PROMPT_TAG, PROMPT_TEXT_TAG, PROMPT_TYPE_TAG, RESPONSE_FORMAT_TAG, MODEL_CONFIG_TAG];

/** What register_prompt puts in `source`: a prompt version has no artifacts. */
export const PROMPT_SOURCE = 'dummy-source';

export type PromptType = 'text' | 'chat';

export interface ChatMessage {
  role: string;
  content: string;
}

export interface Prompt {
  name: string;
  /** The commit message of the first version. */
  description: string | null;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  /** Prompt-level tags; like MLflow's RegisteredModel.tags, only the prompt marker is hidden. */
  tags: Tags;
  /** Alias -> version. */
  aliases: Record<string, string>;
}

export interface PromptVersion {
  name: string;
  version: string;
  type: PromptType;
  template: string | ChatMessage[];
  /** The `{{ name }}` placeholders of the template, each once, sorted. */
  variables: string[];
  /** Parsed for display; `responseFormatJson` keeps the stored text. */
  responseFormat: unknown;
  modelConfig: unknown;
  responseFormatJson: string | null;
  modelConfigJson: string | null;
  commitMessage: string | null;
  /** User tags: the five reserved prompt tags are left out. */
  tags: Tags;
  aliases: string[];
  userId: string | null;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
}

/** MLflow's PROMPT_TEMPLATE_VARIABLE_PATTERN (mlflow/prompt/constants.py): dotted names, spaces allowed inside the braces. */
export const VARIABLE = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*(?:\.[a-zA-Z_][a-zA-Z0-9_]*)*)\s*\}\}/g;

/** Alphanumerics, `_`, `.` and `-` only (PROMPT_NAME_RULE). */
const PROMPT_NAME = /^[a-zA-Z0-9_.-]+$/;

export function templateVariables(template: string | ChatMessage[]): string[] {
  const texts = typeof template === 'string' ? [template] : template.map((m) => m.content);
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(VARIABLE)) names.add(m[1]);
  return [...names].sort();
}

export function validatePromptName(name: string): void {
  if (!name) throw invalidParameter('Prompt name must be provided.');
  if (!PROMPT_NAME.test(name)) throw invalidParameter('Prompt name can only contain alphanumeric characters, hyphens, underscores, and dots.');
}

export function isPrompt(model: Pick<RegisteredModel, 'tags'>): boolean {
  return model.tags[IS_PROMPT_TAG]?.toLowerCase() === 'true';
}

function without(tags: Tags, hidden: readonly string[]): Tags {
  return Object.fromEntries(Object.entries(tags).filter(([k]) => !hidden.includes(k)));
}

export function promptFromModel(model: RegisteredModel): Prompt {
  return {
    name: model.name,
    description: model.description,
    creationTimestamp: model.creationTimestamp,
    lastUpdatedTimestamp: model.lastUpdatedTimestamp,
    tags: without(model.tags, [IS_PROMPT_TAG]),
    aliases: Object.fromEntries(model.aliases.map((a) => [a.alias, a.version])),
  };
}

function parsedOrNull(json: string | undefined): unknown {
  return json === undefined ? null : plainJson(parsePythonJson(json));
}

/** `aliases` overrides the version's own list: MLflow's searches leave aliases out, the prompt has them. */
export function promptVersionFromModelVersion(v: ModelVersion, aliases: string[] = v.aliases): PromptVersion {
  const type: PromptType = v.tags[PROMPT_TYPE_TAG] === 'chat' ? 'chat' : 'text';
  const text = v.tags[PROMPT_TEXT_TAG] ?? '';
  const template = type === 'chat' ? (JSON.parse(text) as ChatMessage[]) : text;
  return {
    name: v.name,
    version: v.version,
    type,
    template,
    variables: templateVariables(template),
    responseFormat: parsedOrNull(v.tags[RESPONSE_FORMAT_TAG]),
    modelConfig: parsedOrNull(v.tags[MODEL_CONFIG_TAG]),
    responseFormatJson: v.tags[RESPONSE_FORMAT_TAG] ?? null,
    modelConfigJson: v.tags[MODEL_CONFIG_TAG] ?? null,
    commitMessage: v.description,
    tags: without(v.tags, RESERVED_PROMPT_VERSION_TAGS),
    aliases: [...aliases].sort(),
    userId: v.userId,
    creationTimestamp: v.creationTimestamp,
    lastUpdatedTimestamp: v.lastUpdatedTimestamp,
  };
}

/** Aliases of one version, from the prompt's alias map. */
export function aliasesOf(prompt: Prompt, version: string): string[] {
  return Object.entries(prompt.aliases)
    .filter(([, v]) => v === version)
    .map(([a]) => a)
    .sort();
}

export interface NewPromptVersion {
  name: string;
  template: string | ChatMessage[];
  commitMessage?: string;
  tags?: Tags;
  /** Written with json.dumps rules: mark whole floats with PyFloat to keep their `.0`. */
  responseFormat?: PyJson;
  modelConfig?: PyJson;
}

/**
 * The version tags register_prompt writes, in its order: the user's tags,
 * then the prompt marker, the type, response format, model config, and the
 * template last (the order decides REST bodies byte for byte).
 */
export function promptVersionTags(req: NewPromptVersion): Tags {
  const tags: Tags = { ...(req.tags ?? {}) };
  tags[IS_PROMPT_TAG] = 'true';
  tags[PROMPT_TYPE_TAG] = typeof req.template === 'string' ? 'text' : 'chat';
  if (req.responseFormat !== undefined) tags[RESPONSE_FORMAT_TAG] = pythonJsonDumps(req.responseFormat);
  if (req.modelConfig !== undefined) tags[MODEL_CONFIG_TAG] = pythonJsonDumps(req.modelConfig);
  tags[PROMPT_TEXT_TAG] = typeof req.template === 'string' ? req.template : pythonJsonDumps(req.template.map((m) => ({ role: m.role, content: m.content })));
  return tags;
}

/**
 * search_prompts' filter: the prompt marker first, then the caller's filter,
 * with `experiment_id = 'N'` turned into the tag match MLflow sends.
 */
export function promptSearchFilter(filter?: string): string {
  const marker = `tags.\`${IS_PROMPT_TAG}\` = 'true'`;
  const rest = filter?.trim();
  if (!rest) return marker;
  const translated = rest.replace(/\bexperiment_id\s*=\s*'(\d+)'/g, (_m, id: string) => `tags.${EXPERIMENT_IDS_TAG} LIKE '%,${id},%'`);
  return `${marker} AND ${translated}`;
}
