/**
 * Reads nobody is waiting on (version counts, the rest of a first screen of
 * models): a few at a time against one registry, started only while no read
 * the user waits on is out, and dropped when what they were for is gone. A
 * tracking server answers one request at a time (gunicorn's sync worker), so
 * every background request already sent delays what the user asks next.
 */
export class BackgroundReads {
  private readonly queue: { read: () => Promise<void>; cancelled: () => boolean }[] = [];
  private running = 0;
  private waitedOn = 0;
  private maxRunning = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    /** At most this many background reads out at once. */
    private readonly limit: number,
  ) {}

  /** The most background reads that were out at once, for tests. */
  get peak(): number {
    return this.maxRunning;
  }

  /** Queued and running background reads. */
  get pending(): number {
    return this.queue.length + this.running;
  }

  /** Runs `read` later; skipped if `cancelled()` says so by the time its turn comes. */
  enqueue(read: () => Promise<void>, cancelled: () => boolean = () => false): void {
    this.queue.push({ read, cancelled });
    this.pump();
  }

  /** A read the user waits on: no background read starts until it ends. */
  async waitedFor<T>(read: () => Promise<T>): Promise<T> {
    this.waitedOn++;
    try {
      return await read();
    } finally {
      this.waitedOn--;
      this.pump();
    }
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops every queued read (one already sent finishes, unobserved). */
  clear(): void {
    this.queue.length = 0;
  }

  private pump(): void {
    this.startNext();
    if (this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private startNext(): void {
    while (this.waitedOn === 0 && this.running < this.limit && this.queue.length > 0) {
      const next = this.queue.shift()!;
      if (next.cancelled()) continue;
      this.running++;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      // A later turn of the event loop: an embedded store answers synchronously, and a
      // long run of its reads must not hold up the extension host.
      setImmediate(() => {
        void next
          .read()
          .catch(() => undefined)
          .finally(() => {
            this.running--;
            this.pump();
          });
      });
    }
  }
}
