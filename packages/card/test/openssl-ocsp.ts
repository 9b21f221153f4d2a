import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { generateRsaKeyPair, OID, type TestCertificateAuthority } from '../src/sim/test-ca';
import { toBufferSource } from '../src/bytes';
import { serialNumberHex } from '../src/verify/certificate';

export function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; we release it for the child to bind). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function opensslTime(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(date.getUTCFullYear() % 100)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
}

export interface IndexEntry {
  readonly certificate: Uint8Array;
  readonly revokedAt?: Date;
}

export interface OcspResponder {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Runs `openssl ocsp` as a real OCSP responder for one CA, with a delegated responder certificate
 * (id-kp-OCSPSigning) issued by that CA, answering from an openssl `ca`-style index file.
 */
export async function startOpensslOcsp(
  ca: TestCertificateAuthority,
  entries: readonly IndexEntry[],
  options: { port?: number; signerCa?: TestCertificateAuthority } = {},
): Promise<OcspResponder> {
  const dir = await mkdtemp(join(tmpdir(), 'madoguchi-ocsp-'));
  const signerCa = options.signerCa ?? ca;
  const responderKeys = await generateRsaKeyPair();
  const responderCert = await signerCa.issue({
    subject: { country: 'JP', commonName: 'Test OCSP responder' },
    publicKey: responderKeys.publicKey,
    extendedKeyUsage: [OID.ocspSigning],
  });
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', responderKeys.privateKey));
  const lines = entries.map(({ certificate, revokedAt }) => {
    const cert = pkijs.Certificate.fromBER(toBufferSource(certificate));
    const expiry = opensslTime(cert.notAfter.value);
    const serial = serialNumberHex(cert);
    return revokedAt === undefined
      ? `V\t${expiry}\t\t${serial}\tunknown\t/CN=test`
      : `R\t${expiry}\t${opensslTime(revokedAt)}\t${serial}\tunknown\t/CN=test`;
  });
  await writeFile(join(dir, 'index.txt'), lines.join('\n') + '\n');
  await writeFile(join(dir, 'index.txt.attr'), 'unique_subject = no\n');
  await writeFile(join(dir, 'ca.pem'), pem('CERTIFICATE', ca.certificate));
  await writeFile(join(dir, 'responder.pem'), pem('CERTIFICATE', responderCert));
  await writeFile(join(dir, 'responder.key'), pem('PRIVATE KEY', pkcs8));
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    'openssl',
    ['ocsp', '-index', 'index.txt', '-port', String(port), '-CA', 'ca.pem', '-rsigner', 'responder.pem', '-rkey', 'responder.key', '-nmin', '10'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`openssl ocsp did not start: ${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ACCEPT') || output.includes('Waiting for OCSP client connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`openssl ocsp exited with ${code}: ${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
