import type { RegistryBackend } from './backend';
import { doesNotExist, invalidParameter, isMlflowError } from './errors';
import {
  aliasesOf,
  EXPERIMENT_IDS_TAG,
  IS_PROMPT_TAG,
  isPrompt,
  PROMPT_SOURCE,
  promptFromModel,
  promptSearchFilter,
  promptVersionFromModelVersion,
  promptVersionTags,
  validatePromptName,
  type NewPromptVersion,
  type Prompt,
  type PromptVersion,
} from './prompts';
import type { PromptOperations, SearchPromptsRequest } from './promptApi';
import { PromiseCache } from './promiseCache';
import type { Page, RegisteredModel } from './types';
import { parseVersion } from './validation';

/** search_prompts' page size, which its REST calls send as max_results. */
const PROMPT_PAGE = 100;

const promptNotFound = (name: string) => doesNotExist(`Prompt with name=${name} not found`);
const promptVersionNotFound = (name: string, version: string | number) => doesNotExist(`Prompt (name=${name}, version=${version}) not found`);

/**
 * Prompts through the registry calls MLflow's own client makes for them
 * (docs/prompts.md#calls), so the embedded store writes the same rows and the
 * REST backend sends the same requests. Unlike load_prompt, reading never
 * tags the prompt with an experiment: looking at a prompt is not using it.
 */
export class RegistryPrompts implements PromptOperations {
  private readonly holds = new PromiseCache<'answer', boolean>();

  constructor(
    private readonly registry: RegistryBackend,
    /** The backend's own answer: true where MLflow 3 would write prompts (a new enough schema or server). */
    private readonly keepsPrompts: () => boolean = () => true,
  ) {}

  /** The same prompts, read and written through another view of the registry (one that announces its writes). */
  through(registry: RegistryBackend): RegistryPrompts {
    return new RegistryPrompts(registry, this.keepsPrompts);
  }

  holdsPrompts(): Promise<boolean> {
    // A failed check is asked again next time, not remembered.
    return this.holds.get('answer', () => this.checkHolds());
  }

  private async checkHolds(): Promise<boolean> {
    if (this.keepsPrompts()) return true;
    try {
      return (await this.searchPrompts({ maxResults: 1 })).items.length > 0;
    } catch (e) {
      // A server too old for tag filters has no prompts either.
      if (isMlflowError(e, 'INVALID_PARAMETER_VALUE')) return false;
      throw e;
    }
  }

