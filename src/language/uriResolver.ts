/**
 * What a `models:/` or `prompts:/` URI in code resolves to right now, with MLflow's semantics
 * (docs/sqlite-store.md#reads, docs/uris.md#models-uris), and in words a user can act on when it resolves to
 * nothing. Answers are cached until the registry changes, so a file full of
 * URIs costs one lookup per distinct URI. No vscode import.
 */
import type { RegistryBackend } from '../core/backend';
import { isMlflowError } from '../core/errors';
import { versionsOfModel } from '../core/identity';
import { STAGES, type LoggedModel, type ModelVersion, type RegisteredModel, type Stage } from '../core/types';
import { parseModelUri, type ModelUri } from '../core/uri';
import { canonicalStage } from '../core/validation';
import { isPromptUri, parsePromptUri } from '../core/promptUri';
import { parseOrMalformed, problemsOf, shortList } from './uriProblems';
import { PromptUriResolver, type PromptProblemKind, type PromptResolution } from './promptUriResolver';

export type ProblemKind = 'malformed' | 'model' | 'alias' | 'stage' | 'version' | 'loggedModel' | PromptProblemKind;

export type UriResolution =
  | { kind: 'version'; uri: string; ref: ModelUri; model: RegisteredModel; version: ModelVersion; runName: string | null }
  | { kind: 'loggedModel'; uri: string; loggedModel: LoggedModel }
  /** A `prompts:/` URI's prompt version. */
  | Extract<PromptResolution, { kind: 'prompt' }>
  /** It resolves to nothing: the message names what is unknown. */
  | { kind: 'problem'; uri: string; problem: ProblemKind; message: string }
  /** The registry could not answer (a server down…): no verdict, no diagnostic. */
  | { kind: 'unavailable'; uri: string; message: string };

const notFound = (e: unknown) => isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST');

function highest(versions: ModelVersion[]): ModelVersion {
  return versions.reduce((best, v) => (BigInt(v.version) > BigInt(best.version) ? v : best));
}

export interface ResolverSource {
  backend: RegistryBackend;
  /** The session's cached run names, when there is one. */
  runName?(runId: string | null): Promise<string | null>;
  /** The session's cached version lists, when there is one. */
  versionsOf?(name: string): Promise<ModelVersion[]>;
}

export class ModelUriResolver {
  private readonly answers = new Map<string, Promise<UriResolution>>();
  private readonly models = new Map<string, Promise<RegisteredModel | null>>();
  private modelList: Promise<{ names: RegisteredModel[]; complete: boolean }> | undefined;
  /** Prompts are registered models: the same answers cache holds their URIs, this their lookups. */
  readonly prompts: PromptUriResolver;

  constructor(private readonly source: ResolverSource) {
    this.prompts = new PromptUriResolver(source.backend.prompts);
  }

  get backend(): RegistryBackend {
    return this.source.backend;
  }

  /** Forgets everything: another registry, or a change made elsewhere. */
  clear(): void {
    this.answers.clear();
    this.models.clear();
    this.modelList = undefined;
    this.prompts.clear();
  }

  /** Forgets what depends on one model (a write to it). */
  clearModel(name: string): void {
    this.models.delete(name);
    this.modelList = undefined;
    this.prompts.clearPrompt(name);
    for (const uri of [...this.answers.keys()]) {
      try {
        const ref = isPromptUri(uri) ? parsePromptUri(uri) : parseModelUri(uri);
        if (ref.kind === 'loggedModel' ? ref.modelId === name : ref.name === name) this.answers.delete(uri);
      } catch {
        // malformed: its answer never changes
      }
    }
  }

  /** Cached per URI text until cleared. */
  resolve(uri: string): Promise<UriResolution> {
    let answer = this.answers.get(uri);
    if (!answer) {
      answer = this.compute(uri).catch((e): UriResolution => ({ kind: 'unavailable', uri, message: e instanceof Error ? e.message : String(e) }));
      this.answers.set(uri, answer);
      // "Could not ask" is not an answer to keep.
      void answer.then((a) => {
        if (a.kind === 'unavailable' && this.answers.get(uri) === answer) this.answers.delete(uri);
      });
    }
    return answer;
  }

  /** The answer if it is already known, without asking. */
  async peek(uri: string): Promise<UriResolution | undefined> {
    return this.answers.has(uri) ? this.answers.get(uri) : undefined;
  }

  model(name: string): Promise<RegisteredModel | null> {
    let m = this.models.get(name);
    if (!m) {
      m = this.backend.getRegisteredModel(name).then(
        (x) => x,
        (e) => {
          if (notFound(e)) return null;
          throw e;
        },
      );
      m.catch(() => this.models.delete(name));
      this.models.set(name, m);
    }
    return m;
  }

