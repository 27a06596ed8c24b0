/**
 * What changed in a registry. No model: anything may have changed (another
 * process wrote, or the user asked to read everything again). A version is
 * given only when nothing but that version changed.
 */
export interface RegistryChange {
  model?: string;
  version?: string;
}

/** A view following the registry; the write that caused the change resolves once every returned promise has. */
export type RegistryChangeListener = (change: RegistryChange) => void | Promise<void>;

/** The one place registry changes are announced; plain listeners, so the core stays free of vscode. */
export class RegistryEvents {
  private readonly listeners = new Set<RegistryChangeListener>();

  on(listener: RegistryChangeListener): { dispose(): void } {
    // A wrapper per subscription: the same function subscribed twice is two subscriptions.
    const own: RegistryChangeListener = (change) => listener(change);
    this.listeners.add(own);
    return { dispose: () => this.listeners.delete(own) };
  }

  /**
   * Tells every listener, and settles when all have followed. A listener's
   * failure is its own: it neither stops the others nor fails the write.
   */
  async fire(change: RegistryChange): Promise<void> {
    await Promise.allSettled(
      [...this.listeners].map(async (listener) => {
        await listener({ ...change });
      }),
    );
  }
}
