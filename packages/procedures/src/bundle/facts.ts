import type { LifeEventKind } from '../navigator/schema';
import type { LeafField } from '../schema/fields';

/**
 * The facts one interview asks once and pours into every form. Forms name them differently
 * (届出人の氏名 on the 住民異動届, 世帯主の氏名 on the 国保 form, 請求者の氏名 on 児童手当), so the
 * mapping is by field id, per life event: the same answer lands in each form under its own name.
 * Fields not listed here, and not shared by id between two chosen forms, stay per form.
 */
export type SharedFact = {
  key: string;
  field: LeafField;
  /** The wording on the kiosk and the home pre-entry page. */
  residentLabel: string;
  /** Field ids this fact fills, for a life event; absent = not asked for that event. */
  feeds: Partial<Record<LifeEventKind, readonly string[]>> & { default?: readonly string[] };
  /** Asked even when no chosen form has a field for it (checks of the visit itself). */
  always?: readonly LifeEventKind[];
};

const base = { required: false, staffOnly: false } as const;

const MOVES: readonly LifeEventKind[] = ['moveIn', 'moveWithin', 'moveOut'];

export const SHARED_FACTS: readonly SharedFact[] = [
  {
    key: 'eventDate',
    field: { ...base, id: 'eventDate', type: 'date', label: '異動日（住み始めた日・引っ越す日）' },
    residentLabel: '引っ越しの日（新しい住所に住み始めた日）',
    feeds: {
      moveIn: ['changeDate', 'qualificationDate', 'moveInDate', 'transferDate'],
      moveWithin: ['changeDate', 'transferDate'],
      moveOut: ['changeDate', 'moveOutDate'],
      householdChange: ['changeDate'],
      default: ['changeDate'],
    },
    always: MOVES,
  },
  {
    key: 'previousMoveOutDate',
    field: { ...base, id: 'previousMoveOutDate', type: 'date', label: '前の住所地を転出した日（転出予定日）', help: '転出証明書・転入予約に書かれている日です。転入日はこの日より前にできません。' },
    residentLabel: '前の市区町村に届けた転出の日（転出予定日）',
    feeds: {},
    always: ['moveIn'],
  },
  {
    key: 'newAddress',
    field: { ...base, id: 'newAddress', type: 'address', requirePostalCode: true, label: '新しい住所' },
    residentLabel: '新しい住所',
    feeds: {
      moveIn: ['newAddress', 'applicantAddress', 'registrantAddress'],
      moveWithin: ['newAddress', 'applicantAddress', 'registrantAddress'],
      moveOut: ['newAddress', 'destination'],
    },
    always: MOVES,
  },
  {
    key: 'oldAddress',
    field: { ...base, id: 'oldAddress', type: 'address', requirePostalCode: true, label: '今までの住所' },
    residentLabel: 'これまでの住所',
    feeds: {
      moveIn: ['oldAddress'],
      moveWithin: ['oldAddress'],
      moveOut: ['oldAddress', 'applicantAddress', 'registrantAddress'],
      householdChange: ['oldAddress', 'newAddress', 'applicantAddress', 'registrantAddress'],
      default: ['applicantAddress', 'registrantAddress'],
    },
    always: MOVES,
  },
  {
    key: 'applicantName',
    field: { ...base, id: 'applicantName', type: 'text', maxLength: 40, multiline: false, label: '窓口に来た人（届出人）の氏名' },
    residentLabel: 'あなた（届け出る人）のお名前',
    feeds: { default: ['notifierName', 'applicantName'] },
  },
  {
    key: 'applicantKana',
    field: { ...base, id: 'applicantKana', type: 'kana', readingOf: 'applicantName', maxLength: 60, label: '届出人のふりがな' },
    residentLabel: 'あなたのお名前のふりがな',
    feeds: { default: ['notifierKana', 'applicantKana'] },
  },
  {
    key: 'applicantPhone',
    field: { ...base, id: 'applicantPhone', type: 'phone', label: '届出人の電話番号（日中の連絡先）' },
    residentLabel: '日中に連絡がとれる電話番号',
    feeds: { default: ['notifierPhone', 'applicantPhone', 'registrantPhone'] },
  },
  {
    key: 'identityDocuments',
    field: {
      ...base, id: 'identityDocuments', type: 'choice', multiple: true, display: 'checkbox', staffOnly: true, label: '本人確認書類',
      options: [
        { value: 'myNumberCard', label: 'マイナンバーカード' },
        { value: 'driverLicense', label: '運転免許証' },
        { value: 'passport', label: 'パスポート' },
        { value: 'insuranceCard', label: '資格確認書・保険証' },
        { value: 'other', label: 'その他' },
      ],
    },
    residentLabel: '本人確認書類',
    feeds: { default: ['identityDocuments'] },
  },
];

/** Fields filled at the end of the visit or computed, never asked in the interview. */
export const NEVER_ASKED_TYPES = new Set(['signature', 'individualNumber']);

/** Choice fields that say which event this is; preset from the life event. */
export const EVENT_CHOICE_FIELDS = new Set(['changeType', 'reason', 'change', 'changeKind', 'acquiredReason']);

/** Per-form fields that are never merged by id even when two forms have them (their meaning differs). */
export const NOT_MERGED_BY_ID = new Set(['reason', 'changeType', 'change', 'changeKind', 'staffNote', 'recipientNumber', 'birthDate']);

/** Today, for the 届出日. */
export const TODAY_FIELDS = new Set(['notificationDate']);

export function factFeeds(fact: SharedFact, event: LifeEventKind): readonly string[] {
  return fact.feeds[event] ?? fact.feeds.default ?? [];
}
