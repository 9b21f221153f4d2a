import type { TicketStatus } from './queueApi';
import { formatShortDate, formatTime, waitText } from './queueFormat';

/** What the resident should do now, in one sentence. */
export function guidance(s: TicketStatus): { title: string; text: string; tone: 'info' | 'success' | 'warning' } {
  switch (s.state) {
    case 'called':
      return { title: `${s.deskName ?? '窓口'}へお越しください`, text: s.callCount > 1 ? `${s.callCount}回目のお呼び出しです。` : 'お呼びしています。', tone: 'warning' };
    case 'serving':
      return { title: '対応中です', text: `${s.deskName ?? '窓口'}で対応しています。` , tone: 'info' };
    case 'waiting':
      return { title: s.ahead === 0 ? '次にお呼びします' : `あなたの前に${s.ahead ?? '—'}人`, text: `待ち時間の目安: ${waitText(s.estimatedWaitMinutes)}。この画面は自動で更新されます。`, tone: 'info' };
    case 'arrived':
      return { title: '受付済みです', text: '予約時刻の10分前から優先してお呼びします。呼出表示をご確認ください。', tone: 'info' };
    case 'reserved':
      return {
        title: '予約済みです',
        text: s.reservation ? `${formatShortDate(s.reservation.startsAt)} ${formatTime(s.reservation.startsAt)}〜${formatTime(s.reservation.endsAt)}。当日は会場の受付機で予約番号 ${s.reservation.code} を入力してください。` : '当日は会場の受付機で予約番号を入力してください。',
        tone: 'info',
      };
    case 'done':
      return { title: '手続きが終わりました', text: 'ご来庁ありがとうございました。', tone: 'success' };
    case 'transferred':
      return { title: '次の窓口へご案内しています', text: '同じ整理券のままお待ちください。', tone: 'info' };
    case 'no_show':
      return { title: 'お呼びしましたがいらっしゃいませんでした', text: '会場の職員にこの画面を見せて、お声がけください。', tone: 'warning' };
    case 'cancelled':
      return { title: 'この整理券は取り消されました', text: '予約を取り消した場合は、もう一度予約するか、当日受付機で整理券をお取りください。', tone: 'warning' };
  }
}

