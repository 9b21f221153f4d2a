import { QrCode } from '../../components/QrCode';
import type { TicketStatus } from './queueApi';
import { formatTime, waitText } from './queueFormat';

export type Paper = 'receipt' | 'a4';

// The printed ticket. Only this part prints (the screen around it is print:hidden); the page size
// is set here because Tailwind cannot express @page. 80 mm is the width of the thermal roll in
// ticket printers; the kiosk's browser is set to print without a dialog (--kiosk-printing).
const PAGE_CSS: Record<Paper, string> = {
  receipt: '@media print { @page { size: 80mm 140mm; margin: 3mm; } html, body { background: #fff !important; } }',
  a4: '@media print { @page { size: A4; margin: 18mm; } html, body { background: #fff !important; } }',
};

export function TicketReceipt({ status, statusUrl, paper, cityName }: { status: TicketStatus; statusUrl: string; paper: Paper; cityName?: string }) {
  const receipt = paper === 'receipt';
  return (
    <div className="hidden print:block" data-testid="ticket-receipt">
      <style>{PAGE_CSS[paper]}</style>
      <div className={`mx-auto flex flex-col items-center text-center text-black ${receipt ? 'w-[72mm] gap-[2mm]' : 'w-[170mm] gap-[6mm] border-2 border-black p-[10mm]'}`}>
        <p style={{ fontSize: receipt ? '11pt' : '16pt' }}>
          {cityName ? `${cityName} ` : ''}
          {status.locationName}
        </p>
        <p style={{ fontSize: receipt ? '12pt' : '20pt', fontWeight: 700 }}>{status.serviceName}</p>
        <p style={{ fontSize: receipt ? '10pt' : '14pt' }}>受付番号</p>
        <p style={{ fontSize: receipt ? '44pt' : '96pt', fontWeight: 800, lineHeight: 1 }}>{status.displayNumber}</p>
        <p style={{ fontSize: receipt ? '10pt' : '14pt' }}>
          発行 {formatTime(status.issuedAt)}
          {status.state === 'waiting' ? ` ・ 前に${status.ahead ?? 0}人 ・ 目安 ${waitText(status.estimatedWaitMinutes)}` : ''}
        </p>
        <QrCode value={statusUrl} label="順番の確認ページのQRコード" size={receipt ? 150 : 260} />
        <p style={{ fontSize: receipt ? '9pt' : '13pt' }}>
          スマートフォンでQRコードを読み取ると、順番と待ち時間の目安を確認できます。
          番号が呼ばれたら、呼出表示の窓口へお越しください。
        </p>
      </div>
    </div>
  );
}
