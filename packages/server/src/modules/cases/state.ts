/**
 * The case state machine. Every channel's case moves through the same states, so an application
 * started online can be finished at the counter and the reverse.
 *
 *   draft → submitted → accepted → in_review → completed
 *                 ↘ returned (補正) → submitted      ↘ rejected
 *   (withdrawn from draft, submitted or returned)
 */
export const CASE_STATUSES = ['draft', 'submitted', 'accepted', 'in_review', 'returned', 'completed', 'rejected', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  draft: '下書き',
  submitted: '受付待ち',
  accepted: '受付済み',
  in_review: '審査中',
  returned: '補正依頼中',
  completed: '完了',
  rejected: '却下',
  withdrawn: '取下げ',
};

const NEXT: Record<CaseStatus, readonly CaseStatus[]> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['accepted', 'returned', 'rejected', 'withdrawn', 'completed'],
  accepted: ['in_review', 'completed', 'returned', 'rejected'],
  in_review: ['completed', 'returned', 'rejected'],
  returned: ['submitted', 'withdrawn'],
  completed: [],
  rejected: [],
  withdrawn: [],
};

export const isTerminal = (s: CaseStatus) => NEXT[s].length === 0;
export const canMove = (from: CaseStatus, to: CaseStatus) => NEXT[from].includes(to);
export const nextStatuses = (from: CaseStatus): readonly CaseStatus[] => NEXT[from];

export const CHANNELS = ['counter', 'kiosk', 'online', 'outreach'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = { counter: '窓口', kiosk: '記載台', online: 'オンライン', outreach: '移動市役所' };
