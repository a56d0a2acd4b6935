import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Throwaway certificates for TLS tests, as PEM file paths: a CA, a server certificate for
 * `localhost` / 127.0.0.1 and a client certificate signed by it, and a second, unrelated CA
 * with its own server and client certificates (the "wrong" ones). Made with the `openssl`
 * CLI (P-256 keys, valid one day). `remove()` deletes the directory.
 */
export interface TestCertificates {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  otherCa: string;
  otherClientCert: string;
  otherClientKey: string;
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function authority(dir: string, name: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

function leaf(dir: string, ca: string, name: string, usage: string): void {
  writeFileSync(
    join(dir, `${name}.ext`),
    `subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=${usage}\n`,
  );
  openssl(dir, [
    'req',
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
    `/CN=${name}`,
  ]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '1',
    '-extfile',
    `${name}.ext`,
  ]);
}

/** Creates a fresh set in a temporary directory. */
export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'sy-pki-'));
  authority(dir, 'test-ca');
  leaf(dir, 'test-ca', 'server', 'serverAuth');
  leaf(dir, 'test-ca', 'client', 'clientAuth');
  authority(dir, 'other-ca');
  leaf(dir, 'other-ca', 'other-client', 'clientAuth');
  const path = (file: string) => join(dir, file);
  return {
    dir,
    ca: path('test-ca.crt'),
    serverCert: path('server.crt'),
    serverKey: path('server.key'),
    clientCert: path('client.crt'),
    clientKey: path('client.key'),
    otherCa: path('other-ca.crt'),
    otherClientCert: path('other-client.crt'),
    otherClientKey: path('other-client.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
