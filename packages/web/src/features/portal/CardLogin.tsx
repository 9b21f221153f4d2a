import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/errors';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';
import { answerChallenge, AUTH_PIN, b64, cardApi, fromB64 } from './cardClient';
import { DemoCardPicker, useCardAgent } from './CardSigning';
import type { PortalAccount } from './portalApi';

/**
 * Login with the card's 利用者証明用 certificate (4-digit PIN): the server's challenge is signed by
 * the card. Logged in already, this registers the card to the account (and the session counts as
 * card-proved); otherwise it logs in to the account the card was registered to.
 */
export function CardLogin({ code, loggedIn, onDone }: { code: string; loggedIn: boolean; onDone: (a: PortalAccount, linked: boolean) => void | Promise<void> }) {
  const agent = useCardAgent(code);
  const [pin, setPin] = useState('');
  const login = useMutation({
    mutationFn: async () => {
      const settings = agent.data?.settings;
      if (!settings) throw new ApiError({ status: 0, code: 'AGENT_NOT_SET', message: 'カード読み取りアプリが見つかりません。パソコンにカードリーダーをつなぎ、カード読み取りアプリを起動してから、もう一度お試しください。' });
      const api = cardApi(code);
      const challenge = await api.challenge();
      const answer = await answerChallenge(settings, pin, fromB64(challenge.challenge));
      setPin('');
      return api.cardLogin({ challengeId: challenge.challengeId, certificate: b64(answer.certificate), signature: b64(answer.signature) });
    },
    onSuccess: (r) => onDone(r.account, r.linked),
  });
  const valid = AUTH_PIN.test(pin);
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); if (valid && !login.isPending) login.mutate(); }} className="flex flex-col gap-4">
      <p className="text-std-16N-170">
        {loggedIn
          ? 'このアカウントにマイナンバーカードを登録します。次からはカードだけでログインでき、カードでのログインが必要な手続きも申請できます。'
          : 'マイナンバーカードを登録済みのアカウントに、カードでログインします。'}
      </p>
      {agent.data?.demo ? <DemoCardPicker code={code} demo={agent.data.demo} /> : null}
      {agent.error ? <ErrorAlert error={agent.error} /> : null}
      {login.error ? (
        login.error instanceof ApiError && login.error.code === 'CARD_NOT_LINKED' ? (
          <Alert variant="warning" title="まだ登録されていないカードです" focusOnMount><p>{login.error.message}</p></Alert>
        ) : <ErrorAlert error={login.error} focusOnMount />
      ) : null}
      <TextField label="利用者証明用電子証明書の暗証番号（数字4桁）" type="password" inputMode="numeric" autoComplete="off" maxLength={4}
        hint="3回続けて間違えるとロックされます。" value={pin}
        error={pin && !valid ? '数字4桁を入力してください。' : undefined}
        onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} />
      <Button type="submit" disabled={!valid} busy={login.isPending} busyLabel="カードを確認しています…">
        {loggedIn ? 'カードを読み取って登録する' : 'カードでログイン'}
      </Button>
    </form>
  );
}

/**
 * On a procedure that needs card login: while this session is not card-proved, the resident reads
 * the card here (registering it to the account the first time).
 */
/** Whether this session was opened or confirmed with the card (null while it is being asked). */
export function useCardSessionLevel(code: string, enabled = true): boolean | null {
  const state = useQuery({ queryKey: ['portal', code, 'card-state'], queryFn: () => cardApi(code).cardState().then((r) => r.state), enabled });
  return state.data ? state.data.authLevel === 'card' : null;
}

export function CardLevelNotice({ code }: { code: string }) {
  const queryClient = useQueryClient();
  const withCard = useCardSessionLevel(code);
  if (withCard !== false) return null;
  return (
    <section aria-labelledby="card-level-heading" className="flex flex-col gap-3 rounded-12 border-2 border-yellow-900 bg-white p-4">
      <h2 id="card-level-heading" className="text-std-20B-150">マイナンバーカードでの本人確認が必要です</h2>
      <CardLogin code={code} loggedIn onDone={() => queryClient.invalidateQueries({ queryKey: ['portal', code, 'card-state'] })} />
    </section>
  );
}

/**
 * On the resident's own page: whether a card is registered, to register one or to remove it (a new
 * card, or a lost one — removing it also logs out whoever logged in with that card elsewhere).
 */
export function CardRegistration({ code }: { code: string }) {
  const queryClient = useQueryClient();
  const state = useQuery({ queryKey: ['portal', code, 'card-state'], queryFn: () => cardApi(code).cardState().then((r) => r.state) });
  const [linking, setLinking] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['portal', code, 'card-state'] });
  const unlink = useMutation({ mutationFn: () => cardApi(code).unlinkCard(), onSuccess: async () => { setConfirming(false); await refresh(); } });
  if (!state.data || state.data.guest) return null;
  return (
    <section aria-labelledby="card-registration-heading" className="flex flex-col gap-3 rounded-12 border border-solid-gray-200 bg-white p-4">
      <h2 id="card-registration-heading" className="text-std-20B-150">マイナンバーカードの登録</h2>
      {unlink.isSuccess ? <Alert variant="success" title="カードの登録を解除しました" focusOnMount><p>このカードではログインできなくなりました。カードでログインしていた他の端末は、ログアウトしました。</p></Alert> : null}
      {state.data.cardLinked ? (
        <>
          <p className="text-std-16N-170">カードが登録されています。カードだけでログインでき、カードでのログインが必要な手続きも申請できます。</p>
          {unlink.error ? <ErrorAlert error={unlink.error} focusOnMount /> : null}
          {confirming ? (
            <div className="flex flex-col gap-3">
              <p className="text-std-16B-170">登録を解除すると、このカードではログインできなくなります。カードをなくしたときや、新しいカードに替えたときに解除してください。</p>
              <div className="flex flex-wrap gap-3">
                <Button variant="danger" busy={unlink.isPending} busyLabel="解除しています…" onClick={() => unlink.mutate()}>登録を解除する</Button>
                <Button variant="secondary" onClick={() => setConfirming(false)}>やめる</Button>
              </div>
            </div>
          ) : (
            <Button variant="secondary" onClick={() => { unlink.reset(); setConfirming(true); }}>カードの登録を解除する</Button>
          )}
        </>
      ) : linking ? (
        <CardLogin code={code} loggedIn onDone={async () => { setLinking(false); unlink.reset(); await refresh(); }} />
      ) : (
        <>
          <p className="text-std-16N-170">カードは登録されていません。登録すると、カードだけでログインできます。</p>
          <Button variant="secondary" onClick={() => setLinking(true)}>カードを登録する</Button>
        </>
      )}
    </section>
  );
}
