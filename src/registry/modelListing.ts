import type { RegistryBackend } from '../core/backend';
import type { RegisteredModel } from '../core/types';
import type { BackgroundReads } from './backgroundReads';

/** How many models each read asks for. */
export interface ListingSizes {
  /** The first read: what a sidebar shows at once, as fast as the registry can answer it. */
  first: number;
  /** Each "Load more…". */
  next: number;
  /** Read in the background after the first page, in pages of `first`, up to this many rows. */
  fill: number;
}

/** An embedded store answers 100 models in a few milliseconds. */
export const LOCAL_SIZES: ListingSizes = { first: 100, next: 100, fill: 100 };
/**
 * A tracking server spends about 13 ms per model returned (issue 12): 20 models
 * answer in about 0.3 s, where 100 take 1.3 s.
 */
export const REMOTE_SIZES: ListingSizes = { first: 20, next: 100, fill: 100 };

export interface ListingSession {
  readonly backend: Pick<RegistryBackend, 'searchRegisteredModels'>;
  readonly background: BackgroundReads;
  versionCount(name: string): Promise<number>;
}

/**
 * The models of one search in one registry, read a page at a time: the first
 * page at once, a few more in the background, the rest on "Load more…".
 * Version counts are background reads. Disposing it (a new search, another
 * registry, a refresh) drops every background read not yet sent.
 */
export class ModelListing {
  readonly models: RegisteredModel[] = [];
  private token: string | undefined;
  private loading: Promise<void> | undefined;
  private disposed = false;
  /** Bumped when queued background reads are dropped (the view was hidden). */
  private generation = 0;
  /** Hidden view: no page past the first until resume(). */
  private paused = false;

  constructor(
    private readonly session: ListingSession,
    readonly filter: string | undefined,
    private readonly sizes: ListingSizes,
    /** Called with the models a background page added. */
    private readonly onGrow: (added: RegisteredModel[]) => void,
  ) {}

  get hasMore(): boolean {
    return this.token !== undefined;
  }

  /** The first page; then, in the background, more up to `sizes.fill`. */
  async first(): Promise<void> {
    await this.session.background.waitedFor(() => this.read(this.sizes.first));
    if (!this.paused) this.fillLater();
  }

  /** One more page, as the user asked: ahead of any background read not yet sent. */
  more(): Promise<RegisteredModel[]> {
    return this.session.background.waitedFor(() => this.read(this.sizes.next));
  }

  /**
   * Reads the model's version count in the background; `done` gets undefined when the read
   * failed or was dropped, and is not called once this listing is disposed.
   */
  countLater(name: string, done: (count: number | undefined) => void): void {
    const generation = this.generation;
    const dropped = (): boolean => this.disposed || generation !== this.generation;
    this.session.background.enqueue(
      async () => {
        let count: number | undefined;
        try {
          count = dropped() ? undefined : await this.session.versionCount(name);
        } catch {
          count = undefined;
        }
        if (!this.disposed) done(count);
      },
      () => {
        if (!dropped()) return false;
        if (!this.disposed) done(undefined);
        return true;
      },
    );
  }

  /** Drops the background reads not yet sent (the view was hidden); resume() picks the pages up again. */
  pause(): void {
    this.paused = true;
    this.generation++;
  }

  resume(): void {
    this.paused = false;
    this.fillLater();
  }

  dispose(): void {
    this.disposed = true;
  }

  private fillLater(): void {
    if (!this.token || this.models.length >= this.sizes.fill) return;
    const generation = this.generation;
    const dropped = (): boolean => this.disposed || generation !== this.generation;
    this.session.background.enqueue(async () => {
      const added = await this.read(Math.min(this.sizes.first, this.sizes.fill - this.models.length));
      if (this.disposed) return;
      if (added.length > 0) this.onGrow(added);
      if (!dropped()) this.fillLater();
    }, dropped);
  }

  /** Serialised, so that a "Load more…" during a background page cannot skip a page. */
  private async read(maxResults: number): Promise<RegisteredModel[]> {
    while (this.loading) await this.loading.catch(() => undefined);
    if (this.disposed || (this.models.length > 0 && !this.token)) return [];
    let added: RegisteredModel[] = [];
    this.loading = (async () => {
      const page = await this.session.backend.searchRegisteredModels({ filter: this.filter, maxResults, pageToken: this.token });
      this.token = page.nextPageToken;
      this.models.push(...page.items);
      added = page.items;
    })();
    try {
      await this.loading;
    } finally {
      this.loading = undefined;
    }
    return added;
  }
}
