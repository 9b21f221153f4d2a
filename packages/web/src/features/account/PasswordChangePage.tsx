import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/ApiProvider';
import { ApiError, detailsByPath } from '../../api/errors';
import { usePageTitle } from '../../app/usePageTitle';
import { PASSWORD_RULE_HINT, passwordLengthProblem } from '../../lib/credentialRules';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { TextField } from '../../components/TextField';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

type PasswordErrors = Partial<Record<keyof PasswordForm, string>>;

const empty: PasswordForm = { currentPassword: '', newPassword: '', confirmPassword: '' };

export function checkPasswordForm(form: PasswordForm): PasswordErrors {
  const errors: PasswordErrors = {};
  if (!form.currentPassword) errors.currentPassword = '今のパスワードを入力してください。';
  if (!form.newPassword) errors.newPassword = '新しいパスワードを入力してください。';
  else if (passwordLengthProblem(form.newPassword)) errors.newPassword = passwordLengthProblem(form.newPassword);
  else if (form.newPassword === form.currentPassword)
    errors.newPassword = '今のパスワードとは違うパスワードを入力してください。';
  if (form.newPassword && form.confirmPassword !== form.newPassword)
    errors.confirmPassword = '確認用のパスワードが一致しません。もう一度同じパスワードを入力してください。';
  return errors;
}

export function PasswordChangePage() {
  usePageTitle('パスワードの変更');
  const api = useApi();
  const [form, setForm] = useState<PasswordForm>(empty);
  const [errors, setErrors] = useState<PasswordErrors>({});
  const change = useMutation({
    mutationFn: (values: PasswordForm) => api.auth.changePassword(values.currentPassword, values.newPassword),
    onSuccess: () => setForm(empty),
  });
  const serverFields = detailsByPath(change.error);
  const shown: PasswordErrors = {
    currentPassword: errors.currentPassword ?? serverFields.get('currentPassword'),
    newPassword: errors.newPassword ?? serverFields.get('newPassword'),
    confirmPassword: errors.confirmPassword,
  };

  const set = (field: keyof PasswordForm) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkPasswordForm(form);
    setErrors(found);
    if (Object.keys(found).length === 0) change.mutate(form);
  };

  return (
    <>
      <PageHeader title="パスワードの変更" description="今のパスワードと新しいパスワードを入力して「変更する」を押してください。" />
      <Section title="新しいパスワード" className="max-w-2xl">
        <form noValidate onSubmit={submit} className="flex flex-col gap-5">
          {change.isSuccess ? (
            <Alert variant="success" title="パスワードを変更しました" focusOnMount>
              次回のログインから新しいパスワードを使ってください。
            </Alert>
          ) : null}
          {change.error instanceof ApiError ? <ErrorAlert error={change.error} title="変更できませんでした" focusOnMount /> : null}
          <TextField
            label="今のパスワード"
            type="password"
            autoComplete="current-password"
            required
            value={form.currentPassword}
            onChange={set('currentPassword')}
            error={shown.currentPassword}
          />
          <TextField
            label="新しいパスワード"
            hint={`${PASSWORD_RULE_HINT}他のサービスで使っていない、推測されにくいものにしてください。`}
            type="password"
            autoComplete="new-password"
            required
            value={form.newPassword}
            onChange={set('newPassword')}
            error={shown.newPassword}
          />
          <TextField
            label="新しいパスワード（確認）"
            hint="確認のため、同じパスワードをもう一度入力してください。"
            type="password"
            autoComplete="new-password"
            required
            value={form.confirmPassword}
            onChange={set('confirmPassword')}
            error={shown.confirmPassword}
          />
          <div>
            <Button type="submit" busy={change.isPending} busyLabel="変更しています…">
              変更する
            </Button>
          </div>
        </form>
      </Section>
    </>
  );
}
