import assert from 'node:assert/strict';
import type { RegistryBackend } from '../../src/core/backend';
import { loadPageContent, type PageContent } from '../../src/pages/pageContent';
import { markdownRenderer } from '../../src/pages/markdownRenderer';
import { RegistrySession } from '../../src/registry/registrySession';
import { FIXTURE_2 } from '../helpers/fixtures';
import { openRegistry } from '../helpers/registry';

/** A backend whose run reads wait until `release` is called, like a slow server's. */
function withHeldRuns(backend: RegistryBackend): { backend: RegistryBackend; release: () => void; runAsked: Promise<void> } {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let asked!: () => void;
  const runAsked = new Promise<void>((r) => (asked = r));
  const held = new Proxy(backend, {
    get(target, prop, receiver) {
      if (prop === 'getRun') {
        return async (runId: string) => {
          asked();
          await released;
          return target.getRun(runId);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { backend: held, release, runAsked };
}

describe('a version page paints before its lineage is read', () => {
  after(() => markdownRenderer.dispose());

  it('shows the header, stage and URIs of iris-classifier version 2 while its run is still being read, then the lineage', async () => {
    const reg = openRegistry(FIXTURE_2.db, { readonly: true });
    try {
      const { backend, release, runAsked } = withHeldRuns(reg);
      const session = new RegistrySession({ kind: 'none' }, backend);
      let first: PageContent | undefined;
      let firstPainted!: () => void;
      const painted = new Promise<void>((r) => (firstPainted = r));
      const full = loadPageContent(
        session,
        { kind: 'version', name: 'iris-classifier', version: '2' },
        {
          onPartial: (c) => {
            first = c;
            firstPainted();
          },
        },
      );
      // Both happen while the run read is held: the first paint cannot have waited for it.
      await Promise.all([runAsked, painted]);
      assert.ok(first);
      const early = first.main.value;
      assert.match(early, /<h1>iris-classifier <span class="version-number">version 2<\/span><\/h1>/);
      assert.match(early, /models:\/iris-classifier\/2/);
      assert.match(early, /id="lineage-pending"/);
      assert.doesNotMatch(early, /id="params"/);
      release();
      const done = (await full).main.value;
      assert.doesNotMatch(done, /id="lineage-pending"/);
      assert.match(done, /id="params"/);
      assert.match(done, /<code>C<\/code>/);
    } finally {
      await reg.close();
    }
  });

  it('a page already showing content gets no first paint on refresh', async () => {
    const reg = openRegistry(FIXTURE_2.db, { readonly: true });
    try {
      const session = new RegistrySession({ kind: 'none' }, reg);
      const target = { kind: 'version', name: 'iris-classifier', version: '1' } as const;
      const previous = await loadPageContent(session, target);
      let painted = 0;
      const again = await loadPageContent(session, target, { previous, onPartial: () => painted++ });
      assert.equal(again, previous, 'unchanged data keeps the page as it is');
      assert.equal(painted, 0);
    } finally {
      await reg.close();
    }
  });
});
