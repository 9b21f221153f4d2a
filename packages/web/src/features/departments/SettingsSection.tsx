import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/ApiProvider';
import { detailsByPath } from '../../api/errors';
import type { MunicipalitySettings } from '../../api/types';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { Section } from '../../components/Section';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import { settingsKey, settingsQuery } from './queries';
import { checkSettingsForm, settingsFormValues, toSettingsChange, type SettingKey, type SettingsFormErrors, type SettingsFormValues } from './settingsForm';

function SettingsForm({ saved }: { saved: MunicipalitySettings }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<SettingsFormValues>(() => settingsFormValues(saved));
  const [errors, setErrors] = useState<SettingsFormErrors>({});
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<'saved' | 'unchanged'>();
  const save = useMutation({
    mutationFn: (change: Parameters<typeof api.municipality.updateSettings>[0]) => api.municipality.updateSettings(change),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKey, settings);
      // Show the values as the server tidied them (全角 digits folded, 〒 dropped).
      setValues(settingsFormValues(settings));
      setResult('saved');
    },
  });
  const serverErrors = detailsByPath(save.error);
  const field = (key: SettingKey) => ({
    value: values[key],
    error: errors[key] ?? serverErrors.get(key),
    onChange: (event: { target: { value: string } }) => {
      setResult(undefined);
      setValues({ ...values, [key]: event.target.value });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((count) => count + 1);
    const found = checkSettingsForm(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const change = toSettingsChange(values, saved);
    if (Object.keys(change).length === 0) {
      setResult('unchanged');
      return;
    }
    save.mutate(change);
  };

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-5">
      {Object.keys(errors).length > 0 ? (
        <Alert key={attempt} variant="error" title="入力内容を確認してください" focusOnMount>
          赤字で示した項目を直してから、もう一度「設定を保存する」を押してください。
        </Alert>
      ) : null}
      {save.error ? <AdminErrorAlert error={save.error} title="保存できませんでした" /> : null}
      <TextField label="庁舎の表示名" hint="画面や手続き案内書の見出しに使います（例：尾花沢市役所）。" autoComplete="off" className="max-w-xl" {...field('displayName')} />
      <TextField
        label="郵便番号"
        hint="7桁の数字です（例：999-4292）。"
        autoComplete="off"
        inputMode="numeric"
        className="max-w-2xl [&_input]:max-w-48"
        {...field('postalCode')}
      />
      <TextField label="住所" hint="庁舎の所在地です（例：山形県尾花沢市若葉町一丁目1番3号）。" autoComplete="off" className="max-w-2xl" {...field('address')} />
      <TextField
        label="代表電話"
        hint="市外局番からハイフンで区切って入力します（例：0237-22-1111）。"
        type="tel"
        autoComplete="off"
        className="max-w-2xl [&_input]:max-w-xs"
        {...field('phone')}
      />
      <TextAreaField
        label="開庁時間"
        hint="来庁する人に案内する受付時間です。複数行で書けます（例：平日 8時30分〜17時15分（土日祝日・年末年始を除く））。"
        rows={3}
        className="max-w-2xl"
        {...field('openingHours')}
      />
      {result === 'saved' ? (
        <Alert variant="success" focusOnMount>
          庁舎の設定を保存しました。
        </Alert>
      ) : result === 'unchanged' ? (
        <Alert variant="info" focusOnMount>
          変更された項目はありません。直したい項目を書き換えてから保存してください。
        </Alert>
      ) : null}
      <div>
        <Button type="submit" busy={save.isPending} busyLabel="保存しています…">
          設定を保存する
        </Button>
      </div>
    </form>
  );
}

export function SettingsSection() {
  const api = useApi();
  const settings = useQuery(settingsQuery(api));
  return (
    <Section title="庁舎の設定">
      <p className="mb-4 text-std-16N-170">
        手続き案内書や画面に表示する庁舎の情報です。空欄にして保存すると「未設定」に戻ります。
      </p>
      {settings.isPending ? (
        <Loading label="庁舎の設定を読み込んでいます…" />
      ) : settings.isError ? (
        <AdminErrorAlert error={settings.error} title="庁舎の設定を表示できませんでした" />
      ) : (
        <SettingsForm saved={settings.data} />
      )}
    </Section>
  );
}
