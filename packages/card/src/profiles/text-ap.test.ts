import { beforeEach, describe, expect, it } from 'vitest';
import { CardChannel } from '../channel';
import { IndividualNumberNotPermittedError, NotMyNumberCardError, PinFormatError, PinIncorrectError, PinLockedError, SecurityStatusError } from '../errors';
import { createForeignCard } from '../sim/my-number-card';
import { SimulatedCardTransport } from '../sim/transport';
import { HANAKO, RecordingTransport, hanakoOnReader } from '../../test/fixtures';
import type { IndividualNumberProcedure, ProcedureRef } from './procedure';
import { TextAp } from './text-ap';

const MOVE_IN: IndividualNumberProcedure = { id: 'move-in', individualNumberUse: true };
const DOG_REGISTRATION: ProcedureRef = { id: 'dog-registration', individualNumberUse: false };

let recorder: RecordingTransport;
let textAp: TextAp;
let channel: CardChannel;

beforeEach(async () => {
  const { transport } = await hanakoOnReader();
  recorder = new RecordingTransport(transport);
  channel = new CardChannel(recorder);
  textAp = new TextAp(channel);
});

describe('券面事項入力補助AP', () => {
  it('reads the retry counter without spending a try', async () => {
    expect(await textAp.readPinStatus()).toEqual({ state: 'ready', triesLeft: 3 });
    expect(await textAp.readPinStatus()).toEqual({ state: 'ready', triesLeft: 3 });
    expect(recorder.commands.filter((c) => c.startsWith('00200080'))).toEqual(['00200080', '00200080']);
  });

  it('reads the four attributes after VERIFY, in the card format converted to ours', async () => {
    await textAp.verifyPin('1234');
    expect(await textAp.readAttributes()).toEqual({
      name: '尾花沢\u3000花子',
      address: HANAKO.address,
      birthDate: '1958-02-28',
      sex: 'female',
    });
    // The address is longer than 127 bytes in UTF-8, so the file needs a long-form length and a chained read.
    expect(recorder.commands.filter((c) => c.startsWith('00B0')).length).toBeGreaterThanOrEqual(2);
  });

  it('selects the application once, so the VERIFY is not thrown away', async () => {
    await textAp.verifyPin('1234');
    await textAp.readAttributes();
    expect(recorder.commands.filter((c) => c.startsWith('00A4040C')).length).toBe(1);
  });

  it('refuses to read attributes before the PIN is verified', async () => {
    await expect(textAp.readAttributes()).rejects.toBeInstanceOf(SecurityStatusError);
  });

  it('sends exactly one VERIFY for a wrong PIN and says how many tries are left', async () => {
    const error = await textAp.verifyPin('9999').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PinIncorrectError);
    expect((error as PinIncorrectError).triesLeft).toBe(2);
    expect((error as PinIncorrectError).code).toBe('CARD_PIN_INCORRECT');
    expect((error as PinIncorrectError).message).toContain('あと2回間違えるとロックされます');
    expect(recorder.commands.filter((c) => c.startsWith('002000800439393939'))).toHaveLength(1);
    expect(await textAp.readPinStatus()).toEqual({ state: 'ready', triesLeft: 2 });
  });

  it('reports a locked PIN with the way out', async () => {
    for (const tries of [2, 1]) {
      await expect(textAp.verifyPin('0000')).rejects.toMatchObject({ triesLeft: tries });
    }
    const locking = await textAp.verifyPin('0000').catch((e: unknown) => e);
    expect(locking).toBeInstanceOf(PinLockedError);
    expect((locking as PinLockedError).message).toContain('市役所の窓口');
    await expect(textAp.verifyPin('1234')).rejects.toBeInstanceOf(PinLockedError);
    expect(await textAp.readPinStatus()).toEqual({ state: 'locked' });
  });

  it('rejects a malformed PIN before it reaches the card', async () => {
    await expect(textAp.verifyPin('12345')).rejects.toBeInstanceOf(PinFormatError);
    await expect(textAp.verifyPin('12a4')).rejects.toMatchObject({ code: 'CARD_PIN_FORMAT' });
    expect(recorder.commands).toEqual([]);
  });

  it('reads the individual number only for a 個人番号利用事務 procedure', async () => {
    await textAp.verifyPin('1234');
    expect(await textAp.readIndividualNumber(MOVE_IN)).toBe('123456789018');
  });

  it('never selects EF 0001 for any other procedure, even when the type is cast away', async () => {
    await textAp.verifyPin('1234');
    const before = recorder.commands.length;
    const cast = DOG_REGISTRATION as unknown as IndividualNumberProcedure;
    await expect(textAp.readIndividualNumber(cast)).rejects.toBeInstanceOf(IndividualNumberNotPermittedError);
    const truthy = { id: 'x', individualNumberUse: 'yes' } as unknown as IndividualNumberProcedure;
    await expect(textAp.readIndividualNumber(truthy)).rejects.toMatchObject({ code: 'CARD_INDIVIDUAL_NUMBER_NOT_PERMITTED' });
    expect(recorder.commands.slice(before)).toEqual([]);
  });

  it('reads the J-LIS signature file and its certificate', async () => {
    await textAp.verifyPin('1234');
    const signature = await textAp.readSignatureFile();
    expect(signature.individualNumberDigest).toHaveLength(32);
    expect(signature.attributesDigest).toHaveLength(32);
    expect(signature.signature).toHaveLength(256);
    const certificate = await textAp.readSignerCertificate();
    expect(certificate[0]).toBe(0x30);
    expect(certificate.length).toBeGreaterThan(256);
  });

  it('keeps concurrent operations on one channel from interleaving', async () => {
    await textAp.verifyPin('1234');
    const [attributes, certificate, status] = await Promise.all([
      textAp.readAttributes(),
      textAp.readSignerCertificate(),
      textAp.readPinStatus(),
    ]);
    expect(attributes.birthDate).toBe('1958-02-28');
    expect(certificate[0]).toBe(0x30);
    expect(status).toEqual({ state: 'verified' });
  });

  it('says a foreign card is not a My Number card', async () => {
    const foreign = new TextAp(new CardChannel(new SimulatedCardTransport(createForeignCard())));
    await expect(foreign.readPinStatus()).rejects.toBeInstanceOf(NotMyNumberCardError);
  });
});