  /** Live versions of a model, newest first. */
  versions(name: string): Promise<ModelVersion[]> {
    if (this.source.versionsOf) return this.source.versionsOf(name);
    return versionsOfModel(this.backend, name);
  }

  /**
   * Model names for completion. Registries of up to 1,000 models are listed
   * once; bigger ones are asked for names starting with what was typed.
   */
  async modelsStartingWith(prefix: string): Promise<{ models: RegisteredModel[]; complete: boolean }> {
    this.modelList ??= this.backend.searchRegisteredModels({ maxResults: 1000 }).then((p) => ({ names: p.items, complete: !p.nextPageToken }));
    const all = await this.modelList.catch((e) => {
      this.modelList = undefined;
      throw e;
    });
    if (all.complete || prefix === '' || /['"%_\\]/.test(prefix)) {
      return { models: all.names.filter((m) => m.name.startsWith(prefix)), complete: all.complete };
    }
    const page = await this.backend.searchRegisteredModels({ filter: `name LIKE '${prefix}%'`, maxResults: 200 });
    return { models: page.items.filter((m) => m.name.startsWith(prefix)), complete: false };
  }

  private async runName(runId: string | null): Promise<string | null> {
    if (!runId) return null;
    if (this.source.runName) return this.source.runName(runId);
    try {
      return (await this.backend.getRun(runId)).runName;
    } catch {
      return null;
    }
  }

  private async compute(uri: string): Promise<UriResolution> {
    if (isPromptUri(uri)) return this.prompts.resolve(uri);
    const parsed = parseOrMalformed(uri, parseModelUri);
    if (!('ref' in parsed)) return parsed;
    const ref: ModelUri = parsed.ref;
    const problem = problemsOf<ProblemKind>(uri);

    if (ref.kind === 'loggedModel') {
      try {
        return { kind: 'loggedModel', uri, loggedModel: await this.backend.getLoggedModel(ref.modelId) };
      } catch (e) {
        if (!notFound(e)) throw e;
      }
      // A very common slip: a registered model's name without a version, stage or alias.
      if (await this.model(ref.modelId)) {
        return problem(
          'version',
          `'${ref.modelId}' is a registered model, but models:/${ref.modelId} reads as a logged model id. Add a version, stage or alias: models:/${ref.modelId}/latest, models:/${ref.modelId}@<alias>.`,
        );
      }
      return problem('loggedModel', `Unknown logged model '${ref.modelId}', and no registered model has that name.`);
    }

    const name = ref.name;
    const model = await this.model(name);
    if (!model) return problem('model', `Unknown registered model '${name}'.`);

    const found = async (version: ModelVersion): Promise<UriResolution> => ({
      kind: 'version',
      uri,
      ref,
      model,
      version,
      runName: await this.runName(version.runId),
    });
    const get = async (version: string): Promise<ModelVersion | null> => {
      try {
        return await this.backend.getModelVersion(name, version);
      } catch (e) {
        if (notFound(e)) return null;
        throw e;
      }
    };

    switch (ref.kind) {
      case 'version': {
        const v = await get(ref.version);
        if (v) return found(v);
        return problem('version', `'${name}' has no version ${ref.version}.`);
      }
      case 'alias': {
        const alias = model.aliases.find((a) => a.alias === ref.alias);
        if (!alias) {
          const known = model.aliases.map((a) => `@${a.alias}`).sort();
          return problem('alias', `Unknown alias '@${ref.alias}' of '${name}'${known.length ? ` (it has ${shortList(known)})` : ' (it has no aliases)'}.`);
        }
        const v = await get(alias.version);
        if (v) return found(v);
        return problem('alias', `Alias '@${ref.alias}' of '${name}' points at version ${alias.version}, which was deleted.`);
      }
      case 'stage':
      case 'latest': {
        let stage: Stage | undefined;
        if (ref.kind === 'stage') {
          try {
            stage = canonicalStage(ref.stage);
          } catch {
            return problem('stage', `Unknown stage '${ref.stage}': MLflow's stages are ${STAGES.join(', ')} (or use a version, 'latest' or @alias).`);
          }
        }
        const latest = await this.backend.getLatestVersions(name, stage ? [stage] : undefined);
        if (latest.length === 0) {
          return stage ? problem('stage', `'${name}' has no version in stage ${stage}.`) : problem('version', `'${name}' has no versions.`);
        }
        // "latest" is the highest number among the per-stage rows, never the first (docs/sqlite-store.md#reads).
        const top = highest(latest);
        return found((await get(top.version)) ?? top);
      }
    }
  }
}
