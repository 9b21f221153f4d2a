import type { ProcedureDefinitionInput } from '../../schema/definition';
import { APPLICANT_PREFILL, RETENTION_5Y, RETENTION_10Y, SIGNATURE, applicantFields, eq, today } from '../common';

/** 福祉課: 介護保険 and 障がい福祉. */
const fukushi = { departmentId: 'fukushi', formatVersion: 2 as const };

const CARE_LEVELS = [
  { value: 'support1', label: '要支援1' }, { value: 'support2', label: '要支援2' },
  { value: 'care1', label: '要介護1' }, { value: 'care2', label: '要介護2' }, { value: 'care3', label: '要介護3' },
  { value: 'care4', label: '要介護4' }, { value: 'care5', label: '要介護5' },
];

export const careInsuranceMoveIn: ProcedureDefinitionInput = {
  ...fukushi,
  id: 'care-insurance-move-in',
  title: '介護保険 住所移転届（転入・受給資格証明書の提出）',
  kind: 'notification',
  summary: '65歳以上の人が転入したときの届出です。前の市区町村で要介護・要支援認定を受けていた人は、受給資格証明書を出すと認定を引き継げます。',
  individualNumberUse: true,
  legalBasis: '介護保険法 第12条・第36条',
  deadline: '転入した日から14日以内（認定の引き継ぎも14日以内）',
  bring: ['前の市区町村の介護保険受給資格証明書（認定を受けていた人）', '本人確認書類'],
  retention: RETENTION_10Y,
  channels: ['counter', 'outreach'],
  signature: 'handwritten',
  steps: [
    {
      id: 'insured', title: '被保険者',
      fields: [
        ...applicantFields('被保険者'),
        { id: 'birthDate', type: 'date', label: '生年月日', required: true, maxDate: today },
        { id: 'moveInDate', type: 'date', label: '転入した日', required: true },
        { id: 'hasCertification', type: 'boolean', label: '前の市区町村で要介護・要支援認定を受けていた' },
        { id: 'careLevel', type: 'choice', label: '認定の区分', display: 'select', options: CARE_LEVELS, visibleWhen: eq('hasCertification', true), required: true },
        { id: 'certificationEnd', type: 'date', label: '認定の有効期間の終わり', visibleWhen: eq('hasCertification', true), required: true },
        SIGNATURE,
      ],
    },
  ],
  rules: [
    {
      id: 'within-14-days', fields: ['moveInDate'], when: eq('hasCertification', true),
      assert: { op: 'le', args: [{ op: 'daysBetween', args: [{ var: 'moveInDate' }, today] }, 14] },
      code: 'CI-CERT-LATE', message: '転入から14日を過ぎると認定を引き継げず、新たに認定の申請が必要です。福祉課の窓口でご相談ください。',
    },
  ],
  prefill: APPLICANT_PREFILL,
};

