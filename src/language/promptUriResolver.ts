/**
 * What a `prompts:/` URI in code names right now, with MLflow's semantics
 * (docs/prompts.md, docs/uris.md#prompts-uris) and MLflow's words when it
 * names nothing. The owning ModelUriResolver caches whole answers per URI;
 * this keeps the prompts and version lists that several answers and
 * completion share. No vscode import.
 */
import { isMlflowError } from '../core/errors';
import type { PromptOperations } from '../core/promptApi';
import type { Prompt, PromptVersion } from '../core/prompts';
import { isLatestAlias, parsePromptUri, type PromptUri } from '../core/promptUri';
import { parseOrMalformed, problemsOf, shortList } from './uriProblems';

export type PromptProblemKind = 'malformed' | 'prompt' | 'notPrompt' | 'alias' | 'version';

export type PromptResolution =
  | { kind: 'prompt'; uri: string; ref: PromptUri; prompt: Prompt; version: PromptVersion }
  | { kind: 'problem'; uri: string; problem: PromptProblemKind; message: string };

type PromptLookup = { prompt: Prompt } | { problem: PromptProblemKind; message: string };

/** The highest live version, which MLflow's `@latest` names. */
export function highestPromptVersion(versions: readonly PromptVersion[]): PromptVersion | undefined {
  if (versions.length === 0) return undefined;
  return versions.reduce((best, v) => (BigInt(v.version) > BigInt(best.version) ? v : best));
}

export class PromptUriResolver {
  private readonly prompts = new Map<string, Promise<PromptLookup>>();
  private readonly versionLists = new Map<string, Promise<PromptVersion[]>>();
  private nameList: Promise<{ prompts: Prompt[]; complete: boolean }> | undefined;

  /** `ops` is absent on a backend that cannot hold prompts. */
  constructor(private readonly ops: PromptOperations | undefined) {}

  clear(): void {
    this.prompts.clear();
    this.versionLists.clear();
    this.nameList = undefined;
  }

  /** A write to one registered model, which may be a prompt. */
  clearPrompt(name: string): void {
    this.prompts.delete(name);
    this.versionLists.delete(name);
    this.nameList = undefined;
  }

  /** The prompt, or why there is none: missing, a model's name, or a name MLflow refuses. */
  lookup(name: string): Promise<PromptLookup> {
    let p = this.prompts.get(name);
    if (!p) {
      p = this.fetchPrompt(name);
      // "Could not ask" is not an answer to keep.
      p.catch(() => this.prompts.delete(name));
      this.prompts.set(name, p);
    }
    return p;
  }

  private async fetchPrompt(name: string): Promise<PromptLookup> {
    if (!this.ops) return { problem: 'prompt', message: `Prompt with name=${name} not found: this registry holds no prompts.` };
    try {
      return { prompt: await this.ops.getPrompt(name) };
    } catch (e) {
      if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) return { problem: 'prompt', message: e.message };
      // A model's name, or a name outside MLflow's prompt name rule: MLflow's own sentence.
      if (isMlflowError(e, 'INVALID_PARAMETER_VALUE')) return { problem: 'notPrompt', message: e.message };
      throw e;
    }
  }

  /** Live versions of a prompt, newest first; none when it is not a prompt. */
  versions(name: string): Promise<PromptVersion[]> {
    let v = this.versionLists.get(name);
    if (!v) {
      v = this.lookup(name).then((l) => ('prompt' in l && this.ops ? this.ops.listPromptVersions(name) : []));
      v.catch(() => this.versionLists.delete(name));
      this.versionLists.set(name, v);
    }
    return v;
  }

  /** Prompt names for completion: the first page once, then searches by prefix when there are more. */
  async startingWith(prefix: string): Promise<{ prompts: Prompt[]; complete: boolean }> {
    const ops = this.ops;
    if (!ops) return { prompts: [], complete: true };
    this.nameList ??= ops.searchPrompts().then((p) => ({ prompts: p.items, complete: !p.nextPageToken }));
    const all = await this.nameList.catch((e) => {
      this.nameList = undefined;
      throw e;
    });
    // Outside the name rule a prefix matches nothing; it also keeps quotes out of the filter.
    if (all.complete || prefix === '' || !/^[a-zA-Z0-9.-]+$/.test(prefix)) {
      return { prompts: all.prompts.filter((p) => p.name.startsWith(prefix)), complete: all.complete };
    }
    const page = await ops.searchPrompts({ filter: `name LIKE '${prefix}%'` });
    return { prompts: page.items.filter((p) => p.name.startsWith(prefix)), complete: false };
  }

  async resolve(uri: string): Promise<PromptResolution> {
    const parsed = parseOrMalformed(uri, parsePromptUri);
    if (!('ref' in parsed)) return parsed;
    const ref: PromptUri = parsed.ref;
    const problem = problemsOf<PromptProblemKind>(uri);
    const found = await this.lookup(ref.name);
    if (!('prompt' in found)) return problem(found.problem, found.message);
    const prompt = found.prompt;
    const answer = (version: PromptVersion): PromptResolution => ({ kind: 'prompt', uri, ref, prompt, version });

    if (ref.kind === 'alias' && isLatestAlias(ref.alias)) {
      const top = highestPromptVersion(await this.versions(ref.name));
      return top ? answer(top) : problem('version', `Prompt '${ref.name}' has no versions.`);
    }
    let number: string;
    if (ref.kind === 'alias') {
      const target = prompt.aliases[ref.alias];
      if (target === undefined) {
        const known = Object.keys(prompt.aliases)
          .sort()
          .map((a) => `@${a}`);
        const has = known.length > 0 ? `'${ref.name}' has ${shortList(known)}, and @latest` : `'${ref.name}' has no aliases but @latest`;
        return problem('alias', `Prompt alias ${ref.alias} not found. (${has})`);
      }
      number = target;
    } else {
      number = ref.version;
    }
    const version = (await this.versions(ref.name)).find((v) => v.version === number);
    if (version) return answer(version);
    if (ref.kind === 'alias') return problem('alias', `Prompt alias ${ref.alias} of '${ref.name}' points at version ${number}, which was deleted.`);
    return problem('version', `Prompt (name=${ref.name}, version=${number}) not found`);
  }
}
