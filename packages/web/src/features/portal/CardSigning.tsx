import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/errors';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';
import { agentSettingsFor, b64, cardApi, fromB64, SIGNING_PASSWORD, signWithCard, type DemoReader } from './cardClient';

const dateTime = (iso: string) => new Date(iso).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' });

/** The card agent for this page: the demo reader (with its cards to put on it) or this computer's agent. */
export function useCardAgent(code: string) {
  return useQuery({ queryKey: ['portal', code, 'card-agent'], queryFn: () => agentSettingsFor(code), staleTime: 60_000, retry: false });
}

/** Demo only: the resident picks one of the demo cards and puts it on the simulated reader. */
export function DemoCardPicker({ code, demo }: { code: string; demo: DemoReader }) {
  const queryClient = useQueryClient();
  const [inserted, setInserted] = useState(demo.insertedCardId);
  const insert = useMutation({
    mutationFn: (cardId: string) => cardApi(code).insertDemoCard(cardId),
    onSuccess: (_r, cardId) => { setInserted(cardId); void queryClient.invalidateQueries({ queryKey: ['portal', code, 'card-agent'] }); },
  });
  const cards = demo.cards.filter((c) => c.label !== '交通系ICカード');
  return (
    <fieldset className="flex flex-col gap-2 rounded-8 border-2 border-dashed border-solid-gray-300 p-3">
      <legend className="px-1 text-std-16B-170">デモ用のカードリーダー（シミュレーション）</legend>
      <p className="text-std-16N-170">実際には、ご自宅のカードリーダーかスマートフォンでカードを読み取ります。デモでは、置くカードを選んでください（暗証番号 1234、署名用パスワード ABC123）。</p>
      {insert.error ? <ErrorAlert error={insert.error} /> : null}
      <ul className="flex flex-col gap-2">
        {cards.map((c) => (
          <li key={c.id}>
            <Button type="button" variant={inserted === c.id ? 'primary' : 'secondary'} aria-pressed={inserted === c.id} onClick={() => insert.mutate(c.id)}>
              {inserted === c.id ? `置いています: ${c.label}` : `${c.label} のカードを置く`}
            </Button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/**
 * The confirmation page's last step where the department asks for an electronic signature: the
 * resident types the 署名用 password, the card signs what is on the screen (the server's canonical
 * bytes of it), and the application goes with its signature. Changed data must be signed again.
 */
export function SignAndSubmit({ code, caseId, submitKey, disabled, beforeSign, onSubmitted, resubmit }: {
  code: string; caseId: string; submitKey: string; disabled: boolean; resubmit: boolean;
  beforeSign: () => Promise<void>; onSubmitted: () => void;
}) {
  const agent = useCardAgent(code);
  const [password, setPassword] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const api = cardApi(code);
  const sign = useMutation({
    mutationFn: async () => {
      const settings = agent.data?.settings;
      if (!settings) throw new ApiError({ status: 0, code: 'AGENT_NOT_SET', message: 'カード読み取りアプリが見つかりません。パソコンにカードリーダーをつなぎ、カード読み取りアプリを起動してから、もう一度お試しください。' });
      await beforeSign();
      const { content } = await api.signingContent(caseId);
      const cms = await signWithCard(settings, password, fromB64(content));
      setPassword('');
      return api.submitSigned(caseId, submitKey, b64(cms));
    },
    onSuccess: onSubmitted,
  });
  const valid = SIGNING_PASSWORD.test(password);
  const tampered = sign.error instanceof ApiError && sign.error.code === 'JPKI_DATA_TAMPERED';
  return (
    <section aria-labelledby="sign-heading" className="flex flex-col gap-4 rounded-12 border-2 border-key-900 bg-white p-4">
      <h3 id="sign-heading" className="text-std-20B-150">マイナンバーカードで電子署名して送信</h3>
      <p className="text-std-16N-170">この手続きは、申請の内容にマイナンバーカードの署名用電子証明書で電子署名して送ります。署名のあとで内容を変えた場合は、署名し直してください。</p>
      {agent.data?.demo ? <DemoCardPicker code={code} demo={agent.data.demo} /> : null}
      {agent.error ? <ErrorAlert error={agent.error} /> : null}
      {sign.error ? (
        tampered ? (
          <Alert variant="warning" title="署名のあとで内容が変わっています" focusOnMount>
            <p>{sign.error.message}</p>
          </Alert>
        ) : <ErrorAlert error={sign.error} focusOnMount />
      ) : null}
      <form noValidate onSubmit={(e) => { e.preventDefault(); if (valid && !disabled && !sign.isPending) sign.mutate(); }} className="flex flex-col gap-4">
        <TextField
          label="署名用電子証明書のパスワード"
          hint="英字（大文字）と数字で6〜16文字。カードを受け取ったときに決めたものです。5回続けて間違えるとロックされます。"
          type={shown ? 'text' : 'password'} autoComplete="off" autoCapitalize="characters" spellCheck={false} inputMode="text" maxLength={16}
          value={password}
          error={password && !valid ? '英字（大文字）と数字で6〜16文字を入力してください。' : undefined}
          onChange={(e) => setPassword(e.target.value.toUpperCase().replace(/[^A-Z0-9]/g, ''))}
        />
        <label className="flex min-h-11 items-center gap-2 text-std-16N-170">
          <input type="checkbox" className="size-5 accent-key-900" checked={shown !== null} onChange={(e) => setShown(e.target.checked ? 'shown' : null)} />
          パスワードを表示する
        </label>
        <Button type="submit" disabled={disabled || !valid} busy={sign.isPending} busyLabel="カードで署名しています…">
          {resubmit ? '署名して送信し直す' : '署名して申請する'}
        </Button>
        {disabled ? <p className="text-std-16N-170 text-solid-gray-700">上の「誤りがないことを確認しました」にチェックを入れると署名できます。</p> : null}
      </form>
    </section>
  );
}

export interface PortalSignature {
  signerName: string;
  verifiedAt: string;
}

/** On the status page: the application went with a verified electronic signature. */
export function SignatureNote({ signature }: { signature: PortalSignature | null | undefined }) {
  if (!signature) return null;
  return (
    <p className="rounded-8 bg-green-50 p-3 text-std-16N-170">
      電子署名: 検証済み（署名者 {signature.signerName}・{dateTime(signature.verifiedAt)}）
    </p>
  );
}
