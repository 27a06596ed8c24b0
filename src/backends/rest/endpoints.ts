/**
 * Every MLflow endpoint the REST backend calls (docs/rest-api.md#endpoints, docs/rest-api.md#tracking-endpoints), with its
 * method and whether a second copy of the request is harmless. That last
 * column is a decision, not a default: see ApiCall.retry.
 */
import type { ApiCall } from './httpClient';

const API = '/api/2.0/mlflow';

type Endpoint = Pick<ApiCall, 'method' | 'path' | 'retry'>;
const get = (path: string): Endpoint => ({ method: 'GET', path: `${API}/${path}`, retry: 'safe' });

export const ENDPOINTS = {
  searchModels: get('registered-models/search'),
  getModel: get('registered-models/get'),
  /** A second create fails with RESOURCE_ALREADY_EXISTS: verified with a GET instead of repeated. */
  createModel: { method: 'POST', path: `${API}/registered-models/create`, retry: 'once' },
  /** A second rename fails because the old name is gone: verified instead of repeated. */
  renameModel: { method: 'POST', path: `${API}/registered-models/rename`, retry: 'once' },
  updateModel: { method: 'PATCH', path: `${API}/registered-models/update`, retry: 'safe' },
  deleteModel: { method: 'DELETE', path: `${API}/registered-models/delete`, retry: 'safe' },
  setModelTag: { method: 'POST', path: `${API}/registered-models/set-tag`, retry: 'safe' },
  deleteModelTag: { method: 'DELETE', path: `${API}/registered-models/delete-tag`, retry: 'safe' },
  latestVersionsGet: get('registered-models/get-latest-versions'),
  /** A read that takes a JSON body (for `stages`). */
  latestVersionsPost: { method: 'POST', path: `${API}/registered-models/get-latest-versions`, retry: 'safe' },
  setAlias: { method: 'POST', path: `${API}/registered-models/alias`, retry: 'safe' },
  deleteAlias: { method: 'DELETE', path: `${API}/registered-models/alias`, retry: 'safe' },
  getAlias: get('registered-models/alias'),
  /** Not idempotent: each copy makes a new version number. */
  createVersion: { method: 'POST', path: `${API}/model-versions/create`, retry: 'once' },
  getVersion: get('model-versions/get'),
  updateVersion: { method: 'PATCH', path: `${API}/model-versions/update`, retry: 'safe' },
  deleteVersion: { method: 'DELETE', path: `${API}/model-versions/delete`, retry: 'safe' },
  /** Moving to a stage twice leaves the same state. */
  transitionStage: { method: 'POST', path: `${API}/model-versions/transition-stage`, retry: 'safe' },
  setVersionTag: { method: 'POST', path: `${API}/model-versions/set-tag`, retry: 'safe' },
  deleteVersionTag: { method: 'DELETE', path: `${API}/model-versions/delete-tag`, retry: 'safe' },
  searchVersions: get('model-versions/search'),
  downloadUri: get('model-versions/get-download-uri'),
  getRun: get('runs/get'),
  /** A run's artifacts, one folder at a time, paths relative to the run's artifact root (recording 15). */
  listRunArtifacts: get('artifacts/list'),
  /** One file of a run's artifacts (`run_uuid`, `path`); outside /api/2.0, as MLflow's UI calls it (recording 30). */
  runArtifact: { method: 'GET', path: '/get-artifact', retry: 'safe' },
  getExperiment: get('experiments/get'),
  /** `run_id`, `metric_key`, and on servers that page, `max_results` / `page_token` (recordings 53-56). */
  metricHistory: get('metrics/get-history'),
} as const satisfies Record<string, Endpoint>;

/** `--serve-artifacts` storage: `?path=` lists a folder, `/<path>` downloads a file (docs/rest-api.md#model-files). */
export const PROXIED_ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';

/** `logged-models/{id}` (3.0+) has the id in its path. */
export const loggedModelEndpoint = (modelId: string): Endpoint => get(`logged-models/${encodeURIComponent(modelId)}`);
