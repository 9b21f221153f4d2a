import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';
import { cardApi } from './cardClient';

/**
 * Applying without an account (procedures the department opened to it): a name and an e-mail
 * address; the link in the e-mail opens the form. Receipt, status and results go to that address.
 */
export function GuestApply({ code, procedureId }: { code: string; procedureId: string }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const ask = useMutation({ mutationFn: () => cardApi(code).guest({ email, displayName: name, procedureId }) });
  if (ask.isSuccess) {
    return (
      <Alert variant="success" title="申請用のリンクを送りました" focusOnMount>
        <p>{email} に届いたメールのリンクを開くと、申請を始められます（24時間有効・1回限り）。届かないときは迷惑メールのフォルダも確認してください。</p>
      </Alert>
    );
  }
  return (
    <section aria-labelledby="guest-heading" className="flex flex-col gap-3 rounded-12 border border-solid-gray-200 bg-white p-4">
      <h2 id="guest-heading" className="text-std-20B-150">アカウントなしで申請する</h2>
      <p className="text-std-16N-170">この手続きは、アカウントを作らずに申請できます。受付や審査の結果をお知らせするため、メールアドレスを確認します。</p>
      <form noValidate onSubmit={(e) => { e.preventDefault(); ask.mutate(); }} className="flex flex-col gap-4">
        {ask.error ? <ErrorAlert error={ask.error} focusOnMount /> : null}
        <TextField label="お名前" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
        <TextField label="メールアドレス" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Button type="submit" variant="secondary" busy={ask.isPending} busyLabel="送っています…">申請用のリンクをメールで受け取る</Button>
      </form>
    </section>
  );
}
