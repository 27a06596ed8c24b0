import type { RegistryBackend } from '../core/backend';
import { versionsOfModel } from '../core/identity';
import { PromiseCache } from '../core/promiseCache';
import type { ModelVersion } from '../core/types';
import { announcingWrites } from './announcingBackend';
import { BackgroundReads } from './backgroundReads';
import { LOCAL_SIZES, REMOTE_SIZES, type ListingSizes } from './modelListing';
import { RegistryEvents, type RegistryChange, type RegistryChangeListener } from './registryEvents';
import { registryIdentity, type RegistryIdentity } from './registryIdentity';
import type { RegistrySource } from './registrySource';

/**
 * One open registry, what the views have read from it, and the one source of
 * its change events: writes made through `backend`, and `refresh()` (the
 * user's Refresh, or another process's change). Caches are per model, so a
 * write refreshes exactly the model it touched.
 */
export class RegistrySession {
  private readonly events = new RegistryEvents();
  /** The registry's backend; its writes announce themselves (see announcingWrites). */
  readonly backend: RegistryBackend;
  private readonly versions = new PromiseCache<string, ModelVersion[]>();
  private readonly counts = new PromiseCache<string, number>();
  private readonly runNames = new PromiseCache<string, string | null>();
  /** Which registry this is, for pages and description documents. */
  readonly identity: RegistryIdentity;
  /**
   * Reads nobody waits on. A server gets two at a time (with what the user asked for, well
   * under MLflow's one worker's patience); the embedded store one, spread over the event loop.
   */
  readonly background: BackgroundReads;
  /** How many models the Models view reads at once from this registry. */
  readonly listingSizes: ListingSizes;

  constructor(
    readonly source: RegistrySource,
    backend: RegistryBackend,
    /** Set when TLS verification is off for this registry, to be shown wherever it is named. */
    readonly insecure = false,
    /** The MLflow workspace (3.10+) on a server, part of which registry this is. */
    workspace?: string,
  ) {
    this.identity = registryIdentity(source, workspace);
    const remote = source.kind === 'remote';
    this.background = new BackgroundReads(remote ? 2 : 1);
    this.listingSizes = remote ? REMOTE_SIZES : LOCAL_SIZES;
    this.backend = announcingWrites(backend, (change) => this.changed(change));
  }

  /** Fires after each write through `backend` and on `refresh()`, once the caches have forgotten what changed. */
  onDidChange(listener: RegistryChangeListener): { dispose(): void } {
    return this.events.on(listener);
  }

  /** Everything may have changed: forget what was read, and have every view read again. */
  refresh(): Promise<void> {
    return this.changed({});
  }

  private changed(change: RegistryChange): Promise<void> {
    if (change.model === undefined) this.invalidateAll();
    else this.invalidateModel(change.model);
    return this.events.fire(change);
  }

  /** Every live version of a model, newest first, read to the end. */
  versionsOf(name: string): Promise<ModelVersion[]> {
    return this.versions.get(name, () => versionsOfModel(this.backend, name));
  }

  /** The newest `limit` versions of a model, for a page that lists them a screenful at a time. */
  async newestVersions(name: string, limit: number): Promise<ModelVersion[]> {
    const cached = this.versions.peek(name);
    if (cached) return (await cached).slice(0, limit);
    return versionsOfModel(this.backend, name, limit);
  }

  /** How many live versions a model has: counted by the store where it can, else by listing them. */
  versionCount(name: string): Promise<number> {
    return this.counts.get(name, () => {
      const cached = this.versions.peek(name);
      if (cached) return cached.then((v) => v.length);
      return this.backend.countModelVersions ? this.backend.countModelVersions(name) : this.versionsOf(name).then((v) => v.length);
    });
  }

  cachedVersionCount(name: string): Promise<number> | undefined {
    return this.counts.peek(name) ?? this.versions.peek(name)?.then((v) => v.length);
  }

  /** The run's name for a version's description; null when the run is gone or unreadable. */
  runName(runId: string | null): Promise<string | null> {
    if (!runId) return Promise.resolve(null);
    return this.runNames.get(runId, () =>
      this.backend.getRun(runId).then(
        (run) => run.runName,
        () => null,
      ),
    );
  }

  private invalidateModel(name: string): void {
    this.versions.delete(name);
    this.counts.delete(name);
  }

  private invalidateAll(): void {
    this.versions.clear();
    this.counts.clear();
    this.runNames.clear();
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}
