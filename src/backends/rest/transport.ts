/**
 * One HTTP exchange on node:http/https, bounded in time from the first byte to
 * the last. It reports how far the request got, because a write that may have
 * reached the server must not be blindly repeated.
 */
import * as http from 'node:http';
import * as https from 'node:https';

export type FailureKind = 'timeout' | 'refused' | 'dns' | 'unreachable' | 'tls-server' | 'tls-client' | 'reset' | 'tooLarge' | 'other';

export interface TransportFailure {
  kind: FailureKind;
  /** The request may have been read by the server (the connection was up when things went wrong). */
  reachedServer: boolean;
  /** Failed on a kept-alive connection before any answer: the server had closed it meanwhile. */
  staleConnection: boolean;
  code?: string;
  detail: string;
  timeoutMs?: number;
}

export class TransportFailureError extends Error {
  constructor(readonly failure: TransportFailure) {
    super(failure.detail);
  }
}

export interface OutgoingRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
  agent: http.Agent;
  /** An answer body longer than this ends the exchange (a file read must not fill memory). */
  maxBytes?: number;
}

export interface IncomingAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const TLS_VERIFY_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
  'INVALID_CA',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
]);

function classify(err: NodeJS.ErrnoException, connected: boolean, stale: boolean): TransportFailure {
  const code = err.code;
  // OpenSSL messages run over lines and name source files; the first line is the readable part.
  const base = { code, detail: err.message.split('\n')[0].trim(), staleConnection: stale };
  if (code === 'ECONNREFUSED') return { ...base, kind: 'refused', reachedServer: false, detail: 'connection refused' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { ...base, kind: 'dns', reachedServer: false, detail: 'the host name could not be resolved' };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL' || (code === 'ETIMEDOUT' && !connected)) {
    return { ...base, kind: 'unreachable', reachedServer: false };
  }
  if (code !== undefined && TLS_VERIFY_CODES.has(code)) return { ...base, kind: 'tls-server', reachedServer: false };
  // The server ended the handshake with an alert: it refused us before reading any request.
  if ((code !== undefined && /^ERR_SSL_.*ALERT/.test(code)) || /alert (certificate|handshake|bad certificate|unknown ca)/i.test(err.message)) {
    const alert = /alert ([a-z ]+?)(?::|$)/i.exec(err.message)?.[1];
    return { ...base, kind: 'tls-client', reachedServer: false, detail: alert ? `it answered with the TLS alert "${alert}"` : base.detail };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || err.message === 'aborted') {
    return { ...base, kind: 'reset', reachedServer: connected };
  }
  return { ...base, kind: 'other', reachedServer: connected };
}

export function sendOnce(out: OutgoingRequest): Promise<IncomingAnswer> {
  const lib = out.url.protocol === 'https:' ? https : http;
  return new Promise<IncomingAnswer>((resolve, reject) => {
    let settled = false;
    let connected = false;
    let answered = false;
    const request = lib.request(out.url, { method: out.method, headers: out.headers, agent: out.agent });
    const finish = (result: { ok: IncomingAnswer } | { failure: TransportFailure }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('ok' in result) {
        resolve(result.ok);
      } else {
        request.destroy();
        reject(new TransportFailureError(result.failure));
      }
    };
    const stale = (): boolean => request.reusedSocket && !answered;
    // One deadline for the whole exchange, the body included: a server that trickles bytes cannot hold us.
    const timer = setTimeout(() => {
      finish({ failure: { kind: 'timeout', reachedServer: connected, staleConnection: false, detail: 'timed out', timeoutMs: out.timeoutMs } });
    }, out.timeoutMs);

    request.on('socket', (socket) => {
      if (!socket.connecting) {
        connected = true;
        return;
      }
      socket.once(out.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
        connected = true;
      });
    });
    request.on('error', (e) => finish({ failure: classify(e, connected, stale()) }));
    request.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      let received = 0;
      const lost = (): void =>
        finish({ failure: { kind: 'reset', reachedServer: true, staleConnection: false, detail: 'the connection closed in the middle of the answer' } });
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (out.maxBytes !== undefined && received > out.maxBytes) {
          finish({ failure: { kind: 'tooLarge', reachedServer: true, staleConnection: false, detail: `the answer is larger than ${out.maxBytes} bytes` } });
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', lost);
      res.on('end', () => {
        if (!res.complete) return lost();
        finish({ ok: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) } });
      });
      res.on('close', () => {
        if (!res.complete) lost();
      });
    });
    request.end(out.body);
  });
}
