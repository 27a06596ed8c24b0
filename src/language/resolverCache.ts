import * as vscode from 'vscode';
import { onRegistryChange } from '../vscode/registryChanges';
import type { RegistryManager } from '../vscode/registryManager';
import type { RegistrySession } from '../registry/registrySession';
import { ModelUriResolver } from './uriResolver';

/**
 * The resolver of the open registry, one per registry, and what it knows
 * forgotten when the registry changes: all of it on a switch or a change that
 * may touch anything, one model's answers after a write to that model.
 */
export class ResolverCache implements vscode.Disposable {
  private session: RegistrySession | undefined;
  private value: ModelUriResolver | undefined;
  private readonly invalidated = new vscode.EventEmitter<void>();
  /** Answers went stale: whatever shows them asks again. */
  readonly onDidInvalidate = this.invalidated.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly manager: RegistryManager) {
    this.subscriptions = [manager.onDidChange(() => this.invalidate()), onRegistryChange(manager, (e) => this.invalidate(e.model))];
  }

  /** The resolver of the open registry; undefined when none is open. */
  current(): ModelUriResolver | undefined {
    const session = this.manager.session;
    if (!session) return undefined;
    if (this.session !== session || !this.value) {
      this.session = session;
      this.value = new ModelUriResolver({ backend: session.backend, runName: (id) => session.runName(id), versionsOf: (n) => session.versionsOf(n) });
    }
    return this.value;
  }

  /** Whether `resolver` still answers for the open registry (a pass that began before a switch does not). */
  isCurrent(resolver: ModelUriResolver): boolean {
    return resolver === this.value;
  }

  /** Where the answers come from, as a hover names it. */
  registryName(): string {
    return this.manager.session?.backend.location ?? 'none';
  }

  private invalidate(model?: string): void {
    if (model === undefined) this.value?.clear();
    else this.value?.clearModel(model);
    this.invalidated.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.invalidated.dispose();
  }
}