export const careInsuranceMoveOut: ProcedureDefinitionInput = {
  ...fukushi,
  id: 'care-insurance-move-out',
  title: '介護保険 受給資格証明書 交付申請（転出）',
  kind: 'application',
  summary: '要介護・要支援認定を受けている人が転出するとき、転出先で認定を引き継ぐための証明書を受け取ります。',
  individualNumberUse: true,
  legalBasis: '介護保険法施行規則 第33条',
  bring: ['介護保険被保険者証', '本人確認書類'],
  retention: RETENTION_5Y,
  channels: ['counter', 'outreach'],
  signature: 'handwritten',
  steps: [
    {
      id: 'insured', title: '被保険者と転出先',
      fields: [
        ...applicantFields('被保険者'),
        { id: 'insuredNumber', type: 'text', label: '介護保険の被保険者番号', required: true, pattern: { regex: '^\\d{10}$', message: '被保険者番号は10桁の数字です。被保険者証を見て入力してください。' } },
        { id: 'moveOutDate', type: 'date', label: '転出する日', required: true },
        { id: 'destination', type: 'address', label: '転出先の住所', required: true, requirePostalCode: false },
        SIGNATURE,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

export const careInsuranceLoss: ProcedureDefinitionInput = {
  ...fukushi,
  id: 'care-insurance-loss',
  title: '介護保険 資格喪失届（死亡）',
  kind: 'notification',
  summary: '介護保険の被保険者が亡くなったときに、被保険者証を返します。',
  individualNumberUse: true,
  legalBasis: '介護保険法 第12条',
  deadline: '亡くなった日から14日以内',
  bring: ['介護保険被保険者証', '届出人の本人確認書類'],
  retention: RETENTION_10Y,
  channels: ['counter'],
  signature: 'handwritten',
  steps: [
    {
      id: 'loss', title: '亡くなった人',
      fields: [
        { id: 'deceased', type: 'person', label: '亡くなった人', required: true, scope: 'registry' },
        { id: 'deathDate', type: 'date', label: '亡くなった日', required: true, maxDate: today },
        ...applicantFields('届出人'),
        SIGNATURE,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

export const disabilityCertificateAddress: ProcedureDefinitionInput = {
  ...fukushi,
  id: 'disability-certificate-address',
  title: '障害者手帳 居住地変更届',
  kind: 'notification',
  summary: '身体障害者手帳・療育手帳・精神障害者保健福祉手帳を持っている人が転入・転居したときの届出です。',
  individualNumberUse: true,
  legalBasis: '身体障害者福祉法施行令 第9条、精神保健及び精神障害者福祉に関する法律施行令 第7条',
  deadline: '転入・転居から14日以内',
  bring: ['障害者手帳', '本人確認書類'],
  retention: RETENTION_5Y,
  channels: ['counter', 'outreach'],
  signature: 'handwritten',
  steps: [
    {
      id: 'holder', title: '手帳',
      fields: [
        ...applicantFields('手帳の持ち主'),
        { id: 'certificateKinds', type: 'choice', label: '手帳の種類', multiple: true, display: 'checkbox', required: true, options: [{ value: 'physical', label: '身体障害者手帳' }, { value: 'intellectual', label: '療育手帳' }, { value: 'mental', label: '精神障害者保健福祉手帳' }] },
        { id: 'certificateNumber', type: 'text', label: '手帳の番号', required: true, maxLength: 20 },
        { id: 'changeDate', type: 'date', label: '住所が変わった日', required: true },
        SIGNATURE,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

export const taxiSubsidyApplication: ProcedureDefinitionInput = {
  ...fukushi,
  id: 'taxi-subsidy-application',
  title: 'タクシー料金助成（電子タクシー券）の申請',
  kind: 'application',
  summary: '車を使えない高齢の人や障がいのある人のタクシー運賃の一部を助成します。乗車のときはマイナンバーカードを車内の端末にかざします。対象かどうかは、住民記録とこの申請の回答から理由つきで確認し、決定すると利用者番号と決定通知書をお渡しします（対象は市の要綱によります）。',
  individualNumberUse: false,
  legalBasis: '尾花沢市高齢者等タクシー利用助成事業実施要綱',
  bring: ['マイナンバーカード（乗車のときに使います）', '障害者手帳・運転経歴証明書（該当する人）'],
  retention: RETENTION_5Y,
  channels: ['counter', 'online', 'outreach'],
  signature: 'handwrittenOrJpki',
  steps: [
    {
      id: 'applicant', title: '申請者',
      fields: [
        ...applicantFields('申請者'),
        { id: 'birthDate', type: 'date', label: '生年月日', required: true, maxDate: today },
        {
          id: 'eligibility', type: 'choice', label: '対象になる理由', required: true,
          options: [
            { value: 'age75', label: '75歳以上' },
            { value: 'disability', label: '障害者手帳を持っている' },
            { value: 'licenseReturned', label: '運転免許を自主返納した65歳以上' },
            { value: 'noCar65', label: '世帯に自動車がない65歳以上' },
          ],
        },
        {
          id: 'certificate', type: 'choice', label: '持っている障害者手帳', required: true, visibleWhen: eq('eligibility', 'disability'),
          options: [
            { value: 'physical', label: '身体障害者手帳' },
            { value: 'mental', label: '精神障害者保健福祉手帳' },
            { value: 'rehabilitation', label: '療育手帳' },
          ],
        },
        { id: 'householdHasCar', type: 'boolean', label: '世帯に自動車を運転する人がいる' },
        { id: 'hasMyNumberCard', type: 'boolean', label: 'マイナンバーカードを持っている', required: true, help: '電子タクシー券はマイナンバーカードで乗車します。カードがない人は先にカードの申請をしてください。' },
        SIGNATURE,
      ],
    },
  ],
  rules: [
    { id: 'age-75', fields: ['birthDate'], when: eq('eligibility', 'age75'), assert: { op: 'ge', args: [{ op: 'ageOn', args: [{ var: 'birthDate' }, today] }, 75] }, code: 'TX-UNDER-75', message: '「75歳以上」を理由にできるのは75歳になった人です。ほかに当てはまる理由がないか確かめてください。' },
    { id: 'age-65-license', fields: ['birthDate'], when: eq('eligibility', 'licenseReturned'), assert: { op: 'ge', args: [{ op: 'ageOn', args: [{ var: 'birthDate' }, today] }, 65] }, code: 'TX-UNDER-65', message: '運転免許の自主返納による申請は65歳以上の人が対象です。' },
    { id: 'age-65-no-car', fields: ['birthDate'], when: eq('eligibility', 'noCar65'), assert: { op: 'ge', args: [{ op: 'ageOn', args: [{ var: 'birthDate' }, today] }, 65] }, code: 'TX-UNDER-65-NO-CAR', message: '「世帯に自動車がない」による申請は65歳以上の人が対象です。' },
    { id: 'no-car', fields: ['householdHasCar'], when: eq('eligibility', 'noCar65'), assert: { op: 'ne', args: [{ var: 'householdHasCar' }, true] }, code: 'TX-HAS-CAR', message: '世帯に自動車を運転する人がいるときは、「世帯に自動車がない」を理由にできません。ほかに当てはまる理由がないか確かめてください。' },
  ],
  prefill: APPLICANT_PREFILL,
};
