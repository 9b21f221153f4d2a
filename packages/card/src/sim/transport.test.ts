import { describe, expect, it } from 'vitest';
import { fromHex } from '../bytes';
import { CardNotPresentError, CardRemovedError, TransportClosedError } from '../errors';
import type { CardEvent } from '../transport';
import { personalisedHanako } from '../../test/fixtures';
import { SimulatedCardTransport } from './transport';

describe('SimulatedCardTransport', () => {
  it('fails a command in flight when the card is lifted, and reports the events', async () => {
    const { card } = await personalisedHanako();
    const transport = new SimulatedCardTransport(undefined, { latencyMs: 50 });
    const events: CardEvent['type'][] = [];
    transport.subscribe((event) => events.push(event.type));
    await expect(transport.transmit(fromHex('00A4040C0AD392F000260100000001'))).rejects.toBeInstanceOf(CardNotPresentError);
    transport.insert(card);
    expect(transport.cardPresent()).toBe(true);
    expect(await transport.transmit(fromHex('00A4040C0AD392F000260100000001'))).toEqual(fromHex('9000'));
    const pending = transport.transmit(fromHex('00A4020C020006'));
    transport.remove();
    await expect(pending).rejects.toBeInstanceOf(CardRemovedError);
    expect(events).toEqual(['inserted', 'removed']);
    await transport.close();
    await expect(transport.transmit(fromHex('00A4020C020006'))).rejects.toBeInstanceOf(TransportClosedError);
  });
});
