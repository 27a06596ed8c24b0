import { invalidParameter } from '../../../core/errors';

/**
 * MLflow's SQL store pages by offset and hands the offset out as base64 of
 * Python's json.dumps({"offset": N}) — note the space after the colon. Using
 * the same bytes means a token from either backend means the same thing.
 */
export function encodePageToken(offset: number): string {
  return Buffer.from(`{"offset": ${offset}}`, 'utf8').toString('base64');
}

export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw invalidParameter(`Invalid page token, could not base64-decode: ${token}`);
  }
  const offset = (parsed as { offset?: unknown } | null)?.offset;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw invalidParameter(`Invalid page token, offset must be a non-negative integer: ${token}`);
  }
  return offset;
}
