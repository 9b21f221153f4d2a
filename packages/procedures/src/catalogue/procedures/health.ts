import { nhiEnrollmentLayout } from '../layouts/nhiEnrollment';
import { childMedicalEligibilityLayout } from '../layouts/childMedicalEligibility';
import type { ProcedureDefinitionInput } from '../../schema/definition';
import { APPLICANT_PREFILL, BANK_ACCOUNT, IDENTITY_CHECK, RELATIONSHIP_OPTIONS, RETENTION_5Y, RETENTION_10Y, SIGNATURE, applicantFields, eq, memberFields, today } from '../common';

/** 健康増進課: 国民健康保険・国民年金・後期高齢者医療・子ども医療費, and 母子保健. */
const hoken = { departmentId: 'kenko-zoshin', formatVersion: 2 as const };
const boshi = { departmentId: 'kenko-boshi', formatVersion: 2 as const };

const insuredMembers = {
  id: 'members', type: 'repeater' as const, label: '加入する人', itemLabel: '加入する人', required: true, minItems: 1, maxItems: 6,
  fields: memberFields([
    { id: 'relationship', type: 'choice', label: '続柄', required: true, display: 'select', options: RELATIONSHIP_OPTIONS },
    { id: 'individualNumber', type: 'individualNumber', label: '個人番号' },
  ]),
};

export const nhiEnrollment: ProcedureDefinitionInput = {
  ...hoken,
  id: 'nhi-enrollment',
  title: '国民健康保険 加入届（資格取得届）',
  kind: 'notification',
  summary: '転入・退職・出生などで国民健康保険に入るときの届出です。',
  individualNumberUse: true,
  legalBasis: '国民健康保険法 第9条',
  deadline: '資格を得た日（転入日・退職日の翌日など）から14日以内',
  bring: ['本人確認書類', '世帯主と加入する人のマイナンバーがわかるもの', '前の健康保険の資格喪失証明書（会社の保険をやめたとき）'],
  retention: RETENTION_10Y,
  channels: ['counter', 'kiosk', 'outreach'],
  signature: 'handwrittenOrJpki',
  steps: [
    {
      id: 'householder', title: '世帯主',
      fields: [
        ...applicantFields('世帯主'),
        { id: 'householderIndividualNumber', type: 'individualNumber', label: '世帯主の個人番号' },
      ],
    },
    {
      id: 'enrollment', title: '加入の理由と加入する人',
      fields: [
        {
          id: 'reason', type: 'choice', label: '加入の理由', required: true,
          options: [
            { value: 'moveIn', label: '転入' },
            { value: 'leftEmployeeInsurance', label: '職場の健康保険をやめた' },
            { value: 'leftDependent', label: '家族の健康保険の扶養から外れた' },
            { value: 'birth', label: '出生' },
            { value: 'welfareEnded', label: '生活保護を受けなくなった' },
            { value: 'other', label: 'その他' },
          ],
        },
        { id: 'qualificationDate', type: 'date', label: '資格を得た日', required: true, maxDate: today },
        { id: 'previousInsurer', type: 'text', label: '前の健康保険の名称', maxLength: 40, visibleWhen: { op: 'in', args: [{ var: 'reason' }, { list: ['leftEmployeeInsurance', 'leftDependent'] }] }, required: true },
        insuredMembers,
        SIGNATURE,
        IDENTITY_CHECK,
      ],
    },
  ],
  rules: [
    {
      id: 'late-elderly-excluded', fields: ['members'],
      assert: { op: 'all', args: [{ var: 'members' }, { op: 'lt', args: [{ op: 'ageOn', args: [{ var: '$item.birthDate' }, { var: 'qualificationDate' }] }, 75] }] },
      code: 'NHI-OVER-75', message: '75歳以上の人は国民健康保険ではなく後期高齢者医療制度に加入します。その人は一覧から外して、後期高齢者医療の手続きをしてください。',
    },
  ],
  prefill: [...(APPLICANT_PREFILL ?? []), { target: 'members', source: 'previousCase', path: 'members' }],
  layout: nhiEnrollmentLayout,
};

