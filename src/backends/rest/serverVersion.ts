/**
 * Feature detection from `GET /version` (docs/rest-api.md#feature-detection): the plain-text MLflow
 * version decides which endpoints exist (aliases 2.3+, logged models 3.0+).
 */
import { isMlflowError } from '../../core/errors';
import type { HttpClient } from './httpClient';
import { RestError } from './restErrors';

export interface ServerVersion {
  text: string;
  major: number;
  minor: number;
}

export function parseServerVersion(text: string): ServerVersion | undefined {
  const m = /^\s*(\d+)\.(\d+)(?:\.\d+)?[\w.+-]*\s*$/.exec(text);
  return m ? { text: text.trim(), major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/** An unknown version (no /version route) is treated as new enough: the server then decides. */
export function atLeast(v: ServerVersion | null, major: number, minor: number): boolean {
  return v === null || v.major > major || (v.major === major && v.minor >= minor);
}

export async function detectServerVersion(client: HttpClient): Promise<ServerVersion | null> {
  let answer: { text: string; contentType: string };
  try {
    answer = await client.text({ method: 'GET', path: '/version', retry: 'safe' });
  } catch (e) {
    // A proxy that forwards only /api/ hides /version; the API itself may still be there.
    if (isMlflowError(e, 'ENDPOINT_NOT_FOUND')) return null;
    throw e;
  }
  const version = parseServerVersion(answer.text);
  if (!version) {
    const shown = answer.text.replace(/\s+/g, ' ').trim().slice(0, 80);
    throw new RestError(
      'ENDPOINT_NOT_FOUND',
      `The server at ${client.location} answered GET /version with "${shown}" (${answer.contentType || 'no content type'}), not an MLflow version. ` +
        'Is it an MLflow tracking server? Check the URL and any path prefix; a login page or proxy may be in the way.',
      200,
      false,
    );
  }
  return version;
}
