import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import type { DemoCardReader } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';

export const demoCardReaderQueryKey = ['demo-card-reader'] as const;

/**
 * Stands in for a resident handing over their card: puts one of the demo cards on the simulated
 * reader or takes it off. The reading itself goes through the card agent exactly as with hardware.
 */
export function DemoCardPanel({ reader }: { reader: DemoCardReader }) {
  const api = useApi();
  const queryClient = useQueryClient();
  // Kept in the cache rather than fetched again: every fetch of the list is an audited read.
  const setInserted = (insertedCardId: string | null) =>
    queryClient.setQueryData<DemoCardReader | null>(demoCardReaderQueryKey, (current) => (current ? { ...current, insertedCardId } : current));
  const insert = useMutation({ mutationFn: (cardId: string) => api.demoCardReader.insert(cardId), onSuccess: (_, cardId) => setInserted(cardId) });
  const remove = useMutation({ mutationFn: () => api.demoCardReader.remove(), onSuccess: () => setInserted(null) });
  const busy = insert.isPending || remove.isPending;

  return (
    <div className="flex flex-col gap-4">
      <p className="text-std-16N-170 text-solid-gray-800">
        カードリーダーの代わりに、ここでカードを置きます。暗証番号はどのカードも <strong>1234</strong> です。
      </p>
      <ul className="flex flex-col gap-3" aria-label="デモ用カード">
        {reader.cards.map((card) => {
          const inserted = reader.insertedCardId === card.id;
          return (
            <li key={card.id} className={`flex flex-col gap-2 rounded-8 border-2 p-3 ${inserted ? 'border-key-900 bg-key-50' : 'border-solid-gray-200'}`}>
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-std-17B-170 text-solid-gray-900">{card.label}</span>
                {inserted ? <Badge tone="positive">リーダーの上</Badge> : null}
              </div>
              <span className="text-dns-14N-130 text-solid-gray-700">{card.note}</span>
              {inserted ? (
                <Button variant="secondary" size="sm" className="self-start" disabled={busy} onClick={() => remove.mutate()}>
                  {`${card.label}を取り外す`}
                </Button>
              ) : (
                <Button variant="secondary" size="sm" className="self-start" disabled={busy} onClick={() => insert.mutate(card.id)}>
                  {`${card.label}を置く`}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      {insert.isError ? <ErrorAlert error={insert.error} title="カードを置けませんでした" /> : null}
      {remove.isError ? <ErrorAlert error={remove.error} title="カードを取り外せませんでした" /> : null}
      <p className="text-dns-14N-130 text-solid-gray-700">
        暗証番号を3回間違えたカードは、本物と同じくロックされます。デモ用カードは、サーバーを起動し直すと元に戻ります。
      </p>
    </div>
  );
}
