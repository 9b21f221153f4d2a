import { formatDateTime } from '../../lib/format';
import type { DeviceAnomaly, DeviceStatus } from './devicesApi';

export const STATUS_LABELS: Record<DeviceStatus, string> = { pending: '登録待ち', active: '利用中', revoked: '利用停止' };

/** "-3時間2分" / "+45秒": how far the device clock is from the server's. */
export function formatSkew(ms: number | null): string {
  if (ms === null) return '—';
  const sign = ms < 0 ? '遅れ' : '進み';
  const abs = Math.abs(ms);
  if (abs < 60_000) return abs < 5_000 ? 'ずれなし' : `${Math.round(abs / 1000)}秒${sign}`;
  const h = Math.floor(abs / 3_600_000);
  const m = Math.round((abs % 3_600_000) / 60_000);
  return `${h > 0 ? `${h}時間` : ''}${m > 0 ? `${m}分` : ''}${sign}`;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const short = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 12) : '');
/** A device's own clock, shown in Japan time as the device claimed it. */
const when = (v: unknown): string => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? formatDateTime(v) : '不明');

/** The anomaly's evidence in a sentence an administrator can act on (never the event's payload). */
export function describeEvidence(a: Pick<DeviceAnomaly, 'kind' | 'details'>): string {
  const d = a.details;
  const event = (d.event ?? null) as Record<string, unknown> | null;
  const seq = event ? num(event.seq) : null;
  const ev = event ? `連番${seq ?? '?'}（操作ID ${short(event.opId)}…、ハッシュ ${short(event.hash)}…、端末の時刻 ${when(event.deviceTime)}）` : '';
  switch (a.kind) {
    case 'gap':
      if (num(d.fromSeq) !== null) return `連番${num(d.fromSeq)}〜${num(d.toSeq)}の記録が端末から失われ、登録されていません。端末でその時間に受け付けた内容を確認してください。`;
      return `欠落として報告された記録が後から届きました: ${ev}`;
    case 'storage_reset':
      return `端末の保存データが消え、連番${num(d.lostFromSeq)}〜${num(d.lostToSeq)}の記録が登録されないまま失われました（再登録時に検知）。`;
    case 'clock_skew':
      return `端末の時計が${formatSkew(num(d.skewMs))}（端末 ${when(d.deviceTime)}、サーバー ${when(d.serverTime)}）。記録の順番は連番で決めるため影響はありませんが、端末の日時設定を直してください。`;
    case 'revoked_device':
      return `利用停止後に届いた記録: ${ev}。内容はサーバーに証拠として保存し、登録はしていません。`;
    case 'replay': {
      const stored = (d.stored ?? {}) as Record<string, unknown>;
      return `すでに登録済みの番号で、別の内容が送られました: ${ev}。登録済みの記録（ハッシュ ${short(stored.hash)}…）はそのままです。`;
    }
    case 'bad_hash':
      return `内容が署名のあとで変わっています（改ざんの疑い）: ${ev}`;
    case 'bad_signature':
      return `端末の鍵で署名されていない記録です: ${ev}`;
    case 'broken_chain':
      return `直前の記録とつながっていません: ${ev}`;
    default:
      return ev || '詳細はありません。';
  }
}
