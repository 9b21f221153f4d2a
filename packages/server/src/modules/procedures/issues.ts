import type { Issue } from '@madoguchi/procedures';
import { AppError, type ErrorDetail } from '../../platform/http/errors';

/** The package's issues as the API's error details: where in the document, and what to do. */
export function issueDetails(issues: readonly Issue[]): ErrorDetail[] {
  return issues.map((i) => ({ path: i.path, message: i.message }));
}

export function draftConflict(lastEditor: string | null): AppError {
  return new AppError(409, 'DRAFT_CONFLICT', `${lastEditor ? `${lastEditor}さんが` : '別の職員が'}この下書きを先に保存しました。画面を読み込み直して最新の下書きを確かめてから、もう一度操作してください。`);
}
