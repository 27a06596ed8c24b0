/**
 * MLflow's limits on one search page (docs/rest-api.md#paging-and-limits).
 * Both backends check them before asking, so bad input fails the same way on each.
 */
export const MODELS_MAX_RESULTS = 1000;
export const MODELS_DEFAULT_RESULTS = 100;
export const VERSIONS_MAX_RESULTS = 200_000;
export const VERSIONS_DEFAULT_RESULTS = 10_000;
