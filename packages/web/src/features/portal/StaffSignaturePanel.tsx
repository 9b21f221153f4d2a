import { useQuery } from '@tanstack/react-query';
import { errorFromReply, networkError } from '../../api/errors';
import { ErrorAlert } from '../../components/ErrorAlert';

interface CaseSignature {
  id: string;
  signerName: string;
  signerAddress: string;
  certificateSerial: string;
  revocationSource: 'ocsp' | 'crl';
  revocationCheckedAt: string;
  verifiedAt: string;
}

async function loadSignatures(caseId: string): Promise<CaseSignature[]> {
  let res: Response;
  try {
    res = await fetch(`/api/online/cases/${encodeURIComponent(caseId)}/signatures`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch {
    throw networkError();
  }
  const body = (await res.json().catch(() => undefined)) as { items: CaseSignature[] } | undefined;
  if (!res.ok || !body) throw errorFromReply(res.status, body, res.headers.get('x-request-id'));
  return body.items;
}

const dateTime = (iso: string) => new Date(iso).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' });

/**
 * For the department's case page: the electronic signatures an online application came with, as
 * the server verified them on submission (certificate chain to JPKI, validity, revocation).
 */
export function StaffSignaturePanel({ caseId }: { caseId: string }) {
  const q = useQuery({ queryKey: ['case-signatures', caseId], queryFn: () => loadSignatures(caseId) });
  if (q.isPending) return null;
  if (q.isError) return <ErrorAlert error={q.error} />;
  const [latest, ...earlier] = q.data;
  if (!latest) return <p className="text-std-16N-170 text-solid-gray-700">電子署名: なし（署名を求めない手続き、または窓口での受付）</p>;
  return (
    <div className="flex flex-col gap-2 text-std-16N-170">
      <p className="rounded-8 border border-green-800 bg-green-50 p-3 text-std-16B-170">
        電子署名: 検証済み（署名者 {latest.signerName}）
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-std-16B-170">証明書の住所</dt><dd>{latest.signerAddress}</dd>
        <dt className="text-std-16B-170">検証日時</dt><dd>{dateTime(latest.verifiedAt)}</dd>
        <dt className="text-std-16B-170">失効の確認</dt><dd>{latest.revocationSource === 'ocsp' ? 'OCSP' : 'CRL（失効リスト）'}・{dateTime(latest.revocationCheckedAt)}</dd>
        <dt className="text-std-16B-170">証明書のシリアル番号</dt><dd className="break-all font-mono">{latest.certificateSerial}</dd>
      </dl>
      <a className="text-key-900 underline underline-offset-4" href={`/api/online/cases/${encodeURIComponent(caseId)}/signatures/${encodeURIComponent(latest.id)}/cms`}>署名データ（.p7s）をダウンロード</a>
      {earlier.length > 0 ? <p className="text-solid-gray-700">以前の送信の署名: {earlier.length}件（補正前の内容に対するもの）</p> : null}
    </div>
  );
}
