import { describe, expect, it } from 'vitest';
import { CardChannel } from '../channel';
import { TextAp } from '../profiles/text-ap';
import { DEMO_RESIDENT, createDemoCardReader } from './demo';

describe('demo card reader', () => {
  it('reads the demo resident with the demo PIN', async () => {
    const textAp = new TextAp(new CardChannel(await createDemoCardReader()));
    await textAp.verifyPin(DEMO_RESIDENT.pin);
    expect(await textAp.readAttributes()).toMatchObject({ name: '見本\u3000花子', birthDate: '1958-02-28', sex: 'female' });
  });
});
