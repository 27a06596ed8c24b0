/**
 * A throw-away certificate authority, server certificate and client
 * certificate, made with openssl at test time (nothing secret is checked in).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TlsFixtures {
  caPath: string;
  caPem: string;
  serverKey: string;
  serverCert: string;
  /** Certificate and key in one PEM, as MLFLOW_TRACKING_CLIENT_CERT_PATH expects. */
  clientBundlePath: string;
  /** Only the certificate, no key: must be refused with a clear message. */
  clientCertOnlyPath: string;
}

const openssl = (dir: string, args: string[]): void => {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
};

/** A P-256 key and a certificate signed by the test CA, with the given extensions. */
function issue(dir: string, name: string, subject: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, [
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  ]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}.pem`,
    '-extfile',
    `${name}.ext`,
  ]);
}

export function makeTlsFixtures(dir: string): TlsFixtures {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=mlflow-registry test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  issue(dir, 'server', '/CN=localhost', 'basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  issue(dir, 'client', '/CN=registry-user', 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const clientBundlePath = join(dir, 'client-bundle.pem');
  writeFileSync(clientBundlePath, read('client.pem') + read('client.key'));
  return {
    caPath: join(dir, 'ca.pem'),
    caPem: read('ca.pem'),
    serverKey: read('server.key'),
    serverCert: read('server.pem'),
    clientBundlePath,
    clientCertOnlyPath: join(dir, 'client.pem'),
  };
}
