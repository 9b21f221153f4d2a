import { type Server, createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardChannel } from '../channel';
import { JpkiAp } from '../profiles/jpki-ap';
import { digestInfoOf } from '../profiles/digest-info';
import { type PersonalisedCard, type SimulatedIssuers, createSimulatedIssuers, personaliseMyNumberCard } from '../sim/my-number-card';
import { createTestCertificateAuthority, generateRsaKeyPair, type TestCertificateAuthority } from '../sim/test-ca';
import { SimulatedCardTransport } from '../sim/transport';
import { HANAKO } from '../../test/fixtures';
import { type OcspResponder, freePort, startOpensslOcsp } from '../../test/openssl-ocsp';
import { parseCertificate } from './certificate';
import { createSignedData, verifySignedData } from './cms';
import { CrlChecker } from './crl';
import { VerificationError } from './errors';
import { signingCertificateAttributes, verifyJpkiAuthentication } from './jpki';
import { OcspClient } from './ocsp';
import { RevocationWithFallback } from './revocation';

const TARO = { ...HANAKO, familyName: '尾花沢', givenName: '太郎', sex: 'male' as const, individualNumber: '987654321093' };

let issuers: SimulatedIssuers;
let hanako: PersonalisedCard;
let taro: PersonalisedCard;
let otherCa: TestCertificateAuthority;
const responders: OcspResponder[] = [];
let crlServer: Server;
const crls = new Map<string, Uint8Array>();
let crlBase: string;

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VerificationError) return error.code;
    throw error;
  }
  return 'OK';
}

function jpkiOf(card: PersonalisedCard): JpkiAp {
  return new JpkiAp(new CardChannel(new SimulatedCardTransport(card.card)));
}

async function login(card: PersonalisedCard, pin = '1234') {
  const challenge = crypto.getRandomValues(new Uint8Array(32));
  const jpki = jpkiOf(card);
  const signature = await jpki.sign('auth', pin, await digestInfoOf('SHA-256', challenge));
  return { certificate: await jpki.readAuthCertificate(), challenge, signature };
}

beforeAll(async () => {
  const [authPort, signingPort, crlPort] = [await freePort(), await freePort(), await freePort()];
  crlBase = `http://127.0.0.1:${crlPort}`;
  issuers = await createSimulatedIssuers({
    ocspUrls: { auth: `http://127.0.0.1:${authPort}/`, signing: `http://127.0.0.1:${signingPort}/` },
    crlUrls: { auth: `${crlBase}/auth.crl`, signing: `${crlBase}/signing.crl` },
  });
  const keys = { auth: await generateRsaKeyPair(), signing: await generateRsaKeyPair() };
  hanako = await personaliseMyNumberCard(HANAKO, issuers, { keys });
  taro = await personaliseMyNumberCard(TARO, issuers, { keys });
  otherCa = await createTestCertificateAuthority({ subject: { country: 'JP', commonName: 'Unrelated CA' }, keys: keys.auth });
  const revokedAt = new Date(Date.now() - 3600_000);
  responders.push(
    await startOpensslOcsp(issuers.authCa, [{ certificate: hanako.credentials.authCertificate }, { certificate: taro.credentials.authCertificate, revokedAt }], { port: authPort }),
    await startOpensslOcsp(issuers.signingCa, [{ certificate: hanako.credentials.signingCertificate }, { certificate: taro.credentials.signingCertificate, revokedAt }], { port: signingPort }),
  );
  const serial = (der: Uint8Array) => {
    let v = 0n;
    for (const b of parseCertificate(der).serialNumber.valueBlock.valueHexView) v = (v << 8n) | BigInt(b);
    return v;
  };
  crls.set('/auth.crl', await issuers.authCa.createCrl({ revoked: [{ serialNumber: serial(taro.credentials.authCertificate), revocationDate: revokedAt }] }));
  crls.set('/signing.crl', await issuers.signingCa.createCrl({ revoked: [{ serialNumber: serial(taro.credentials.signingCertificate), revocationDate: revokedAt }] }));
  crlServer = createServer((req, res) => {
    const body = crls.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(Buffer.from(body));
  });
  await new Promise<void>((resolve) => crlServer.listen(crlPort, '127.0.0.1', resolve));
}, 60_000);

afterAll(async () => {
  await Promise.all(responders.map((r) => r.stop()));
  if (crlServer !== undefined) await new Promise((resolve) => crlServer.close(resolve));
});

function options(overrides: Partial<Parameters<typeof verifyJpkiAuthentication>[1]> = {}) {
  return {
    trust: { anchors: [issuers.authCa.certificate] },
    revocation: new RevocationWithFallback(new OcspClient(), new CrlChecker()),
    ...overrides,
  };
}

