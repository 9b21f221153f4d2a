import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { AgentPanel } from './AgentPanel';
import { type AgentSettings, loadAgentSettings, saveAgentSettings } from './agentSettings';
import { CardAttributes } from './CardAttributes';
import type { CardProblem } from './cardMessages';
import { pinPrompt } from './cardMessages';
import type { CardReaderState } from './cardReaderState';
import { DemoCardPanel, demoCardReaderQueryKey } from './DemoCardPanel';
import { PinPad } from './PinPad';
import { RegistryMatch } from './RegistryMatch';
import { useCardReader } from './useCardReader';

/** How long the attributes stay on screen: long enough to check them, not left for the next person. */
export const CLEAR_AFTER_MS = 3 * 60 * 1000;

function ProblemAlert({ problem, variant = 'error' }: { problem: CardProblem; variant?: 'error' | 'warning' }) {
  return (
    <Alert variant={variant} title={problem.title}>
      <p>{problem.message}</p>
      {problem.hint ? <p className="mt-1 font-bold">{problem.hint}</p> : null}
    </Alert>
  );
}

function Prompt({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div role="status" className="flex flex-col items-center gap-2 rounded-12 border-2 border-dashed border-solid-gray-300 px-6 py-12 text-center">
      <p className="text-std-28B-150 text-solid-gray-900">{title}</p>
      {children ? <div className="text-std-16N-170 text-solid-gray-700">{children}</div> : null}
    </div>
  );
}

function ReadingPanel({ state, onPin, onClear }: { state: CardReaderState; onPin: (pin: string) => void; onClear: () => void }) {
  const { agent, card, notice } = state;
  if (agent.status !== 'connected') {
    return agent.status === 'connecting' ? (
      <Loading label="カード読み取りアプリに接続しています…" />
    ) : (
      <Prompt title="カードリーダーに接続していません">「カードリーダー」の案内に沿って接続してください。</Prompt>
    );
  }
  switch (card.phase) {
    case 'absent':
      return (
        <div className="flex flex-col gap-4">
          {notice ? <ProblemAlert problem={notice} variant="warning" /> : null}
          <Prompt title="カードを置いてください">マイナンバーカードをカードリーダーに置くと、読み取りを始めます。</Prompt>
        </div>
      );
    case 'checking':
      return <Loading label="カードを確かめています…" />;
    case 'pin':
      return (
        <div className="flex flex-col gap-6">
          {notice ? <ProblemAlert problem={notice} variant={card.triesLeft <= 1 ? 'error' : 'warning'} /> : null}
          <PinPad prompt={pinPrompt(card.triesLeft)} verifying={card.verifying} onSubmit={onPin} />
          <p className="text-center text-std-16N-170 text-solid-gray-700">
            マイナンバーカードの受け取りのときに決めた、数字4桁の暗証番号（券面事項入力補助用）です。3回続けて間違えるとロックされます。
          </p>
        </div>
      );
    case 'reading':
      return <Loading label="カードを読み取っています…" />;
    case 'read':
      return (
        <div className="flex flex-col gap-6">
          <Alert variant="success" title="読み取りました">
            この表示は3分後、またはカードを取り外したときに消えます。
          </Alert>
          <section aria-labelledby="card-face-heading" className="flex flex-col gap-2">
            <h3 id="card-face-heading" className="text-std-20B-150 text-solid-gray-900">
              券面事項
            </h3>
            <CardAttributes attributes={card.attributes} />
          </section>
          <section aria-labelledby="registry-match-heading" className="flex flex-col gap-2">
            <h3 id="registry-match-heading" className="text-std-20B-150 text-solid-gray-900">
              住民記録との照合
            </h3>
            <RegistryMatch attributes={card.attributes} />
          </section>
          <Button variant="secondary" className="self-start" onClick={onClear}>
            表示を消す
          </Button>
        </div>
      );
    case 'locked':
      return (
        <div className="flex flex-col gap-4">
          {notice ? (
            <ProblemAlert problem={notice} />
          ) : (
            <Alert variant="error" title="暗証番号がロックされています">
              <p>このカードの暗証番号（券面事項入力補助用）はロックされています。窓口で暗証番号の初期化（再設定）の手続きをご案内ください。</p>
            </Alert>
          )}
          <Prompt title="カードを取り外してください" />
        </div>
      );
    case 'failed':
      return (
        <div className="flex flex-col gap-4">
          <ProblemAlert problem={card.problem} />
          <Prompt title="カードを取り外してください">読み直すときは、カードを置き直してください。</Prompt>
        </div>
      );
    case 'cleared':
      return (
        <Prompt title="表示を消しました">
          {card.reason === 'timeout' ? '3分たったため、読み取った内容を消しました。' : null}
          続けて読み取るときは、カードをいったん取り外して置き直してください。
        </Prompt>
      );
  }
}

