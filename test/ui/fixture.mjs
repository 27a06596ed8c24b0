// What the fixture registry holds, as MLflow itself reported it
// (test/fixtures/mlflow-2.17.2/expected.json), so that no suite spells the
// model list out again.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FIXTURE_PROJECT } from '../../scripts/lib/vscodeSuites.mjs';

export const EXPECTED = JSON.parse(readFileSync(join(dirname(FIXTURE_PROJECT), 'expected.json'), 'utf8'));

/** The registered models' names, in the Models view's (alphabetical) order. */
export const FIXTURE_MODELS = EXPECTED.registered_models.map((m) => m.name).sort();

/** The aria-label of a fixture model's row in the Models view: "<name>, N versions · @alias …". */
export function modelRowLabel(name) {
  const model = EXPECTED.registered_models.find((m) => m.name === name);
  if (!model) throw new Error(`${name} is not in the fixture`);
  const n = model.version_count;
  const aliases = Object.keys(model.aliases)
    .sort()
    .map((a) => `@${a}`)
    .join(' ');
  return [`${name}, ${n} version${n === 1 ? '' : 's'}`, aliases].filter(Boolean).join(' · ');
}
