import type { CardFaceAttributes } from '@madoguchi/card';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Loading';
import { AgentPanel } from '../card/AgentPanel';
import { type AgentSettings, loadAgentSettings, saveAgentSettings } from '../card/agentSettings';
import { CardAttributes } from '../card/CardAttributes';
import { pinPrompt, type CardProblem } from '../card/cardMessages';
import { DemoCardPanel, demoCardReaderQueryKey } from '../card/DemoCardPanel';
import { PinPad } from '../card/PinPad';
import { useCardReader } from '../card/useCardReader';

function Problem({ problem, variant = 'error' }: { problem: CardProblem; variant?: 'error' | 'warning' }) {
  return (
    <Alert variant={variant} title={problem.title}>
      <p>{problem.message}</p>
      {problem.hint ? <p className="mt-1 font-bold">{problem.hint}</p> : null}
    </Alert>
  );
}

/**
 * The card step of 本人確認, with the card-reading screen's own pieces (agent connection, PIN pad,
 * demo card picker): the resident puts the card on the reader and enters the PIN; the four
 * card-face attributes go to the visit once, and leave the page's memory at once.
 */
export function CounterCardPanel({ onRead, busy }: { onRead: (attributes: CardFaceAttributes) => Promise<void>; busy: boolean }) {
  const api = useApi();
  const demoQuery = useQuery({ queryKey: demoCardReaderQueryKey, queryFn: () => api.demoCardReader.get(), staleTime: Infinity, refetchOnWindowFocus: false, retry: false });
  const demo = demoQuery.data ?? null;
  const demoSettings = useMemo<AgentSettings | null>(() => (demo?.agentUrl && demo.pairingToken ? { url: demo.agentUrl, pairingToken: demo.pairingToken } : null), [demo?.agentUrl, demo?.pairingToken]);
  const [manual, setManual] = useState<AgentSettings | null>(null);
  const [stored] = useState(() => loadAgentSettings());
  const settings = demoQuery.isPending ? null : (manual ?? demoSettings ?? stored);
  useEffect(() => {
    if (demoSettings) saveAgentSettings(demoSettings);
  }, [demoSettings]);
  const reader = useCardReader(settings, { demo: demo !== null });
  const { state, clear } = reader;
  const sent = useRef<CardFaceAttributes | null>(null);

  useEffect(() => {
    if (state.card.phase !== 'read' || sent.current === state.card.attributes) return;
    const attributes = state.card.attributes;
    sent.current = attributes;
    void onRead(attributes).finally(() => clear('done'));
  }, [state.card, onRead, clear]);

  const { agent, card, notice } = state;
  let body;
  if (agent.status !== 'connected') {
    body = agent.status === 'connecting' || demoQuery.isPending ? <Loading label="カード読み取りアプリに接続しています…" /> : (
      <AgentPanel agent={agent} settings={settings} demo={demo !== null} onReconnect={reader.reconnect} onSaveSettings={(next) => { saveAgentSettings(next); setManual(next); reader.reconnect(); }} />
    );
  } else {
    switch (card.phase) {
      case 'absent':
      case 'cleared':
        body = (
          <div className="flex flex-col gap-3">
            {notice ? <Problem problem={notice} variant="warning" /> : null}
            <div role="status" className="rounded-12 border-2 border-dashed border-solid-gray-300 px-6 py-10 text-center">
              <p className="text-std-28B-150">{card.phase === 'cleared' ? '読み取りました' : 'カードを置いてください'}</p>
              <p className="text-std-16N-170 text-solid-gray-700">{card.phase === 'cleared' ? 'カードを取り外して、ご本人にお返しください。' : 'マイナンバーカードをカードリーダーに置くと、読み取りを始めます。'}</p>
            </div>
          </div>
        );
        break;
      case 'checking':
      case 'reading':
        body = <Loading label="カードを読み取っています…" />;
        break;
      case 'pin':
        body = (
          <div className="flex flex-col gap-4">
            {notice ? <Problem problem={notice} variant={card.triesLeft <= 1 ? 'error' : 'warning'} /> : null}
            <PinPad prompt={pinPrompt(card.triesLeft)} verifying={card.verifying} onSubmit={reader.verifyPin} />
            <p className="text-center text-std-16N-170 text-solid-gray-700">ご本人に、数字4桁の暗証番号（券面事項入力補助用）を押していただきます。</p>
          </div>
        );
        break;
      case 'read':
        body = (
          <div className="flex flex-col gap-3">
            {busy ? <Loading label="住民記録と照合しています…" /> : null}
            <CardAttributes attributes={card.attributes} />
          </div>
        );
        break;
      case 'locked':
        body = notice ? <Problem problem={notice} /> : <Alert variant="error" title="暗証番号がロックされています">運転免許証など他の本人確認書類で受け付け、暗証番号の初期化をご案内ください。</Alert>;
        break;
      case 'failed':
        body = <Problem problem={card.problem} />;
        break;
    }
  }
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div>{body}</div>
      {demo ? (
        <div className="rounded-12 border border-solid-gray-200 p-4">
          <h3 className="mb-3 text-std-18B-160">デモ用カード</h3>
          <DemoCardPanel reader={demo} />
        </div>
      ) : null}
    </div>
  );
}
