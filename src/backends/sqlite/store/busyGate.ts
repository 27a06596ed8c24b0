import { MlflowError } from '../../../core/errors';
import { isBusyError } from '../driver/busy';

/** MLflow's SQLite sessions wait up to busy_timeout = 20000 ms for a lock; reads do too, in total. */
export const BUSY_BUDGET_MS = 20_000;
/**
 * A write the user asked for waits longer: a training job or a migration can
 * hold the lock past MLflow's 20 s, and failing the user's edit then only
 * makes them retry by hand. The UI says the registry is busy all the while.
 */
export const WRITE_BUDGET_MS = 60_000;
/**
 * What SQLite itself may block for, per attempt, before answering SQLITE_BUSY.
 * The driver is synchronous: this is the longest the extension host can stall on a lock.
 */
export const BUSY_TIMEOUT_MS = 10;

const BACKOFF_MS = [5, 10, 20, 40, 80, 120, 200];

export type BusyListener = (waiting: { location: string; sinceMs: number } | undefined) => void;

/**
 * Runs one synchronous store operation; while another process holds the
 * file's lock, tries it again after a timer, never blocking the thread, until
 * MLflow's 20 s budget is spent. Retrying is safe because an operation that got
 * SQLITE_BUSY did nothing: a read saw no rows, and a write's transaction was
 * rolled back whole (StoreContext.write).
 */
export class BusyGate {
  private readonly listeners = new Set<BusyListener>();
  private waiting = 0;
  private waitingSince = 0;

  constructor(
    private readonly location: string,
    private readonly budgetMs = BUSY_BUDGET_MS,
  ) {}

  onDidChangeBusy(listener: BusyListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async run<T>(op: () => T, budgetMs = this.budgetMs): Promise<T> {
    const start = Date.now();
    let attempt = 0;
    let counted = false;
    try {
      for (;;) {
        try {
          return op();
        } catch (e) {
          if (!isBusyError(e)) throw e;
          const waited = Date.now() - start;
          if (waited >= budgetMs) throw lockedError(this.location, waited, e);
          if (!counted) {
            counted = true;
            this.enter();
          }
          const delay = Math.min(BACKOFF_MS[Math.min(attempt++, BACKOFF_MS.length - 1)], budgetMs - waited);
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    } finally {
      if (counted) this.leave();
    }
  }

  private enter(): void {
    if (this.waiting++ === 0) {
      this.waitingSince = Date.now();
      this.emit({ location: this.location, sinceMs: this.waitingSince });
    }
  }

  private leave(): void {
    if (--this.waiting === 0) this.emit(undefined);
  }

  private emit(state: Parameters<BusyListener>[0]): void {
    for (const l of [...this.listeners]) {
      try {
        l(state);
      } catch {
        // A listener's failure must not change the operation's outcome.
      }
    }
  }
}

function lockedError(location: string, waitedMs: number, cause: unknown): MlflowError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new MlflowError(
    'TEMPORARILY_UNAVAILABLE',
    `The registry ${location} stayed locked by another process for ${Math.round(waitedMs / 1000)} s (${why}). Nothing was changed; try again when the other process has finished.`,
  );
}