  /** A prompt write may be the registry's first prompt. */
  private async written<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.holds.clear();
    }
  }

  async searchPrompts(req: SearchPromptsRequest = {}): Promise<Page<Prompt>> {
    const page = await this.registry.searchRegisteredModels({
      filter: promptSearchFilter(req.filter),
      maxResults: req.maxResults ?? PROMPT_PAGE,
      pageToken: req.pageToken,
    });
    return { ...page, items: page.items.filter(isPrompt).map(promptFromModel) };
  }

  /** The prompt's model, or MLflow's prompt errors: missing, or a model that is not a prompt. */
  private async promptModel(name: string): Promise<RegisteredModel> {
    validatePromptName(name);
    let model: RegisteredModel;
    try {
      model = await this.registry.getRegisteredModel(name);
    } catch (e) {
      if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) throw promptNotFound(name);
      throw e;
    }
    if (!isPrompt(model)) {
      throw invalidParameter(`Name \`${name}\` is registered as a model, not a prompt. Use get_model_version() or load_model() instead.`);
    }
    return model;
  }

  async getPrompt(name: string): Promise<Prompt> {
    return promptFromModel(await this.promptModel(name));
  }

  async listPromptVersions(name: string): Promise<PromptVersion[]> {
    const prompt = await this.getPrompt(name);
    const out: PromptVersion[] = [];
    let pageToken: string | undefined;
    do {
      // validatePromptName leaves no quote to escape: the name is safe as a filter literal.
      const page = await this.registry.searchModelVersions({
        filter: `name = '${name}' AND tag.\`${IS_PROMPT_TAG}\` = 'true'`,
        maxResults: PROMPT_PAGE,
        orderBy: ['version_number DESC'],
        pageToken,
      });
      out.push(...page.items.filter((v) => v.name === name).map((v) => promptVersionFromModelVersion(v, aliasesOf(prompt, v.version))));
      pageToken = page.nextPageToken;
    } while (pageToken);
    return out;
  }

  async getPromptVersion(name: string, version: string): Promise<PromptVersion> {
    const prompt = await this.getPrompt(name);
    const v = parseVersion(version);
    try {
      const mv = await this.registry.getModelVersion(name, String(v));
      return promptVersionFromModelVersion(mv, aliasesOf(prompt, mv.version));
    } catch (e) {
      if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) throw promptVersionNotFound(name, v);
      throw e;
    }
  }

  async getPromptVersionByAlias(name: string, alias: string): Promise<PromptVersion> {
    const prompt = await this.getPrompt(name);
    try {
      const mv = await this.registry.getModelVersionByAlias(name, alias);
      return promptVersionFromModelVersion(mv, aliasesOf(prompt, mv.version));
    } catch (e) {
      if (isMlflowError(e, 'INVALID_PARAMETER_VALUE')) throw invalidParameter(`Prompt alias ${alias} not found.`);
      throw e;
    }
  }

  registerPrompt(req: NewPromptVersion, experimentId = '0'): Promise<PromptVersion> {
    return this.written(this.register(req, experimentId));
  }

  private async register(req: NewPromptVersion, experimentId: string): Promise<PromptVersion> {
    validatePromptName(req.name);
    const tags = promptVersionTags(req);
    const existing = await this.existingModel(req.name);
    if (existing && !isPrompt(existing)) {
      throw invalidParameter(
        `Model '${req.name}' exists with the same name. MLflow does not allow registering a prompt with the same name as an existing model. Please choose a different name for the prompt.`,
      );
    }
    if (!existing) {
      await this.registry.createRegisteredModel({ name: req.name, description: req.commitMessage, tags: { [IS_PROMPT_TAG]: 'true', ...(req.tags ?? {}) } });
    } else {
      // A new version's tags also become the prompt's, overwriting older values.
      for (const [key, value] of Object.entries(req.tags ?? {})) await this.registry.setRegisteredModelTag(req.name, key, value);
    }
    const mv = await this.registry.createModelVersion({ name: req.name, source: PROMPT_SOURCE, description: req.commitMessage, tags });
    await this.linkExperiment(req.name, experimentId);
    return promptVersionFromModelVersion(mv, []);
  }

  private async existingModel(name: string): Promise<RegisteredModel | undefined> {
    try {
      return await this.registry.getRegisteredModel(name);
    } catch (e) {
      if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) return undefined;
      throw e;
    }
  }

  /** `_mlflow_experiment_ids` gains `<id>,` unless it already lists the experiment. */
  private async linkExperiment(name: string, experimentId: string): Promise<void> {
    const model = await this.registry.getRegisteredModel(name);
    const current = model.tags[EXPERIMENT_IDS_TAG] ?? '';
    if (current.includes(`,${experimentId},`)) return;
    await this.registry.setRegisteredModelTag(name, EXPERIMENT_IDS_TAG, `${current || ','}${experimentId},`);
  }

  async setPromptAlias(name: string, alias: string, version: string): Promise<void> {
    if (alias.toLowerCase() === 'latest') throw invalidParameter("'latest' alias name (case insensitive) is reserved.");
    await this.promptModel(name);
    const v = parseVersion(version);
    try {
      await this.registry.getModelVersion(name, String(v));
    } catch (e) {
      if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) throw doesNotExist(`Prompt '${name}' version ${v} does not exist.`);
      throw e;
    }
    await this.registry.setRegisteredModelAlias(name, alias, String(v));
  }

  async deletePromptAlias(name: string, alias: string): Promise<void> {
    validatePromptName(name);
    await this.registry.deleteRegisteredModelAlias(name, alias);
  }

  async setPromptTag(name: string, key: string, value: string): Promise<void> {
    validatePromptName(name);
    await this.registry.setRegisteredModelTag(name, key, value);
  }

  async deletePromptTag(name: string, key: string): Promise<void> {
    validatePromptName(name);
    await this.registry.deleteRegisteredModelTag(name, key);
  }

  async deletePromptVersion(name: string, version: string): Promise<void> {
    await this.promptModel(name);
    await this.registry.deleteModelVersion(name, String(parseVersion(version)));
  }
}
