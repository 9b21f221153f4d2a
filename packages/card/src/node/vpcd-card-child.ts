import { SimulatedCard } from '../sim/card';
import { VpcdCard, type VpcdCardOptions } from './vpcd-card';
import type { VpcdChildReply, VpcdChildRequest } from './vpcd-card-process';

// The virtual card's own process: like a physical card, it keeps answering pcscd whatever the
// process holding the reader is doing (including sitting in a synchronous PC/SC call).
let vpcd: VpcdCard | undefined;

function reply(message: VpcdChildReply): void {
  process.send?.(message);
}

process.on('message', (raw: unknown) => {
  const request = raw as VpcdChildRequest;
  const run = async (): Promise<void> => {
    switch (request.type) {
      case 'init': {
        const options: VpcdCardOptions = request.options;
        vpcd = new VpcdCard(new SimulatedCard(request.applications, request.atr), options);
        return;
      }
      case 'insert':
        await vpcd?.insert();
        return;
      case 'remove':
        await vpcd?.remove();
        return;
    }
  };
  run().then(
    () => reply({ id: request.id, ok: true }),
    (error: unknown) => reply({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});

process.on('disconnect', () => {
  void vpcd?.remove().finally(() => process.exit(0));
});