describe('JPKI login verification', () => {
  it('accepts a card signature over the challenge, with chain and OCSP', async () => {
    const verified = await verifyJpkiAuthentication(await login(hanako), options());
    expect(verified.revocation).toMatchObject({ status: 'good', source: 'ocsp' });
    expect(verified.chain).toHaveLength(2);
    expect(verified.serialNumber).toMatch(/^[0-9A-F]+$/);
  });

  it('rejects a revoked certificate (openssl ocsp says revoked)', async () => {
    expect(await code(verifyJpkiAuthentication(await login(taro), options()))).toBe('CERT_REVOKED');
  });

  it('rejects a signature over another challenge', async () => {
    const response = await login(hanako);
    const other = { ...response, challenge: crypto.getRandomValues(new Uint8Array(32)) };
    expect(await code(verifyJpkiAuthentication(other, options()))).toBe('SIGNATURE_INVALID');
    const flipped = response.signature.slice();
    flipped[10] = (flipped[10] ?? 0) ^ 0x01;
    expect(await code(verifyJpkiAuthentication({ ...response, signature: flipped }, options()))).toBe('SIGNATURE_INVALID');
  });

  it('rejects a certificate from an issuer that is not a trust anchor', async () => {
    expect(await code(verifyJpkiAuthentication(await login(hanako), options({ trust: { anchors: [otherCa.certificate] } })))).toBe('CERT_CHAIN_UNKNOWN');
    expect(await code(verifyJpkiAuthentication(await login(hanako), options({ trust: { anchors: [issuers.signingCa.certificate] } })))).toBe(
      'CERT_CHAIN_UNKNOWN',
    );
  });

  it('accepts any configured anchor, so a CA rollover needs only configuration', async () => {
    const verified = await verifyJpkiAuthentication(await login(hanako), options({ trust: { anchors: [otherCa.certificate, issuers.authCa.certificate] } }));
    expect(verified.chain[1]?.subject.isEqual(parseCertificate(issuers.authCa.certificate).subject)).toBe(true);
  });

  it('checks the validity period', async () => {
    const response = await login(hanako);
    expect(await code(verifyJpkiAuthentication(response, options({ at: new Date(Date.now() + 6 * 365 * 24 * 3600_000) })))).toBe('CERT_EXPIRED');
    expect(await code(verifyJpkiAuthentication(response, options({ at: new Date(Date.now() - 24 * 3600_000) })))).toBe('CERT_NOT_YET_VALID');
  });
});

describe('revocation', () => {
  const deadUrl = async () => `http://127.0.0.1:${await freePort()}/`;

  it('falls back to the CRL when the OCSP responder is down', async () => {
    const revocation = new RevocationWithFallback(new OcspClient({ responderUrl: await deadUrl(), timeoutMs: 2000 }), new CrlChecker());
    const good = await verifyJpkiAuthentication(await login(hanako), options({ revocation }));
    expect(good.revocation).toMatchObject({ status: 'good', source: 'crl' });
    expect(await code(verifyJpkiAuthentication(await login(taro), options({ revocation })))).toBe('CERT_REVOKED');
  });

  it('fails closed when neither OCSP nor CRL can answer', async () => {
    const revocation = new RevocationWithFallback(
      new OcspClient({ responderUrl: await deadUrl(), timeoutMs: 2000 }),
      new CrlChecker({ source: async () => new Uint8Array([0x30, 0x00]) }),
    );
    expect(await code(verifyJpkiAuthentication(await login(hanako), options({ revocation })))).toBe('REVOCATION_UNAVAILABLE');
  });

  it('does not trust an OCSP answer signed by a responder another CA delegated', async () => {
    const rogue = await startOpensslOcsp(issuers.authCa, [{ certificate: taro.credentials.authCertificate }], { signerCa: otherCa });
    try {
      const revocation = new OcspClient({ responderUrl: rogue.url });
      expect(await code(verifyJpkiAuthentication(await login(taro), options({ revocation })))).toBe('REVOCATION_UNAVAILABLE');
    } finally {
      await rogue.stop();
    }
  });

  it('treats garbage, oversized and silent responders as unavailable, without hanging', async () => {
    const hostile = createServer((req, res) => {
      if (req.url === '/garbage') res.end('not ocsp');
      else if (req.url === '/huge') res.end(Buffer.alloc(200 * 1024, 0x30));
      // '/silent' never answers
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    const port = (hostile.address() as { port: number }).port;
    try {
      for (const path of ['garbage', 'huge', 'silent']) {
        const started = Date.now();
        const revocation = new OcspClient({ responderUrl: `http://127.0.0.1:${port}/${path}`, timeoutMs: 300 });
        expect(await code(verifyJpkiAuthentication(await login(hanako), options({ revocation }))), path).toBe('REVOCATION_UNAVAILABLE');
        expect(Date.now() - started).toBeLessThan(5_000);
      }
    } finally {
      hostile.closeAllConnections();
      await new Promise((resolve) => hostile.close(resolve));
    }
  });

  it('refuses a replayed OCSP answer (nonce from an earlier request)', async () => {
    let cached: Buffer | undefined;
    const replaying = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        if (cached === undefined) {
          const upstream = await fetch(responders[0]?.url ?? '', {
            method: 'POST',
            headers: { 'content-type': 'application/ocsp-request' },
            body: Buffer.concat(chunks),
          });
          cached = Buffer.from(await upstream.arrayBuffer());
        }
        res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(cached);
      });
    });
    await new Promise<void>((resolve) => replaying.listen(0, '127.0.0.1', resolve));
    try {
      const revocation = new OcspClient({ responderUrl: `http://127.0.0.1:${(replaying.address() as { port: number }).port}/` });
      expect(await code(verifyJpkiAuthentication(await login(hanako), options({ revocation })))).toBe('OK');
      expect(await code(verifyJpkiAuthentication(await login(hanako), options({ revocation })))).toBe('REVOCATION_UNAVAILABLE');
    } finally {
      await new Promise((resolve) => replaying.close(resolve));
    }
  });

  it('refuses an out-of-date CRL', async () => {
    const stale = await issuers.authCa.createCrl({
      revoked: [],
      thisUpdate: new Date(Date.now() - 10 * 24 * 3600_000),
      nextUpdate: new Date(Date.now() - 3 * 24 * 3600_000),
    });
    const revocation = new CrlChecker({ source: async () => stale });
    expect(await code(verifyJpkiAuthentication(await login(taro), options({ revocation })))).toBe('REVOCATION_UNAVAILABLE');
  });

  it('rejects a CRL signed by another CA', async () => {
    const forged = await otherCa.createCrl({ revoked: [] });
    const revocation = new CrlChecker({ source: async () => forged });
    expect(await code(verifyJpkiAuthentication(await login(taro), options({ revocation })))).toBe('REVOCATION_UNAVAILABLE');
  });
});

