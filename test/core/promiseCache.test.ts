import assert from 'node:assert/strict';
import { PromiseCache } from '../../src/core/promiseCache';

/** A read whose outcome the test decides, counting how often it was started. */
function controlled<V>() {
  let started = 0;
  const settle: { resolve: (v: V) => void; reject: (e: Error) => void }[] = [];
  const read = () => {
    started++;
    return new Promise<V>((resolve, reject) => settle.push({ resolve, reject }));
  };
  return { read, settle, started: () => started };
}

describe('PromiseCache: reads shared by key, failures forgotten', () => {
  it('gives every caller of a key the same read, while under way and after it succeeded', async () => {
    const cache = new PromiseCache<string, number>();
    const r = controlled<number>();
    const first = cache.get('a', r.read);
    const second = cache.get('a', r.read);
    assert.equal(first, second);
    r.settle[0].resolve(3);
    assert.equal(await first, 3);
    assert.equal(await cache.get('a', r.read), 3);
    assert.equal(r.started(), 1);
    assert.equal(cache.peek('b'), undefined);
  });

  it('reads again after a failure, and callers that shared the failed read all see its error', async () => {
    const cache = new PromiseCache<string, number>();
    const r = controlled<number>();
    const first = cache.get('a', r.read);
    const shared = cache.get('a', r.read);
    r.settle[0].reject(new Error('server down'));
    await assert.rejects(first, /server down/);
    await assert.rejects(shared, /server down/);
    assert.equal(cache.peek('a'), undefined);
    const again = cache.get('a', r.read);
    assert.equal(r.started(), 2);
    r.settle[1].resolve(5);
    assert.equal(await again, 5);
  });

  it('a failure of a read already forgotten does not drop the read that replaced it', async () => {
    const cache = new PromiseCache<string, number>();
    const r = controlled<number>();
    const old = cache.get('a', r.read);
    cache.delete('a'); // the registry changed while the old read was under way
    const fresh = cache.get('a', r.read);
    r.settle[0].reject(new Error('stale'));
    await assert.rejects(old, /stale/);
    assert.equal(cache.peek('a'), fresh);
    r.settle[1].resolve(7);
    assert.equal(await cache.get('a', r.read), 7);
    assert.equal(r.started(), 2);
  });

  it('clear() forgets every key', async () => {
    const cache = new PromiseCache<string, number>();
    await cache.get('a', () => Promise.resolve(1));
    await cache.get('b', () => Promise.resolve(2));
    cache.clear();
    assert.equal(cache.peek('a'), undefined);
    assert.equal(await cache.get('b', () => Promise.resolve(20)), 20);
  });
});
