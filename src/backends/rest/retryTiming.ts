/**
 * How long to wait before the next attempt: urllib3's exponential backoff (the
 * schedule MLflow's Python client uses), or what the server asked for.
 */

/** No single wait grows past this, however many retries are configured. */
export const MAX_BACKOFF_MS = 30_000;
/** A server asking for a longer pause than this gets an error now rather than a frozen editor. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** The n-th retry (1-based) waits `factor * 2^(n-1)` seconds. */
export function backoffMs(factorSeconds: number, retryNumber: number): number {
  return Math.min(MAX_BACKOFF_MS, Math.max(0, factorSeconds * 1000 * 2 ** (retryNumber - 1)));
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
