import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { ApiError } from '../../api/errors';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { procedureKey } from './queries';

export interface PdfPreviewProps {
  procedureId: string;
  /** The saved draft revision the PDF is drawn from; null before the first save. */
  revision: number | null;
  hasLayout: boolean;
  /** There are edits the server has not seen, so the PDF shows an older state. */
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
}

/**
 * The paper form drawn by the server from the saved draft and its sample answers. The server
 * renders PDFs (fonts, kinsoku, 外字), so unsaved edits reach the PDF only by saving.
 */
export function PdfPreview({ procedureId, revision, hasLayout, dirty, saving, onSave }: PdfPreviewProps) {
  const api = useApi();
  const options = { answers: 'sample' as const, r: String(revision ?? 0) };
  const check = useQuery({
    queryKey: [...procedureKey(procedureId), 'pdf', revision],
    queryFn: () => api.procedures.checkPreviewPdf(procedureId, options),
    enabled: hasLayout && revision !== null,
    retry: false,
  });
  if (!hasLayout) {
    return (
      <EmptyState title="この手続きには紙の様式がありません。">
        定義に layout（A4の様式）を加えると、ここに印刷される様式が表示されます。
      </EmptyState>
    );
  }
  const saveButton = (label: string) => (
    <Button variant="secondary" busy={saving} busyLabel="保存しています…" onClick={onSave}>
      {label}
    </Button>
  );
  if (revision === null) {
    return (
      <div className="flex flex-col items-start gap-3">
        <p className="text-std-16N-170">下書きを保存すると、回答例を記入した様式のPDFをここに表示します。</p>
        {saveButton('保存してPDFを表示する')}
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      {dirty ? (
        <Alert variant="info" title="保存していない変更はPDFに反映されていません">
          <div className="mt-2">{saveButton('保存してPDFを更新する')}</div>
        </Alert>
      ) : null}
      {check.isPending ? (
        <Loading label="様式のPDFを作っています…" />
      ) : check.isError ? (
        <>
          <ErrorAlert error={check.error} title="様式のPDFを表示できませんでした" />
          {check.error instanceof ApiError && check.error.details.length > 0 ? (
            <ul className="list-disc pl-6 text-std-16N-170">
              {check.error.details.map((detail) => (
                <li key={`${detail.path}-${detail.message}`}>
                  <span className="font-mono text-dns-14N-130">{detail.path}</span> {detail.message}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <>
          <iframe
            key={revision}
            title={`紙の様式のプレビュー（下書き 保存${revision}回目）`}
            // Chromium's viewer: no thumbnail pane, page fitted to the width of the preview column.
            src={`${api.procedures.previewPdfUrl(procedureId, options)}#navpanes=0&view=FitH`}
            className="h-[75vh] min-h-[480px] w-full rounded-8 border border-solid-gray-300 bg-solid-gray-50"
          />
          <a
            href={api.procedures.previewPdfUrl(procedureId, options)}
            target="_blank"
            rel="noreferrer"
            className="inline-flex min-h-11 items-center self-start text-std-16N-170 text-key-900 underline underline-offset-4"
          >
            PDFを新しいタブで開く
          </a>
        </>
      )}
    </div>
  );
}
