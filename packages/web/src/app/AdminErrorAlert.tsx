import { Link, useRouterState } from '@tanstack/react-router';
import { isApiError } from '../api/errors';
import { Alert } from '../components/Alert';
import { ErrorAlert } from '../components/ErrorAlert';

/** Admin APIs refuse admins without a second factor; say so with the way out, not just the code. */
export function AdminErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const href = useRouterState({ select: (state) => state.location.href });
  if (isApiError(error, 'AUTH_TOTP_SETUP_REQUIRED')) {
    return (
      <Alert variant="warning" title="二段階認証を設定してください">
        <p>{error.message}</p>
        <Link
          to="/account/totp"
          search={{ redirect: href }}
          className="mt-2 inline-flex min-h-11 items-center text-std-16B-170 text-key-900 underline"
        >
          二段階認証を設定する
        </Link>
      </Alert>
    );
  }
  return <ErrorAlert error={error} title={title} />;
}
