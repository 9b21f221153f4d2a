import { CardChannel, JpkiAp, TextAp, type IndividualNumberProcedure } from '@madoguchi/card';
import { PcscTransport, VpcdCardProcess } from '@madoguchi/card/node';
import { createSimulatedIssuers, personaliseMyNumberCard } from '@madoguchi/card/sim';
import { acquirePcscLock, insertCard, isFirstVirtualSlot, removeCard, startPcscd } from '@madoguchi/card/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, WEB_ORIGIN, connectAs } from '../test/agent-fixtures';
import { startCardAgent } from './server';

let release: () => Promise<void>;
let pcscd: { stop(): Promise<void> };

beforeAll(async () => {
  release = await acquirePcscLock();
  pcscd = await startPcscd();
}, 150_000);

afterAll(async () => {
  await pcscd?.stop();
  await release?.();
});

describe('the real path: simulated card → vpcd → pcscd → PC/SC → card-agent → WebSocket', () => {
  it('reads the attributes, the individual number for a 個人番号利用事務 procedure, and the auth certificate', async () => {
    const issuers = await createSimulatedIssuers();
    const { card, credentials } = await personaliseMyNumberCard(
      {
        familyName: '尾花沢',
        givenName: '次郎',
        address: '山形県尾花沢市新町三丁目４番５号',
        birthDate: '1944-11-03',
        sex: 'male',
        individualNumber: '987654321093',
        pin: '7531',
        signingPassword: 'JIRO2026',
      },
      issuers,
    );
    const vpcd = await VpcdCardProcess.start(card);
    await insertCard(vpcd);
    const agent = await startCardAgent({
      openTransport: () => PcscTransport.open({ reader: isFirstVirtualSlot }),
      allowedOrigins: [WEB_ORIGIN],
      pairingToken: TOKEN,
      individualNumberProcedures: ['move-in'],
    });
    try {
      const transport = await connectAs(agent.url, WEB_ORIGIN, TOKEN);
      expect(await transport.status()).toMatchObject({ cardPresent: true });
      const channel = new CardChannel(transport, { timeoutMs: 15_000 });
      const textAp = new TextAp(channel);
      await textAp.verifyPin('7531');
      expect(await textAp.readAttributes()).toEqual({
        name: '尾花沢\u3000次郎',
        address: '山形県尾花沢市新町三丁目４番５号',
        birthDate: '1944-11-03',
        sex: 'male',
      });
      const moveIn: IndividualNumberProcedure = { id: 'move-in', individualNumberUse: true };
      await expect(textAp.readIndividualNumber(moveIn)).rejects.toMatchObject({ code: 'CARD_INDIVIDUAL_NUMBER_NOT_PERMITTED' });
      expect(await transport.declarePurpose(moveIn)).toBe(true);
      expect(await textAp.readIndividualNumber(moveIn)).toBe('987654321093');
      expect(await new JpkiAp(channel).readAuthCertificate()).toEqual(credentials.authCertificate);
      await transport.close();
    } finally {
      await agent.close();
      await removeCard(vpcd);
      await vpcd.stop();
    }
  });
});