describe('signed applications (CMS SignedData)', () => {
  const content = new TextEncoder().encode(JSON.stringify({ procedure: 'child-allowance', applicant: '尾花沢 花子' }));

  async function signWith(card: PersonalisedCard, data = content, detached = false) {
    const jpki = jpkiOf(card);
    const certificate = await jpki.readSigningCertificate('HANAKO2026');
    return createSignedData({ content: data, certificate, detached, signDigestInfo: (d) => jpki.sign('signing', 'HANAKO2026', d) });
  }

  const signingOptions = () => ({
    trust: { anchors: [issuers.signingCa.certificate] },
    revocation: new RevocationWithFallback(new OcspClient(), new CrlChecker()),
  });

  it('verifies content, signer and revocation, and yields the 4 attributes', async () => {
    const verified = await verifySignedData(await signWith(hanako), signingOptions());
    expect(new TextDecoder().decode(verified.content)).toBe(new TextDecoder().decode(content));
    expect(verified.signer.revocation.status).toBe('good');
    expect(Math.abs((verified.signingTime?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(signingCertificateAttributes(verified.signer.certificate)).toEqual({
      name: '尾花沢\u3000花子',
      address: HANAKO.address,
      birthDate: '1958-02-28',
      sex: 'female',
    });
  });

  it('detects content changed after signing', async () => {
    const cms = await signWith(hanako);
    const text = new TextDecoder('latin1').decode(cms);
    const at = text.indexOf('child-allowance');
    const tampered = cms.slice();
    tampered[at] = 'C'.charCodeAt(0);
    expect(await code(verifySignedData(tampered, signingOptions()))).toBe('DATA_TAMPERED');
    const detached = await signWith(hanako, content, true);
    expect(await code(verifySignedData(detached, { ...signingOptions(), detachedContent: content }))).toBe('OK');
    expect(await code(verifySignedData(detached, { ...signingOptions(), detachedContent: new TextEncoder().encode('{}') }))).toBe('DATA_TAMPERED');
    expect(await code(verifySignedData(detached, signingOptions()))).toBe('SIGNED_DATA_MALFORMED');
  });

  it('detects a changed signature and rejects a revoked signer', async () => {
    const cms = await signWith(hanako);
    const tampered = cms.slice();
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0xff;
    expect(await code(verifySignedData(tampered, signingOptions()))).toBe('SIGNATURE_INVALID');
    expect(await code(verifySignedData(await signWith(taro), signingOptions()))).toBe('CERT_REVOKED');
  });

  it('rejects garbage as malformed, not with a crash', async () => {
    for (const bytes of [new Uint8Array(0), new Uint8Array([0x30, 0x03, 0x06, 0x01, 0x00]), crypto.getRandomValues(new Uint8Array(500))]) {
      expect(await code(verifySignedData(bytes, signingOptions()))).toBe('SIGNED_DATA_MALFORMED');
    }
  });
});
