/**
 * Reads shared by key: every caller asking while a read is under way, or after
 * it succeeded, gets the same promise. A read that fails is forgotten, so the
 * next caller tries again rather than inherit a passing error (a server that
 * was briefly down, a locked file).
 */
export class PromiseCache<K, V> {
  private readonly entries = new Map<K, Promise<V>>();

  get(key: K, read: () => Promise<V>): Promise<V> {
    const known = this.entries.get(key);
    if (known) return known;
    const pending = read();
    this.entries.set(key, pending);
    // Only this read's own entry: one asked for after a delete() may already stand in its place.
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    return pending;
  }

  /** The read already made or under way for the key, without starting one. */
  peek(key: K): Promise<V> | undefined {
    return this.entries.get(key);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