/**
 * カード読取: reads the four card-face attributes of a My Number card through the local card
 * agent after the resident's PIN, and matches them with the registry. The individual number is
 * not read. What was read lives only in this page's memory, until the card is taken off, the
 * screen is cleared or left, or three minutes pass.
 */
export function CardReadingPage() {
  usePageTitle('カード読取');
  const api = useApi();
  const demoQuery = useQuery({
    queryKey: demoCardReaderQueryKey,
    queryFn: () => api.demoCardReader.get(),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const demo = demoQuery.data ?? null;
  const demoSettings = useMemo<AgentSettings | null>(
    () => (demo?.agentUrl && demo.pairingToken ? { url: demo.agentUrl, pairingToken: demo.pairingToken } : null),
    [demo?.agentUrl, demo?.pairingToken],
  );
  const [manual, setManual] = useState<AgentSettings | null>(null);
  const [stored] = useState(() => loadAgentSettings());
  // Until the server has said whether this is the demo, there is nothing to connect to yet.
  const settings = demoQuery.isPending ? null : (manual ?? demoSettings ?? stored);
  useEffect(() => {
    if (demoSettings) saveAgentSettings(demoSettings);
  }, [demoSettings]);

  const reader = useCardReader(settings, { demo: demo !== null });
  const { state, clear, reconnect } = reader;

  useEffect(() => {
    if (state.card.phase !== 'read') return undefined;
    const timer = setTimeout(() => clear('timeout'), CLEAR_AFTER_MS);
    return () => clearTimeout(timer);
  }, [state.card, clear]);

  const saveSettings = useCallback(
    (next: AgentSettings) => {
      saveAgentSettings(next);
      setManual(next);
      reconnect();
    },
    [reconnect],
  );

  const returnToDemoSettings = (server: AgentSettings) => {
    saveAgentSettings(server);
    setManual(null);
  };

  return (
    <>
      <PageHeader
        title="カード読取"
        description="マイナンバーカードの券面事項（氏名・住所・生年月日・性別）を読み取り、住民記録と照合します。個人番号は読み取りません。"
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Section title="読み取り">
          <ReadingPanel state={state} onPin={reader.verifyPin} onClear={() => clear('done')} />
        </Section>
        <div className="flex flex-col gap-6">
          <Section title="カードリーダー">
            {demo && !demoSettings ? (
              <Alert variant="error" title="デモ用カードリーダーが起動していません" className="mb-4">
                サーバーの起動時の表示を確かめてください。ポートが使用中のときは、MADOGUCHI_CARD_AGENT_PORT に別の番号を指定してサーバーを起動し直してください。
              </Alert>
            ) : null}
            {demoQuery.isPending ? (
              <Loading />
            ) : (
              <AgentPanel
                agent={state.agent}
                settings={settings}
                demo={demo !== null}
                onReconnect={reconnect}
                onSaveSettings={saveSettings}
                onUseDemoSettings={manual && demoSettings ? () => returnToDemoSettings(demoSettings) : undefined}
              />
            )}
          </Section>
          {demo ? (
            <Section title="デモ用カード">
              <DemoCardPanel reader={demo} />
            </Section>
          ) : null}
        </div>
      </div>
    </>
  );
}
