/**
 * Errors carry MLflow's own error codes so that callers (and users) see the
 * same vocabulary whichever backend answered.
 */
export type ErrorCode =
  | 'INVALID_PARAMETER_VALUE'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'ENDPOINT_NOT_FOUND'
  | 'PERMISSION_DENIED'
  | 'UNAUTHENTICATED'
  | 'RESOURCE_CONFLICT'
  | 'REQUEST_LIMIT_EXCEEDED'
  | 'INTERNAL_ERROR'
  | 'INVALID_STATE'
  | 'NOT_IMPLEMENTED'
  | 'TEMPORARILY_UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  /** Ours, not MLflow's: the store was opened read-only (unknown schema revision, read-only file). */
  | 'READ_ONLY';

const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  BAD_REQUEST: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  NOT_FOUND: 404,
  ENDPOINT_NOT_FOUND: 404,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  RESOURCE_CONFLICT: 409,
  REQUEST_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  INVALID_STATE: 500,
  NOT_IMPLEMENTED: 501,
  TEMPORARILY_UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
  READ_ONLY: 403,
};

export class MlflowError extends Error {
  override readonly name = 'MlflowError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  /** The HTTP status MLflow's server answers with for this code (mlflow/exceptions.py). */
  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export const invalidParameter = (message: string): MlflowError => new MlflowError('INVALID_PARAMETER_VALUE', message);

export const doesNotExist = (message: string): MlflowError => new MlflowError('RESOURCE_DOES_NOT_EXIST', message);

export const alreadyExists = (message: string): MlflowError => new MlflowError('RESOURCE_ALREADY_EXISTS', message);

export const modelNotFound = (name: string): MlflowError => doesNotExist(`Registered Model with name=${name} not found`);

export const versionNotFound = (name: string, version: string | number): MlflowError =>
  doesNotExist(`Model Version (name=${name}, version=${version}) not found`);

export function isMlflowError(e: unknown, code?: ErrorCode): e is MlflowError {
  return e instanceof MlflowError && (code === undefined || e.code === code);
}
