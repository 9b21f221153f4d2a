import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toBufferSource } from '../bytes';

/**
 * A certificate authority made at test time, standing in for J-LIS (which issues the real JPKI
 * certificates and whose keys obviously cannot be here). Everything it makes is ordinary X.509, so
 * the verification code under test cannot tell it from a real CA. Browser-safe: WebCrypto only.
 */
export const RSA_SIGNING: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  modulusLength: 2048,
  publicExponent: Uint8Array.of(1, 0, 1),
};

export async function generateRsaKeyPair(): Promise<CryptoKeyPair> {
  // Extractable so the simulator can do the card's raw RSA operation and tests can hand keys to openssl.
  return crypto.subtle.generateKey(RSA_SIGNING, true, ['sign', 'verify']);
}

export const OID = {
  commonName: '2.5.4.3',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocsp: '1.3.6.1.5.5.7.48.1',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  cRLNumber: '2.5.29.20',
} as const;

export interface DistinguishedName {
  readonly country?: string;
  readonly organization?: string;
  readonly organizationalUnit?: string;
  readonly commonName: string;
}

function buildName(name: DistinguishedName): pkijs.RelativeDistinguishedNames {
  const rdn = new pkijs.RelativeDistinguishedNames();
  const add = (type: string, value: pkijs.AttributeValueType) =>
    rdn.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type, value }));
  if (name.country !== undefined) add(OID.country, new asn1js.PrintableString({ value: name.country }));
  if (name.organization !== undefined) add(OID.organization, new asn1js.Utf8String({ value: name.organization }));
  if (name.organizationalUnit !== undefined) {
    add(OID.organizationalUnit, new asn1js.Utf8String({ value: name.organizationalUnit }));
  }
  add(OID.commonName, new asn1js.Utf8String({ value: name.commonName }));
  return rdn;
}

export type KeyUsageBit = 'digitalSignature' | 'nonRepudiation' | 'keyCertSign' | 'cRLSign';
const KEY_USAGE_BIT: Record<KeyUsageBit, number> = { digitalSignature: 0, nonRepudiation: 1, keyCertSign: 5, cRLSign: 6 };

function keyUsage(bits: readonly KeyUsageBit[]): asn1js.BitString {
  let value = 0;
  let highest = 0;
  for (const bit of bits) {
    const index = KEY_USAGE_BIT[bit];
    value |= 0x80 >> index;
    highest = Math.max(highest, index);
  }
  return new asn1js.BitString({ valueHex: Uint8Array.of(value).buffer, unusedBits: 7 - highest });
}

/** otherName entries of subjectAltName (JPKI puts the 4 basic attributes there). */
export interface OtherNameEntry {
  readonly oid: string;
  readonly value: string;
}

function subjectAltName(entries: readonly OtherNameEntry[]): asn1js.Sequence {
  return new asn1js.Sequence({
    value: entries.map(
      (entry) =>
        new asn1js.Constructed({
          idBlock: { tagClass: 3, tagNumber: 0 },
          value: [
            new asn1js.ObjectIdentifier({ value: entry.oid }),
            new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Utf8String({ value: entry.value })] }),
          ],
        }),
    ),
  });
}

function uri(value: string): pkijs.GeneralName {
  return new pkijs.GeneralName({ type: 6, value });
}

