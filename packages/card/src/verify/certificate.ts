import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toBufferSource } from '../bytes';
import { VerificationError } from './errors';

export const EXTENSION = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

const OCSP_ACCESS_METHOD = '1.3.6.1.5.5.7.48.1';

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  try {
    return pkijs.Certificate.fromBER(toBufferSource(der));
  } catch (error) {
    throw new VerificationError('CERT_MALFORMED', 'certificate is not DER X.509', { cause: error });
  }
}

export function certificateDer(certificate: pkijs.Certificate): Uint8Array {
  return new Uint8Array(certificate.toSchema(true).toBER(false));
}

export function serialNumberHex(certificate: pkijs.Certificate): string {
  return Array.from(certificate.serialNumber.valueBlock.valueHexView, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .replace(/^(00)+(?=.)/, '')
    .toUpperCase();
}

function extensionOf(certificate: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return certificate.extensions?.find((e) => e.extnID === oid);
}

export function isCaCertificate(certificate: pkijs.Certificate): boolean {
  const ext = extensionOf(certificate, EXTENSION.basicConstraints);
  return ext?.parsedValue instanceof pkijs.BasicConstraints && ext.parsedValue.cA === true;
}

/** Key usage bits by name, or undefined when the extension is absent (no restriction). */
export function keyUsageOf(certificate: pkijs.Certificate): ReadonlySet<string> | undefined {
  const ext = extensionOf(certificate, EXTENSION.keyUsage);
  if (ext === undefined) return undefined;
  const bits = ext.parsedValue instanceof asn1js.BitString ? ext.parsedValue.valueBlock.valueHexView : new Uint8Array(0);
  const names = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'];
  const out = new Set<string>();
  names.forEach((name, i) => {
    const byte = bits[i >> 3] ?? 0;
    if ((byte & (0x80 >> (i & 7))) !== 0) out.add(name);
  });
  return out;
}

export function extendedKeyUsageOf(certificate: pkijs.Certificate): readonly string[] {
  const ext = extensionOf(certificate, EXTENSION.extKeyUsage);
  return ext?.parsedValue instanceof pkijs.ExtKeyUsage ? ext.parsedValue.keyPurposes : [];
}

export function ocspUrlOf(certificate: pkijs.Certificate): string | undefined {
  const ext = extensionOf(certificate, EXTENSION.authorityInfoAccess);
  if (!(ext?.parsedValue instanceof pkijs.InfoAccess)) return undefined;
  const entry = ext.parsedValue.accessDescriptions.find((d) => d.accessMethod === OCSP_ACCESS_METHOD && d.accessLocation.type === 6);
  return typeof entry?.accessLocation.value === 'string' ? entry.accessLocation.value : undefined;
}

export function crlUrlsOf(certificate: pkijs.Certificate): readonly string[] {
  const ext = extensionOf(certificate, EXTENSION.crlDistributionPoints);
  if (!(ext?.parsedValue instanceof pkijs.CRLDistributionPoints)) return [];
  const urls: string[] = [];
  for (const point of ext.parsedValue.distributionPoints) {
    const names = Array.isArray(point.distributionPoint) ? point.distributionPoint : [];
    for (const name of names) if (name.type === 6 && typeof name.value === 'string') urls.push(name.value);
  }
  return urls;
}

/** subjectAltName otherName entries as OID → UTF-8 text (where JPKI keeps the 4 basic attributes). */
export function otherNamesOf(certificate: pkijs.Certificate): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const ext = extensionOf(certificate, EXTENSION.subjectAltName);
  if (ext === undefined) return out;
  const parsed = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) return out;
  for (const name of parsed.result.valueBlock.value) {
    if (name.idBlock.tagClass !== 3 || name.idBlock.tagNumber !== 0 || !(name instanceof asn1js.Constructed)) continue;
    const [oid, wrapped] = name.valueBlock.value;
    if (!(oid instanceof asn1js.ObjectIdentifier) || !(wrapped instanceof asn1js.Constructed)) continue;
    const inner = wrapped.valueBlock.value[0];
    if (inner instanceof asn1js.Utf8String || inner instanceof asn1js.PrintableString || inner instanceof asn1js.IA5String) {
      out.set(oid.valueBlock.toString(), inner.valueBlock.value);
    }
  }
  return out;
}

export async function publicKeyOf(certificate: pkijs.Certificate, hash: string = 'SHA-256'): Promise<CryptoKey> {
  try {
    return await certificate.getPublicKey({
      algorithm: { algorithm: { name: 'RSASSA-PKCS1-v1_5', hash }, usages: ['verify'] },
    });
  } catch (error) {
    throw new VerificationError('CERT_MALFORMED', 'certificate key is not RSA', { cause: error });
  }
}
