import { SqliteRegistry } from '../backends/sqlite/sqliteRegistry';
import type { RegistryBackend } from '../core/backend';

/**
 * Whether the registry is one MLflow keeps prompts in. A server answers for
 * itself (its prompt search works or fails where it is shown). An mlflow.db
 * counts when its schema is MLflow 3's (it has the logged_models table), or
 * when it already holds prompts (MLflow 2.21 and 2.22 wrote them before that
 * table existed); an older file such as MLflow 2.17's gets none from MLflow.
 */
export async function holdsPrompts(backend: RegistryBackend): Promise<boolean> {
  const prompts = backend.prompts;
  if (!prompts) return false;
  if (!(backend instanceof SqliteRegistry) || backend.layout.loggedModels) return true;
  return (await prompts.searchPrompts({ maxResults: 1 })).items.length > 0;
}
