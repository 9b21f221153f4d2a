import * as pkijs from 'pkijs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toBufferSource } from '../bytes';
import { CardChannel } from '../channel';
import { NotMyNumberCardError, PinFormatError, PinIncorrectError } from '../errors';
import type { PersonalisedCard } from '../sim/my-number-card';
import { SimulatedCard } from '../sim/card';
import { SimulatedCardTransport } from '../sim/transport';
import { AID, JPKI_EF } from './aids';
import { digestInfoOf } from './digest-info';
import { JpkiAp } from './jpki-ap';
import { RecordingTransport, personalisedHanako, testIssuers } from '../../test/fixtures';

let personalised: PersonalisedCard;
let recorder: RecordingTransport;
let jpki: JpkiAp;

beforeAll(async () => {
  personalised = await personalisedHanako();
});

beforeEach(() => {
  recorder = new RecordingTransport(new SimulatedCardTransport(personalised.card));
  jpki = new JpkiAp(new CardChannel(recorder));
});

async function publicKeyOf(der: Uint8Array): Promise<CryptoKey> {
  const cert = pkijs.Certificate.fromBER(toBufferSource(der));
  return cert.getPublicKey({ algorithm: { algorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, usages: ['verify'] } });
}

describe('JPKI AP', () => {
  it('detects the card type from the token file', async () => {
    expect(await jpki.detectCardType()).toBe('myNumberCard');
  });

  it('calls an unknown token or a missing JPKI AP not a My Number card', async () => {
    const odd = new SimulatedCard([
      { aid: AID.jpki, files: [{ kind: 'binary', id: JPKI_EF.token, content: new TextEncoder().encode('SOMETHINGELSE'.padEnd(32)), read: 'always' }] },
    ]);
    await expect(new JpkiAp(new CardChannel(new SimulatedCardTransport(odd))).detectCardType()).rejects.toBeInstanceOf(NotMyNumberCardError);
    const empty = new SimulatedCard([]);
    await expect(new JpkiAp(new CardChannel(new SimulatedCardTransport(empty))).detectCardType()).rejects.toBeInstanceOf(NotMyNumberCardError);
  });

  it('reads the 利用者証明用 certificate without a PIN', async () => {
    const der = await jpki.readAuthCertificate();
    expect(der).toEqual(personalised.credentials.authCertificate);
    expect(recorder.commands.some((c) => c.startsWith('00200080'))).toBe(false);
    expect(await jpki.readAuthCaCertificate()).toEqual((await testIssuers()).authCa.certificate);
  });

  it('reads the 署名用 certificate only with the password', async () => {
    await expect(jpki.readSigningCertificate('WRONGPASS1')).rejects.toMatchObject({ triesLeft: 4 });
    expect(await jpki.readSigningCertificate('HANAKO2026')).toEqual(personalised.credentials.signingCertificate);
    expect(await jpki.readPinStatus('signing')).toEqual({ state: 'verified' });
  });

  it('signs a login challenge with the auth key, verifiable with the certificate', async () => {
    const nonce = crypto.getRandomValues(new Uint8Array(32));
    const signature = await jpki.sign('auth', '1234', await digestInfoOf('SHA-256', nonce));
    const key = await publicKeyOf(await jpki.readAuthCertificate());
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, toBufferSource(signature), nonce)).toBe(true);
    nonce[0] = (nonce[0] ?? 0) ^ 1;
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, toBufferSource(signature), nonce)).toBe(false);
  });

  it('signs with the signing key after the password', async () => {
    const data = new TextEncoder().encode('児童手当 認定請求書');
    const signature = await jpki.sign('signing', 'HANAKO2026', await digestInfoOf('SHA-256', data));
    const key = await publicKeyOf(personalised.credentials.signingCertificate);
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, toBufferSource(signature), data)).toBe(true);
  });

  it('does not sign after a wrong PIN, and does not retry', async () => {
    await expect(jpki.sign('auth', '0000', await digestInfoOf('SHA-256', new Uint8Array(1)))).rejects.toBeInstanceOf(PinIncorrectError);
    expect(recorder.commands.filter((c) => c.startsWith('802A'))).toEqual([]);
    expect(recorder.commands.filter((c) => c.startsWith('002000800430303030'))).toHaveLength(1);
    // Restore the counter for the other tests sharing this card.
    await jpki.sign('auth', '1234', await digestInfoOf('SHA-256', new Uint8Array(1)));
  });

  it('rejects a malformed password or DigestInfo before any APDU', async () => {
    await expect(jpki.sign('signing', 'short', await digestInfoOf('SHA-256', new Uint8Array(1)))).rejects.toBeInstanceOf(PinFormatError);
    await expect(jpki.sign('auth', '1234', new Uint8Array(32))).rejects.toThrow(RangeError);
    expect(recorder.commands).toEqual([]);
  });
});