async function keyIdentifier(publicKey: CryptoKey): Promise<ArrayBuffer> {
  const spki = new pkijs.PublicKeyInfo();
  await spki.importKey(publicKey);
  return crypto.subtle.digest('SHA-1', spki.subjectPublicKey.valueBlock.valueHexView as Uint8Array<ArrayBuffer>);
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

export interface IssueOptions {
  readonly subject: DistinguishedName;
  readonly publicKey: CryptoKey;
  readonly serialNumber?: bigint;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly isCa?: boolean;
  readonly keyUsage?: readonly KeyUsageBit[];
  readonly extendedKeyUsage?: readonly string[];
  readonly ocspUrl?: string;
  readonly crlUrl?: string;
  readonly otherNames?: readonly OtherNameEntry[];
}

export interface TestCertificateAuthority {
  readonly subject: DistinguishedName;
  readonly keys: CryptoKeyPair;
  /** DER of the CA's self-signed certificate. */
  readonly certificate: Uint8Array;
  issue(options: IssueOptions): Promise<Uint8Array>;
  /** A CRL listing the given serial numbers as revoked. */
  createCrl(options: CrlOptions): Promise<Uint8Array>;
}

export interface CrlOptions {
  readonly revoked: ReadonlyArray<{ readonly serialNumber: bigint; readonly revocationDate: Date }>;
  readonly thisUpdate?: Date;
  readonly nextUpdate?: Date;
  readonly crlNumber?: number;
}

let serialCounter = BigInt(Date.now()) * 1000n;

function nextSerial(): bigint {
  serialCounter += 1n;
  return serialCounter;
}

export function bigintToIntegerBytes(value: bigint): Uint8Array {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  // A leading 1 bit would make the INTEGER negative.
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

async function signCertificate(
  options: IssueOptions,
  issuer: pkijs.RelativeDistinguishedNames,
  issuerKeys: CryptoKeyPair,
): Promise<Uint8Array> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: bigintToIntegerBytes(options.serialNumber ?? nextSerial()).buffer as ArrayBuffer });
  cert.issuer = issuer;
  cert.subject = buildName(options.subject);
  const now = Date.now();
  cert.notBefore.value = options.notBefore ?? new Date(now - 60_000);
  cert.notAfter.value = options.notAfter ?? new Date(now + 5 * 365 * 24 * 3600_000);
  await cert.subjectPublicKeyInfo.importKey(options.publicKey);
  const extensions: pkijs.Extension[] = [
    extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: options.isCa === true }).toSchema()),
    extension(OID.keyUsage, true, keyUsage(options.keyUsage ?? (options.isCa ? ['keyCertSign', 'cRLSign'] : ['digitalSignature']))),
    extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: await keyIdentifier(options.publicKey) })),
    extension(
      OID.authorityKeyIdentifier,
      false,
      new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: await keyIdentifier(issuerKeys.publicKey) }) }).toSchema(),
    ),
  ];
  if (options.extendedKeyUsage !== undefined) {
    extensions.push(extension(OID.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes: [...options.extendedKeyUsage] }).toSchema()));
  }
  if (options.otherNames !== undefined && options.otherNames.length > 0) {
    extensions.push(extension(OID.subjectAltName, false, subjectAltName(options.otherNames)));
  }
  if (options.ocspUrl !== undefined) {
    extensions.push(
      extension(
        OID.authorityInfoAccess,
        false,
        new pkijs.InfoAccess({
          accessDescriptions: [new pkijs.AccessDescription({ accessMethod: OID.ocsp, accessLocation: uri(options.ocspUrl) })],
        }).toSchema(),
      ),
    );
  }
  if (options.crlUrl !== undefined) {
    extensions.push(
      extension(
        OID.crlDistributionPoints,
        false,
        new pkijs.CRLDistributionPoints({
          distributionPoints: [new pkijs.DistributionPoint({ distributionPoint: [uri(options.crlUrl)] })],
        }).toSchema(),
      ),
    );
  }
  cert.extensions = extensions;
  await cert.sign(issuerKeys.privateKey, 'SHA-256');
  return new Uint8Array(cert.toSchema().toBER(false));
}

export async function createTestCertificateAuthority(options: {
  readonly subject: DistinguishedName;
  readonly keys?: CryptoKeyPair;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}): Promise<TestCertificateAuthority> {
  const keys = options.keys ?? (await generateRsaKeyPair());
  const issuerName = buildName(options.subject);
  const certificate = await signCertificate(
    {
      subject: options.subject,
      publicKey: keys.publicKey,
      isCa: true,
      ...(options.notBefore ? { notBefore: options.notBefore } : {}),
      notAfter: options.notAfter ?? new Date(Date.now() + 10 * 365 * 24 * 3600_000),
    },
    issuerName,
    keys,
  );
  return {
    subject: options.subject,
    keys,
    certificate,
    issue: (issue) => signCertificate(issue, buildName(options.subject), keys),
    async createCrl(crlOptions) {
      const crl = new pkijs.CertificateRevocationList();
      crl.version = 1;
      crl.issuer = buildName(options.subject);
      crl.thisUpdate = new pkijs.Time({ type: 0, value: crlOptions.thisUpdate ?? new Date(Date.now() - 60_000) });
      crl.nextUpdate = new pkijs.Time({ type: 0, value: crlOptions.nextUpdate ?? new Date(Date.now() + 24 * 3600_000) });
      crl.revokedCertificates = crlOptions.revoked.map(
        (entry) =>
          new pkijs.RevokedCertificate({
            userCertificate: new asn1js.Integer({ valueHex: bigintToIntegerBytes(entry.serialNumber).buffer as ArrayBuffer }),
            revocationDate: new pkijs.Time({ type: 0, value: entry.revocationDate }),
          }),
      );
      crl.crlExtensions = new pkijs.Extensions({
        extensions: [extension(OID.cRLNumber, false, new asn1js.Integer({ value: crlOptions.crlNumber ?? 1 }))],
      });
      await crl.sign(keys.privateKey, 'SHA-256');
      return new Uint8Array(crl.toSchema(true).toBER(false));
    },
  };
}

export function serialNumberOf(der: Uint8Array): bigint {
  const cert = pkijs.Certificate.fromBER(toBufferSource(der));
  let value = 0n;
  for (const b of cert.serialNumber.valueBlock.valueHexView) value = (value << 8n) | BigInt(b);
  return value;
}
