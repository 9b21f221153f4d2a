import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { useApi } from '../../api/ApiProvider';
import { isApiError } from '../../api/errors';
import type { ImportResult } from '../../api/types';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { Table, type Column } from '../../components/Table';
import { importColumns, sampleCsv, toImportRowErrors, type ImportRowError } from './importErrors';

const errorColumns: Column<ImportRowError>[] = [
  { header: '場所', cell: (error) => error.place, className: 'whitespace-nowrap' },
  { header: '項目', cell: (error) => error.column ?? '—', className: 'whitespace-nowrap' },
  { header: '直すこと', cell: (error) => error.message },
];

function SampleDownload() {
  const [href, setHref] = useState<string>();
  useEffect(() => {
    const url = URL.createObjectURL(sampleCsv());
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, []);
  return href ? (
    <a href={href} download="住民データ取込_見本.csv" className="inline-flex min-h-11 items-center text-std-16N-170 text-key-900 underline">
      見本のCSVファイルをダウンロードする
    </a>
  ) : null;
}

/** The server reports encodings in lower case ("utf-8", "shift_jis"); show their usual names. */
function encodingName(encoding: string): string {
  const known: Record<string, string> = { 'utf-8': 'UTF-8', shift_jis: 'Shift_JIS' };
  return known[encoding.toLowerCase()] ?? encoding;
}

function ResultSummary({ result }: { result: ImportResult }) {
  const counts = `${result.imported.toLocaleString('ja-JP')}人（${result.households.toLocaleString('ja-JP')}世帯）`;
  return result.dryRun ? (
    <Alert variant="success" title="問題は見つかりませんでした" focusOnMount>
      {counts}を取り込めます（文字コード：{encodingName(result.encoding)}）。内容がよければ、下の「取り込む」を押してください。
    </Alert>
  ) : (
    <Alert variant="success" title="取込が終わりました" focusOnMount>
      {counts}を取り込みました。住民検索で確認できます。
    </Alert>
  );
}

export function ResidentImportPage() {
  usePageTitle('住民データ取込');
  const api = useApi();
  const queryClient = useQueryClient();
  const fileInputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string>();

  const check = useMutation({ mutationFn: (csv: File) => api.registry.importCsv(csv, true) });
  const run = useMutation({
    mutationFn: (csv: File) => api.registry.importCsv(csv, false),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['residents'] }),
  });

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    setFile(event.target.files?.[0] ?? null);
    setFileError(undefined);
    check.reset();
    run.reset();
  };

  const startCheck = () => {
    if (!file) {
      setFileError('取り込むCSVファイルを選んでください。');
      return;
    }
    run.reset();
    check.mutate(file);
  };

  const rowErrors = [check.error, run.error].find((error) => isApiError(error, 'IMPORT_ROWS_INVALID'));
  const otherError = [run.error, check.error].find((error) => error && !isApiError(error, 'IMPORT_ROWS_INVALID'));
  const readyToImport = check.data?.dryRun === true && !run.isSuccess;

  return (
    <>
      <PageHeader
        title="住民データ取込"
        description="基幹系システムから書き出した住民のCSVファイルを取り込みます。まず内容を確認し、問題がなければ取り込みます。1行でも問題があれば、何も取り込みません。"
      />
      <div className="flex max-w-4xl flex-col gap-6">
        <Section title="1. ファイルを選ぶ">
          <div className="flex flex-col gap-3">
            <label htmlFor={fileInputId} className="text-std-16B-170">
              CSVファイル
            </label>
            <p id={`${fileInputId}-hint`} className="text-std-16N-170 text-solid-gray-700">
              文字コードは UTF-8 と Shift_JIS のどちらでもかまいません。1行目は見出し行にしてください。
            </p>
            {fileError ? (
              <p id={`${fileInputId}-error`} className="text-std-16B-170 text-red-900">
                ⚠ {fileError}
              </p>
            ) : null}
            <div className="flex flex-wrap items-center gap-4">
              {/* The native control's button text follows the browser's language; ours is always Japanese. */}
              <input
                id={fileInputId}
                type="file"
                accept=".csv,text/csv"
                aria-describedby={`${fileInputId}-hint${fileError ? ` ${fileInputId}-error` : ''}`}
                aria-invalid={fileError ? true : undefined}
                onChange={choose}
                className="peer sr-only"
              />
              <label
                htmlFor={fileInputId}
                className={buttonClasses(
                  'secondary',
                  'md',
                  'cursor-pointer peer-focus-visible:outline-4 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-black',
                )}
              >
                ファイルを選ぶ
              </label>
              <span className="text-std-16N-170 text-solid-gray-700" aria-hidden="true">
                {file ? '' : 'まだ選ばれていません'}
              </span>
            </div>
            {file ? (
              <p className="text-std-16N-170">
                選んだファイル：<span className="text-std-16B-170">{file.name}</span>（{Math.ceil(file.size / 1024).toLocaleString('ja-JP')} KB）
              </p>
            ) : null}
            <details className="text-std-16N-170">
              <summary className="min-h-11 cursor-pointer py-2 text-key-900 underline">CSVファイルの列（見出し）を確認する</summary>
              <p className="mb-2">次の見出しの列が必要です。列の順番は自由です。「任意」の列は省略できます。</p>
              <ul className="grid grid-cols-2 gap-x-6 sm:grid-cols-3">
                {importColumns.map((column) => (
                  <li key={column.header}>
                    {column.header}
                    {column.required ? '' : '（任意）'}
                  </li>
                ))}
              </ul>
              <SampleDownload />
            </details>
          </div>
        </Section>

        <Section title="2. 内容を確認する">
          <div className="flex flex-col gap-4">
            <p className="text-std-16N-170">ファイルの内容を確認します。この段階では、まだ何も取り込みません。</p>
            <div>
              <Button busy={check.isPending} busyLabel="確認しています…" onClick={startCheck}>
                内容を確認する
              </Button>
            </div>
            {check.data && !run.isSuccess ? <ResultSummary result={check.data} /> : null}
            {run.isSuccess ? <p className="text-std-16N-170">確認は終わりました。結果は下の「3. 取り込む」に表示しています。</p> : null}
            {rowErrors && isApiError(rowErrors) ? (
              <>
                <Alert variant="error" title="取り込めない行があります" focusOnMount>
                  {rowErrors.message}
                </Alert>
                <Table
                  caption={`直す必要がある箇所（${rowErrors.details.length}件）`}
                  columns={errorColumns}
                  rows={toImportRowErrors(rowErrors.details)}
                  rowKey={(error) => `${error.place}|${error.column ?? ''}|${error.message}`}
                />
              </>
            ) : null}
            {otherError ? <AdminErrorAlert error={otherError} title="確認できませんでした" /> : null}
          </div>
        </Section>

        <Section title="3. 取り込む">
          <div className="flex flex-col gap-4">
            {run.data ? (
              <ResultSummary result={run.data} />
            ) : (
              <p className="text-std-16N-170">
                {readyToImport
                  ? '確認した内容で取り込みます。取り込んだ記録は異動履歴に「取込」として残ります。'
                  : '「内容を確認する」で問題がないことを確かめると、取り込めるようになります。'}
              </p>
            )}
            <div>
              <Button
                disabled={!readyToImport || !file}
                busy={run.isPending}
                busyLabel="取り込んでいます…"
                onClick={() => file && run.mutate(file)}
              >
                取り込む
              </Button>
            </div>
          </div>
        </Section>
      </div>
    </>
  );
}
