import type { CaseChannel, CaseStatus } from '../../api/counter';

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  draft: '下書き', submitted: '受付待ち', accepted: '受付済み', in_review: '審査中', returned: '差戻し中', completed: '完了', rejected: '却下', withdrawn: '取下げ',
};

export const CHANNEL_LABELS: Record<CaseChannel, string> = { counter: '窓口', kiosk: '記載台', online: 'オンライン', outreach: '移動市役所' };

/** What each step of a case's pipeline does, in the words of the department. */
export const JOB_LABELS: Record<string, string> = {
  'counter.case_form': '署名入りの届出書（PDF）を作成',
  'counter.notify_department': '担当課の受付箱に届ける',
  'online.application_pdf': '申請書（PDF）を作成',
  'online.notify_department': '担当課に知らせる',
  'online.mail_applicant': '申請者に受付メールを送る',
};

export const JOB_STATUS_LABELS = { pending: '待機中', running: '処理中', done: '完了', failed: '失敗' } as const;
