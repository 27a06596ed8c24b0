/** Set to 1 by the test harnesses (scripts/lib/vscodeSuites.mjs) that read the extension's internals. */
export const TEST_API_ENV = 'MLFLOW_REGISTRY_TEST_API';

/**
 * Whether `activate` hands out its internals. They are for the suites only:
 * another extension holding the RegistryManager could open registries and
 * read saved credentials' metadata, so a user's VS Code never exposes them.
 */
export function exposesTestApi(inTestMode: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return inTestMode || env[TEST_API_ENV] === '1';
}
