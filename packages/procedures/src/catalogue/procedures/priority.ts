import type { ProcedureDefinitionInput } from '../../schema/definition';
import { APPLICANT_PREFILL, RETENTION_5Y, RETENTION_10Y, applicantFields, eq, today } from '../common';

/**
 * Procedures the national priority list (デジタル社会の実現に向けた重点計画: 子育て・介護・被災者支援)
 * asks every city to take online, beside the 児童手当 set in children.ts. The online publishing rule
 * of each has a ready-made template (server: online/publications.ts PRIORITY_TEMPLATES).
 */
const kodomo = { departmentId: 'kodomo-mirai', formatVersion: 2 as const };
const boshi = { departmentId: 'kenko-boshi', formatVersion: 2 as const };
const kaigo = { departmentId: 'fukushi', formatVersion: 2 as const };
const zeimu = { departmentId: 'zeimu', formatVersion: 2 as const };

export const nurseryApplication: ProcedureDefinitionInput = {
  ...kodomo,
  id: 'nursery-application',
  title: '保育施設等の利用申込（保育の必要性の認定申請）',
  kind: 'application',
  summary: '保育所・認定こども園などを利用するための申込みです。保育が必要な理由を確かめて認定し、利用調整の結果をお知らせします。',
  individualNumberUse: false,
  legalBasis: '子ども・子育て支援法 第20条、児童福祉法 第24条',
  deadline: '4月入所は前年の11月末まで（年度途中は利用したい月の前月10日まで）',
  bring: ['保護者の就労証明書など、保育が必要な理由がわかる書類'],
  retention: RETENTION_5Y,
  channels: ['counter', 'online'],
  signature: 'handwrittenOrJpki',
  attachments: [{ id: 'need-evidence', label: '保育が必要な理由がわかる書類（就労証明書など）', accept: ['application/pdf', 'image/jpeg', 'image/png'], maxSizeMb: 10 }],
  steps: [
    { id: 'guardian', title: '保護者', fields: [...applicantFields('保護者')] },
    {
      id: 'child', title: '利用する子どもと希望',
      fields: [
        { id: 'childName', type: 'text', label: '子どもの氏名', required: true, maxLength: 40 },
        { id: 'childBirthDate', type: 'date', label: '子どもの生年月日', required: true, maxDate: today },
        { id: 'startMonth', type: 'date', label: '利用を始めたい日', required: true },
        { id: 'firstChoice', type: 'text', label: '第1希望の施設', required: true, maxLength: 40 },
        { id: 'secondChoice', type: 'text', label: '第2希望の施設', maxLength: 40 },
        {
          id: 'needReason', type: 'choice', label: '保育が必要な理由', required: true,
          options: [
            { value: 'work', label: '就労' }, { value: 'pregnancy', label: '妊娠・出産' }, { value: 'illness', label: '病気・障がい' },
            { value: 'care', label: '家族の介護・看護' }, { value: 'study', label: '就学' }, { value: 'other', label: 'その他' },
          ],
        },
        { id: 'needEvidence', type: 'file', label: '保育が必要な理由がわかる書類', attachmentId: 'need-evidence', requiredWhen: eq('$context.channel', 'online') },
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

export const pregnancyNotification: ProcedureDefinitionInput = {
  ...boshi,
  id: 'pregnancy-notification',
  title: '妊娠の届出',
  kind: 'notification',
  summary: '妊娠がわかったら届け出てください。母子健康手帳と妊婦健康診査の受診票をお渡しし、保健師が面談でお話を伺います。',
  individualNumberUse: false,
  legalBasis: '母子保健法 第15条・第16条',
  deadline: 'なるべく早く（妊娠11週以内が目安）',
  bring: ['医療機関で妊娠の診断を受けた日がわかるもの'],
  retention: RETENTION_5Y,
  channels: ['counter', 'online'],
  signature: 'none',
  steps: [
    {
      id: 'pregnancy', title: '妊婦さん',
      fields: [
        ...applicantFields('妊婦'),
        { id: 'diagnosedOn', type: 'date', label: '妊娠の診断を受けた日', required: true, maxDate: today },
        { id: 'dueDate', type: 'date', label: '出産予定日', required: true, minDate: today },
        { id: 'clinic', type: 'text', label: '診断を受けた医療機関', required: true, maxLength: 40 },
        { id: 'interviewWish', type: 'choice', label: '保健師との面談の希望', required: true, options: [{ value: 'office', label: '市役所で' }, { value: 'home', label: '自宅で' }, { value: 'phone', label: 'まず電話で' }] },
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

const CARE_INSURED = [
  { id: 'insuredName', type: 'text' as const, label: '被保険者の氏名', required: true, maxLength: 40 },
  { id: 'insuredBirthDate', type: 'date' as const, label: '被保険者の生年月日', required: true, maxDate: today },
  { id: 'insuredNumber', type: 'text' as const, label: '介護保険の被保険者番号', required: true, maxLength: 10, pattern: { regex: '^[0-9]{10}$', message: '被保険者証に書かれた10桁の番号を入力してください。' } },
];

export const careNeedCertification: ProcedureDefinitionInput = {
  ...kaigo,
  id: 'care-need-certification',
  title: '要介護・要支援認定の申請',
  kind: 'application',
  summary: '介護保険のサービスを使うための認定の申請です（新規・更新・区分の変更）。調査員が訪問して心身の状態を伺い、主治医の意見書とあわせて審査します。',
  individualNumberUse: false,
  legalBasis: '介護保険法 第27条・第28条・第29条・第32条',
  deadline: '更新は有効期間が終わる60日前から',
  bring: ['介護保険被保険者証', '医療保険の資格確認書など（40〜64歳の人）'],
  retention: RETENTION_10Y,
  channels: ['counter', 'online'],
  signature: 'handwrittenOrJpki',
  steps: [
    {
      id: 'insured', title: '認定を受ける人',
      fields: [
        ...CARE_INSURED,
        { id: 'kind', type: 'choice', label: '申請の種類', required: true, options: [{ value: 'new', label: '新規' }, { value: 'renewal', label: '更新' }, { value: 'change', label: '区分の変更' }] },
        { id: 'doctor', type: 'text', label: '主治医（医療機関と医師の名前）', required: true, maxLength: 60 },
        { id: 'visitPlace', type: 'choice', label: '訪問調査の場所', required: true, options: [{ value: 'home', label: '自宅' }, { value: 'hospital', label: '入院先' }, { value: 'facility', label: '入所している施設' }] },
      ],
    },
    { id: 'applicant', title: '申請する人', fields: [...applicantFields('申請者'), { id: 'relationToInsured', type: 'text', label: '認定を受ける人との関係', required: true, maxLength: 20 }] },
  ],
  prefill: APPLICANT_PREFILL,
};

export const careInsuranceCardReissue: ProcedureDefinitionInput = {
  ...kaigo,
  id: 'care-insurance-card-reissue',
  title: '介護保険 被保険者証の再交付申請',
  kind: 'application',
  summary: '介護保険の被保険者証（負担割合証）をなくしたり汚したりしたときの再交付の申請です。郵送でお届けします。',
  individualNumberUse: false,
  legalBasis: '介護保険法施行規則 第27条',
  bring: ['汚れた・破れた被保険者証（ある場合）'],
  retention: RETENTION_5Y,
  channels: ['counter', 'online'],
  signature: 'handwrittenOrJpki',
  steps: [
    {
      id: 'insured', title: '被保険者と理由',
      fields: [
        ...CARE_INSURED,
        { id: 'reason', type: 'choice', label: '再交付の理由', required: true, options: [{ value: 'lost', label: 'なくした' }, { value: 'damaged', label: '汚れた・破れた' }, { value: 'other', label: 'その他' }] },
        { id: 'cards', type: 'choice', label: '再交付するもの', required: true, multiple: true, options: [{ value: 'insuredCard', label: '被保険者証' }, { value: 'burdenCard', label: '負担割合証' }] },
      ],
    },
    { id: 'applicant', title: '申請する人', fields: [...applicantFields('申請者')] },
  ],
  prefill: APPLICANT_PREFILL,
};

export const disasterCertificate: ProcedureDefinitionInput = {
  ...zeimu,
  id: 'disaster-certificate',
  title: '罹災証明書の交付申請',
  kind: 'application',
  summary: '地震・大雨・雪害などで住まいが被害を受けたときに、被害の程度を証明する罹災証明書の申請です。必要に応じて職員が家屋を調査します。',
  individualNumberUse: false,
  legalBasis: '災害対策基本法 第90条の2',
  deadline: '被害を受けた日からなるべく早く',
  bring: ['被害の状況がわかる写真'],
  retention: RETENTION_10Y,
  channels: ['counter', 'online'],
  signature: 'handwrittenOrJpki',
  attachments: [{ id: 'damage-photos', label: '被害の状況がわかる写真', accept: ['image/jpeg', 'image/png'], maxSizeMb: 10 }],
  steps: [
    { id: 'applicant', title: '申請する人', fields: [...applicantFields('申請者'), { id: 'relationToOwner', type: 'choice', label: '被害を受けた家屋との関係', required: true, options: [{ value: 'owner', label: '所有者' }, { value: 'tenant', label: '居住者（借家）' }, { value: 'other', label: 'その他' }] }] },
    {
      id: 'damage', title: '被害',
      fields: [
        { id: 'disasterDate', type: 'date', label: '被害を受けた日', required: true, maxDate: today },
        { id: 'disasterKind', type: 'choice', label: '災害の種類', required: true, options: [{ value: 'earthquake', label: '地震' }, { value: 'flood', label: '大雨・洪水' }, { value: 'snow', label: '雪害' }, { value: 'wind', label: '強風' }, { value: 'fire', label: '火災' }, { value: 'other', label: 'その他' }] },
        { id: 'propertyAddress', type: 'address', label: '被害を受けた家屋の所在地', required: true },
        { id: 'damageDescription', type: 'text', label: '被害の状況（どこが、どのように）', required: true, maxLength: 400, multiline: true },
        { id: 'copies', type: 'number', label: '必要な部数', required: true, min: 1, max: 10, unit: '部' },
        { id: 'damagePhotos', type: 'file', label: '被害の状況がわかる写真', attachmentId: 'damage-photos', requiredWhen: eq('$context.channel', 'online') },
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};
