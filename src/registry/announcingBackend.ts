import type { RegistryBackend } from '../core/backend';
import { RegistryPrompts } from '../core/promptOperations';
import type { RegistryChange } from './registryEvents';

type WriteMethod =
  | 'createRegisteredModel'
  | 'renameRegisteredModel'
  | 'updateRegisteredModel'
  | 'deleteRegisteredModel'
  | 'setRegisteredModelTag'
  | 'deleteRegisteredModelTag'
  | 'setRegisteredModelAlias'
  | 'deleteRegisteredModelAlias'
  | 'createModelVersion'
  | 'copyModelVersion'
  | 'updateModelVersion'
  | 'deleteModelVersion'
  | 'transitionModelVersionStage'
  | 'setModelVersionTag'
  | 'deleteModelVersionTag';

type ChangeOf<K extends WriteMethod> = (args: Parameters<RegistryBackend[K]>, result: Awaited<ReturnType<RegistryBackend[K]>>) => RegistryChange;

/**
 * What each write changed. A rename touches two models (and the list), an
 * alias moves between versions, archiving moves the others: those say the
 * model, or everything, rather than one version.
 */
const WRITES: { [K in WriteMethod]: ChangeOf<K> } = {
  createRegisteredModel: ([req]) => ({ model: req.name }),
  renameRegisteredModel: () => ({}),
  updateRegisteredModel: ([name]) => ({ model: name }),
  deleteRegisteredModel: ([name]) => ({ model: name }),
  setRegisteredModelTag: ([name]) => ({ model: name }),
  deleteRegisteredModelTag: ([name]) => ({ model: name }),
  setRegisteredModelAlias: ([name]) => ({ model: name }),
  deleteRegisteredModelAlias: ([name]) => ({ model: name }),
  createModelVersion: ([req], created) => ({ model: req.name, version: created.version }),
  // The destination may be new: a change for its model makes the tree list it.
  copyModelVersion: ([, destinationName]) => ({ model: destinationName }),
  updateModelVersion: ([name, version]) => ({ model: name, version }),
  deleteModelVersion: ([name, version]) => ({ model: name, version }),
  transitionModelVersionStage: ([name, version, , archive]) => (archive ? { model: name } : { model: name, version }),
  setModelVersionTag: ([name, version]) => ({ model: name, version }),
  deleteModelVersionTag: ([name, version]) => ({ model: name, version }),
};

const isWrite = (key: string | symbol): key is WriteMethod => typeof key === 'string' && Object.hasOwn(WRITES, key);

/**
 * The backend as the session hands it out: every write that succeeds is
 * announced once it is stored, and resolves after `announce` has. Reads, and
 * methods a backend leaves out, are the backend's own. A prompt write is the
 * model writes it is made of, each announced.
 */
export function announcingWrites(backend: RegistryBackend, announce: (change: RegistryChange) => Promise<void>): RegistryBackend {
  // Bound once, so a method read twice is the same function (and runs on the real object, private fields and all).
  const bound = new Map<string | symbol, unknown>();
  // The backend's own prompts write through the raw backend; these write through the proxy, so they announce.
  let prompts: RegistryPrompts | undefined;
  const proxy: RegistryBackend = new Proxy(backend, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (key === 'prompts') return value instanceof RegistryPrompts ? (prompts ??= value.through(proxy)) : value;
      if (typeof value !== 'function') return value;
      let fn = bound.get(key);
      if (fn === undefined) {
        const method = value as (...args: unknown[]) => unknown;
        fn = isWrite(key)
          ? async (...args: unknown[]) => {
              const result = await method.apply(target, args);
              await announce((WRITES[key] as (a: unknown[], r: unknown) => RegistryChange)(args, result));
              return result;
            }
          : method.bind(target);
        bound.set(key, fn);
      }
      return fn;
    },
  });
  return proxy;
}
