import { ApiError } from '../api/errors';
import { Alert } from './Alert';

const FALLBACK_MESSAGE = '予期しないエラーが発生しました。画面を再読み込みして、もう一度お試しください。';

export interface ErrorAlertProps {
  error: unknown;
  title?: string;
  focusOnMount?: boolean;
  className?: string;
}

/** Shows an error's Japanese message; for server faults also the request id staff can report. */
export function ErrorAlert({ error, title, focusOnMount, className }: ErrorAlertProps) {
  const message = error instanceof ApiError ? error.message : FALLBACK_MESSAGE;
  const requestId = error instanceof ApiError && error.status >= 500 ? error.requestId : null;
  return (
    <Alert variant="error" title={title} focusOnMount={focusOnMount} className={className}>
      <p>{message}</p>
      {requestId ? <p className="text-solid-gray-700">問い合わせ番号: {requestId}</p> : null}
    </Alert>
  );
}
