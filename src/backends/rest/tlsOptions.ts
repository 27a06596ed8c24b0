/**
 * The TLS side of MLflow's client settings (docs/authentication.md#client-settings): an extra CA bundle,
 * a client certificate for mutual TLS, or no verification when asked for.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { invalidParameter } from '../../core/errors';
import type { RestConnectOptions } from './options';

export interface TlsMaterial {
  ca?: string[];
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

type ReadFile = (path: string) => string;
const readUtf8: ReadFile = (path) => readFileSync(path, 'utf8');

function readPem(what: string, path: string, readFile: ReadFile): string {
  try {
    return readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw invalidParameter(`Could not read the ${what} at ${path}${code ? ` (${code})` : ''}.`);
  }
}

export function tlsMaterial(o: RestConnectOptions, readFile: ReadFile = readUtf8): TlsMaterial {
  const hasCa = o.caCert !== undefined || o.caCertPath !== undefined;
  if (o.insecure && hasCa) {
    // MLflow refuses the same combination: trusting a CA and trusting nothing contradict each other.
    throw invalidParameter(
      'TLS verification cannot be both skipped (MLFLOW_TRACKING_INSECURE_TLS) and pinned to a CA bundle (MLFLOW_TRACKING_SERVER_CERT_PATH); set only one.',
    );
  }
  const material: TlsMaterial = { rejectUnauthorized: o.insecure !== true };
  if (hasCa) {
    const pem = o.caCert ?? readPem('CA certificate file', o.caCertPath!, readFile);
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw invalidParameter(`The CA bundle ${o.caCertPath ?? '(given inline)'} holds no PEM certificate.`);
    }
    // Added to the system roots rather than replacing them, so a private CA does not break public servers.
    material.ca = [...rootCertificates, pem];
  }
  if (o.clientCert !== undefined || o.clientCertPath !== undefined) {
    const pem = o.clientCert ?? readPem('client certificate file', o.clientCertPath!, readFile);
    if (!pem.includes('-----BEGIN CERTIFICATE-----') || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
      throw invalidParameter(
        `The client certificate ${o.clientCertPath ?? '(given inline)'} must be one PEM holding both the certificate and its private key.`,
      );
    }
    // Node picks the certificate and the key blocks out of the same PEM text.
    material.cert = pem;
    material.key = pem;
  }
  return material;
}
