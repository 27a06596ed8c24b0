import type { RegistryBackend } from '../core/backend';
import type { ModelVersion } from '../core/types';
import { registryIdentity, type RegistryIdentity } from './registryIdentity';
import type { RegistrySource } from './registrySource';

/** Versions fetched per model for the tree; MLflow's Python client uses the same default page. */
const VERSIONS_PER_MODEL = 10_000;

/**
 * One open registry and what the views have read from it. Caches are per
 * model, so a write refreshes exactly the model it touched.
 */
export class RegistrySession {
  private readonly versions = new Map<string, Promise<ModelVersion[]>>();
  private readonly runNames = new Map<string, Promise<string | null>>();
  /** Which registry this is, for pages and description documents. */
  readonly identity: RegistryIdentity;

  constructor(
    readonly source: RegistrySource,
    readonly backend: RegistryBackend,
    /** Set when TLS verification is off for this registry, to be shown wherever it is named. */
    readonly insecure = false,
    /** The MLflow workspace (3.10+) on a server, part of which registry this is. */
    workspace?: string,
  ) {
    this.identity = registryIdentity(source, workspace);
  }

  /** Every live version of a model, newest first. */
  versionsOf(name: string): Promise<ModelVersion[]> {
    let pending = this.versions.get(name);
    if (!pending) {
      pending = this.backend
        .searchModelVersions({ filter: nameFilter(name), maxResults: VERSIONS_PER_MODEL, orderBy: ['version_number DESC'] })
        .then((page) => page.items);
      // A failed read must not stick in the cache.
      pending.catch(() => this.versions.delete(name));
      this.versions.set(name, pending);
    }
    return pending;
  }

  cachedVersionCount(name: string): Promise<number> | undefined {
    return this.versions.get(name)?.then((v) => v.length);
  }

  /** The run's name for a version's description; null when the run is gone or unreadable. */
  runName(runId: string | null): Promise<string | null> {
    if (!runId) return Promise.resolve(null);
    let pending = this.runNames.get(runId);
    if (!pending) {
      pending = this.backend.getRun(runId).then(
        (run) => run.runName,
        () => null,
      );
      this.runNames.set(runId, pending);
    }
    return pending;
  }

  invalidateModel(name: string): void {
    this.versions.delete(name);
  }

  invalidateAll(): void {
    this.versions.clear();
    this.runNames.clear();
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}

/**
 * MLflow's filter grammar has no escapes; a name with a single quote is
 * written in double quotes instead.
 */
export function nameFilter(name: string): string {
  return name.includes("'") ? `name = "${name}"` : `name = '${name}'`;
}