export const nhiWithdrawal: ProcedureDefinitionInput = {
  ...hoken,
  id: 'nhi-withdrawal',
  title: '国民健康保険 喪失届',
  kind: 'notification',
  summary: '転出・職場の健康保険への加入・死亡などで国民健康保険をやめるときの届出です。',
  individualNumberUse: true,
  legalBasis: '国民健康保険法 第9条',
  deadline: '資格がなくなった日から14日以内',
  bring: ['国民健康保険の資格確認書（お持ちの場合）', '新しい健康保険の資格がわかるもの（職場の保険に入ったとき）', '本人確認書類'],
  retention: RETENTION_10Y,
  channels: ['counter', 'kiosk', 'online', 'outreach'],
  signature: 'handwrittenOrJpki',
  steps: [
    {
      id: 'withdrawal', title: '喪失の理由と対象者',
      fields: [
        ...applicantFields('世帯主'),
        {
          id: 'reason', type: 'choice', label: '喪失の理由', required: true,
          options: [{ value: 'moveOut', label: '転出' }, { value: 'joinedEmployeeInsurance', label: '職場の健康保険に加入' }, { value: 'death', label: '死亡' }, { value: 'lateElderly', label: '後期高齢者医療へ移行' }, { value: 'welfare', label: '生活保護の開始' }],
        },
        { id: 'lossDate', type: 'date', label: '資格がなくなった日', required: true },
        { id: 'newInsurer', type: 'text', label: '新しい健康保険の名称', visibleWhen: eq('reason', 'joinedEmployeeInsurance'), required: true, maxLength: 40 },
        { id: 'members', type: 'repeater', label: 'やめる人', itemLabel: 'やめる人', required: true, minItems: 1, fields: memberFields() },
        SIGNATURE,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

export const pensionCategoryChange: ProcedureDefinitionInput = {
  ...hoken,
  id: 'pension-category-change',
  title: '国民年金 被保険者 資格取得・種別変更届',
  kind: 'notification',
  summary: '退職や扶養から外れたことで、国民年金の第1号被保険者になるときの届出です。',
  individualNumberUse: true,
  legalBasis: '国民年金法 第12条',
  deadline: '変更があった日から14日以内',
  bring: ['基礎年金番号がわかるもの（基礎年金番号通知書・年金手帳）またはマイナンバーカード', '退職日や扶養から外れた日がわかる書類'],
  retention: RETENTION_5Y,
  channels: ['counter', 'online'],
  signature: 'handwrittenOrJpki',
  steps: [
    {
      id: 'insured', title: '被保険者',
      fields: [
        ...applicantFields('被保険者'),
        { id: 'basicPensionNumber', type: 'text', label: '基礎年金番号', pattern: { regex: '^\\d{4}-?\\d{6}$', message: '基礎年金番号は10桁です（例: 1234-567890）。' } },
        { id: 'individualNumber', type: 'individualNumber', label: '個人番号', requiredWhen: { op: 'isEmpty', args: [{ var: 'basicPensionNumber' }] } },
        {
          id: 'change', type: 'choice', label: '届出の内容', required: true,
          options: [{ value: 'from2to1', label: '第2号（会社員・公務員）から第1号へ' }, { value: 'from3to1', label: '第3号（扶養配偶者）から第1号へ' }, { value: 'age20', label: '20歳になった（資格取得）' }, { value: 'fromAbroad', label: '海外からの転入（資格取得）' }],
        },
        { id: 'changeDate', type: 'date', label: '変更があった日', required: true, maxDate: today },
        { id: 'exemptionInterest', type: 'boolean', label: '保険料の免除・納付猶予の案内を希望する' },
        SIGNATURE,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

export const lateElderlyMoveIn: ProcedureDefinitionInput = {
  ...hoken,
  id: 'late-elderly-move-in',
  title: '後期高齢者医療 転入届（資格取得）',
  kind: 'notification',
  summary: '75歳以上の人（一定の障がいのある65歳以上の人を含む）が転入したときの届出です。',
  individualNumberUse: true,
  legalBasis: '高齢者の医療の確保に関する法律 第50条・第54条',
  deadline: '転入した日から14日以内',
  bring: ['前の住所地の広域連合が交付した負担区分等証明書（県外から転入したとき）', '本人確認書類'],
  retention: RETENTION_10Y,
  channels: ['counter', 'outreach'],
  signature: 'handwritten',
  steps: [
    {
      id: 'insured', title: '被保険者',
      fields: [
        ...applicantFields('被保険者'),
        { id: 'birthDate', type: 'date', label: '生年月日', required: true },
        { id: 'moveInDate', type: 'date', label: '転入した日', required: true },
        { id: 'hasBurdenCertificate', type: 'boolean', label: '負担区分等証明書を持っている' },
        { id: 'individualNumber', type: 'individualNumber', label: '個人番号' },
        SIGNATURE,
      ],
    },
  ],
  rules: [
    { id: 'age-65', fields: ['birthDate'], assert: { op: 'ge', args: [{ op: 'ageOn', args: [{ var: 'birthDate' }, { var: 'moveInDate' }] }, 65] }, code: 'LE-UNDER-65', message: '後期高齢者医療の対象は75歳以上（障がい認定は65歳以上）です。生年月日を確かめてください。' },
  ],
  prefill: APPLICANT_PREFILL,
};

export const lateElderlyMoveOut: ProcedureDefinitionInput = {
  ...hoken,
  id: 'late-elderly-move-out',
  title: '後期高齢者医療 負担区分等証明書 交付申請（転出）',
  kind: 'application',
  summary: '県外へ引っ越す後期高齢者医療の被保険者が、転出先に出す証明書を受け取ります。',
  individualNumberUse: true,
  legalBasis: '高齢者の医療の確保に関する法律施行規則 第15条',
  bring: ['資格確認書（お持ちの場合）', '本人確認書類'],
  retention: RETENTION_5Y,
  channels: ['counter', 'outreach'],
  signature: 'handwritten',
  steps: [
    {
      id: 'insured', title: '被保険者と転出先',
      fields: [
        ...applicantFields('被保険者'),
        { id: 'moveOutDate', type: 'date', label: '転出する日', required: true },
        { id: 'destination', type: 'address', label: '転出先の住所', required: true, requirePostalCode: false },
        SIGNATURE,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

export const childMedicalEligibility: ProcedureDefinitionInput = {
  ...hoken,
  id: 'child-medical-eligibility',
  title: '子ども医療費 受給資格登録申請',
  kind: 'application',
  summary: '高校生年代までの子どもの医療費（保険診療の自己負担分）を助成する受給者証を申請します。',
  individualNumberUse: true,
  legalBasis: '尾花沢市子育て支援医療給付条例',
  deadline: '転入・出生から14日以内に申請すると、その日から助成されます',
  bring: ['子どもの健康保険の資格確認書または資格情報のお知らせ', '保護者の本人確認書類'],
  retention: RETENTION_5Y,
  channels: ['counter', 'kiosk', 'online'],
  signature: 'handwrittenOrJpki',
  steps: [
    {
      id: 'guardian', title: '保護者',
      fields: [...applicantFields('保護者'), { id: 'insurerName', type: 'text', label: '子どもが加入している健康保険', required: true, maxLength: 40 }],
    },
    {
      id: 'children', title: '対象の子',
      fields: [
        {
          id: 'children', type: 'repeater', label: '対象の子', itemLabel: '子', required: true, minItems: 1, maxItems: 6,
          fields: memberFields([
            { id: 'age', type: 'number', label: '年齢', unit: '歳', compute: { op: 'ageOn', args: [{ var: '$item.birthDate' }, today] } },
            { id: 'recipientNumber', type: 'text', label: '受給者番号', staffOnly: true, maxLength: 10 },
          ]),
        },
        SIGNATURE,
        IDENTITY_CHECK,
      ],
    },
  ],
  rules: [
    {
      id: 'children-under-19', fields: ['children'],
      assert: { op: 'all', args: [{ var: 'children' }, { op: 'le', args: [{ op: 'schoolYearOn', args: [{ var: '$item.birthDate' }, today] }, 12] }] },
      code: 'CM-TOO-OLD', message: '子ども医療費の対象は高校3年生の年度末までの子どもです。対象でない子を一覧から外してください。',
    },
  ],
  prefill: APPLICANT_PREFILL,
  layout: childMedicalEligibilityLayout,
};

export const funeralExpenses: ProcedureDefinitionInput = {
  ...hoken,
  id: 'funeral-expenses',
  title: '国民健康保険・後期高齢者医療 葬祭費 支給申請',
  kind: 'application',
  summary: '国民健康保険または後期高齢者医療の被保険者が亡くなったとき、葬儀を行った人に葬祭費を支給します。',
  individualNumberUse: true,
  legalBasis: '国民健康保険法 第58条、高齢者の医療の確保に関する法律 第86条',
  deadline: '葬儀を行った日の翌日から2年以内',
  bring: ['葬儀の領収書など喪主がわかるもの', '喪主名義の口座がわかるもの', '亡くなった人の資格確認書'],
  retention: RETENTION_5Y,
  channels: ['counter', 'online'],
  signature: 'handwrittenOrJpki',
  steps: [
    {
      id: 'funeral', title: '葬儀',
      fields: [
        { id: 'deceased', type: 'person', label: '亡くなった人', required: true, scope: 'registry' },
        { id: 'funeralDate', type: 'date', label: '葬儀の日', required: true, maxDate: today },
        ...applicantFields('喪主'),
        { id: 'amount', type: 'money', label: '支給額', compute: 50000 },
      ],
    },
    { id: 'account', title: '振込先', fields: [...BANK_ACCOUNT, SIGNATURE] },
  ],
  prefill: APPLICANT_PREFILL,
};

export const prenatalVoucherExchange: ProcedureDefinitionInput = {
  ...boshi,
  id: 'prenatal-voucher-exchange',
  title: '妊婦健康診査受診票の交換（転入）',
  kind: 'application',
  summary: '転入した妊婦さんの、前の市区町村の妊婦健診受診票を尾花沢市のものに交換します。',
  individualNumberUse: false,
  legalBasis: '母子保健法 第13条',
  bring: ['母子健康手帳', '前の市区町村の妊婦健康診査受診票（使っていない分）'],
  retention: RETENTION_5Y,
  channels: ['counter', 'online'],
  signature: 'handwritten',
  steps: [
    {
      id: 'pregnancy', title: '妊婦さん',
      fields: [
        ...applicantFields('妊婦'),
        { id: 'dueDate', type: 'date', label: '出産予定日', required: true, minDate: today },
        { id: 'unusedVouchers', type: 'number', label: '使っていない受診票の枚数', min: 0, max: 14, unit: '枚', required: true },
        { id: 'clinic', type: 'text', label: 'かかっている医療機関', maxLength: 40 },
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

export const newbornVisitNotice: ProcedureDefinitionInput = {
  ...boshi,
  id: 'newborn-visit-notice',
  title: '出生連絡票（新生児訪問の申込み）',
  kind: 'notification',
  summary: '赤ちゃんが生まれたことを保健師に知らせ、家庭訪問（新生児訪問・こんにちは赤ちゃん訪問）を受けます。',
  individualNumberUse: false,
  legalBasis: '母子保健法 第11条・第19条、児童福祉法 第6条の3',
  bring: ['母子健康手帳'],
  retention: RETENTION_5Y,
  channels: ['counter', 'online'],
  signature: 'none',
  steps: [
    {
      id: 'baby', title: '赤ちゃんとお母さん',
      fields: [
        { id: 'babyName', type: 'text', label: '赤ちゃんの氏名', required: true, maxLength: 20 },
        { id: 'babyBirthDate', type: 'date', label: '生まれた日', required: true, maxDate: today },
        { id: 'birthWeight', type: 'number', label: '出生体重', unit: 'g', min: 300, max: 6000, required: true },
        ...applicantFields('保護者'),
        { id: 'visitWish', type: 'choice', label: '訪問の希望', required: true, options: [{ value: 'soon', label: 'なるべく早く' }, { value: 'afterReturn', label: '里帰りから戻ってから' }, { value: 'consult', label: '電話で相談したい' }] },
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

export const singleParentMedical: ProcedureDefinitionInput = {
  ...hoken,
  id: 'single-parent-medical',
  title: 'ひとり親家庭等医療費 受給資格登録申請',
  kind: 'application',
  summary: 'ひとり親家庭の親と子の医療費の自己負担分を助成する受給者証を申請します。',
  individualNumberUse: true,
  legalBasis: '山形県ひとり親家庭等医療費助成事業、尾花沢市ひとり親家庭等医療給付条例',
  bring: ['親と子の健康保険の資格情報がわかるもの', '戸籍謄本（離婚の記載があるもの）', '本人確認書類'],
  retention: RETENTION_5Y,
  channels: ['counter'],
  signature: 'handwritten',
  steps: [
    {
      id: 'family', title: 'ひとり親家庭',
      fields: [
        ...applicantFields('申請者（親）'),
        { id: 'singleParentSince', type: 'date', label: 'ひとり親になった日', required: true, maxDate: today },
        { id: 'children', type: 'repeater', label: '対象の子', itemLabel: '子', required: true, minItems: 1, fields: memberFields() },
        SIGNATURE,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};
