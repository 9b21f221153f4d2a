import { sealRegistrationLayout } from '../layouts/sealRegistration';
import type { ProcedureDefinitionInput } from '../../schema/definition';
import { APPLICANT_PREFILL, IDENTITY_CHECK, RETENTION_5Y, SEX_OPTIONS, SIGNATURE, applicantFields, eq, today } from '../common';

/** 市民税務課: 戸籍, 印鑑, マイナンバーカード, 原付. */
const shimin = { departmentId: 'shimin-zeimu', formatVersion: 2 as const };

export const birthNotification: ProcedureDefinitionInput = {
  ...shimin,
  id: 'birth-notification',
  title: '出生届',
  kind: 'notification',
  summary: '子どもが生まれたことを届け出て、戸籍と住民票に記載します。',
  individualNumberUse: false,
  legalBasis: '戸籍法 第49条',
  deadline: '生まれた日を含めて14日以内',
  bring: ['出生証明書（医師・助産師が記入したもの）', '母子健康手帳', '届出人の本人確認書類'],
  retention: { years: 27, basis: '戸籍法施行規則 第49条（届書類の保存）' },
  channels: ['counter', 'online'],
  signature: 'handwritten',
  attachments: [{ id: 'birth-certificate', label: '出生証明書', accept: ['application/pdf', 'image/jpeg'], maxSizeMb: 10 }],
  steps: [
    {
      id: 'child', title: '生まれた子',
      fields: [
        { id: 'childName', type: 'text', label: '子の氏名', required: true, maxLength: 20 },
        { id: 'childKana', type: 'kana', label: '子のふりがな', required: true, readingOf: 'childName' },
        { id: 'childBirthDate', type: 'date', label: '生まれた日', required: true, maxDate: today },
        { id: 'childSex', type: 'choice', label: '性別', required: true, options: SEX_OPTIONS },
        { id: 'legitimacy', type: 'choice', label: '父母との続き柄', required: true, options: [{ value: 'legitimate', label: '嫡出子' }, { value: 'notLegitimate', label: '嫡出でない子' }] },
        { id: 'birthPlace', type: 'text', label: '生まれたところ', required: true, maxLength: 60 },
        { id: 'birthCertificate', type: 'file', label: '出生証明書', attachmentId: 'birth-certificate', requiredWhen: eq('$context.channel', 'online') },
      ],
    },
    {
      id: 'parents', title: '父母',
      fields: [
        { id: 'fatherName', type: 'text', label: '父の氏名', maxLength: 30 },
        { id: 'motherName', type: 'text', label: '母の氏名', required: true, maxLength: 30 },
        { id: 'registeredDomicile', type: 'text', label: '本籍', required: true, maxLength: 80 },
        { id: 'address', type: 'address', label: '住所', required: true },
      ],
    },
    {
      id: 'notifier', title: '届出人',
      fields: [
        { id: 'notifierRole', type: 'choice', label: '届出人の資格', required: true, options: [{ value: 'father', label: '父' }, { value: 'mother', label: '母' }, { value: 'other', label: 'その他（同居者・医師など）' }] },
        ...applicantFields('届出人'),
        SIGNATURE,
        IDENTITY_CHECK,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

export const deathNotification: ProcedureDefinitionInput = {
  ...shimin,
  id: 'death-notification',
  title: '死亡届',
  kind: 'notification',
  summary: '亡くなったことを届け出て、戸籍と住民票に記載します。火葬許可証もこの届出で交付します。',
  individualNumberUse: false,
  legalBasis: '戸籍法 第86条',
  deadline: '亡くなったことを知った日から7日以内',
  bring: ['死亡診断書（死体検案書）', '届出人の本人確認書類'],
  retention: { years: 27, basis: '戸籍法施行規則 第49条（届書類の保存）' },
  channels: ['counter'],
  signature: 'handwritten',
  steps: [
    {
      id: 'deceased', title: '亡くなった人',
      fields: [
        { id: 'deceased', type: 'person', label: '亡くなった人', required: true, scope: 'registry' },
        { id: 'deathDate', type: 'date', label: '亡くなった日', required: true, maxDate: today },
        { id: 'deathPlace', type: 'text', label: '亡くなったところ', required: true, maxLength: 60 },
      ],
    },
    {
      id: 'notifier', title: '届出人',
      fields: [
        { id: 'notifierRole', type: 'choice', label: '届出人の資格', required: true, options: [{ value: 'relative', label: '親族' }, { value: 'cohabitant', label: '同居者' }, { value: 'landlord', label: '家主・地主' }, { value: 'guardian', label: '後見人など' }] },
        ...applicantFields('届出人'),
        SIGNATURE,
        IDENTITY_CHECK,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

const spouse = (who: 'husband' | 'wife', label: string): ProcedureDefinitionInput['steps'][number] => ({
  id: who,
  title: label,
  fields: [
    { id: `${who}Name`, type: 'text', label: `${label}の氏名`, required: true, maxLength: 30 },
    { id: `${who}Kana`, type: 'kana', label: `${label}のふりがな`, required: true, readingOf: `${who}Name` },
    { id: `${who}BirthDate`, type: 'date', label: `${label}の生年月日`, required: true, maxDate: today },
    { id: `${who}Address`, type: 'address', label: `${label}の住所`, required: true },
    { id: `${who}Domicile`, type: 'text', label: `${label}の本籍`, required: true, maxLength: 80 },
  ],
});

const witnesses = {
  id: 'witnesses', type: 'repeater' as const, label: '証人', itemLabel: '証人', required: true, minItems: 2, maxItems: 2,
  fields: [
    { id: 'name', type: 'text' as const, label: '氏名', required: true, maxLength: 30 },
    { id: 'birthDate', type: 'date' as const, label: '生年月日', required: true },
    { id: 'address', type: 'text' as const, label: '住所', required: true, maxLength: 80 },
    { id: 'adult', type: 'boolean' as const, label: '18歳以上', compute: { op: 'ge', args: [{ op: 'ageOn', args: [{ var: '$item.birthDate' }, today] }, 18] } },
  ],
};

export const marriageNotification: ProcedureDefinitionInput = {
  ...shimin,
  id: 'marriage-notification',
  title: '婚姻届',
  kind: 'notification',
  summary: '結婚を届け出ます。届け出た日から法律上の夫婦になります。',
  individualNumberUse: false,
  legalBasis: '戸籍法 第74条、民法 第739条',
  bring: ['夫と妻の本人確認書類', '戸籍謄本（本籍が尾花沢市でないとき。戸籍証明書等の広域交付で省略できる場合があります）'],
  retention: { years: 27, basis: '戸籍法施行規則 第49条（届書類の保存）' },
  channels: ['counter'],
  signature: 'handwritten',
  steps: [
    spouse('husband', '夫'),
    spouse('wife', '妻'),
    {
      id: 'details', title: '婚姻後のこと',
      fields: [
        { id: 'surname', type: 'choice', label: '婚姻後の夫婦の氏', required: true, options: [{ value: 'husband', label: '夫の氏' }, { value: 'wife', label: '妻の氏' }] },
        { id: 'newDomicile', type: 'text', label: '新しい本籍', required: true, maxLength: 80 },
        witnesses,
        SIGNATURE,
        IDENTITY_CHECK,
      ],
    },
  ],
  rules: [
    { id: 'husband-adult', fields: ['husbandBirthDate'], assert: { op: 'ge', args: [{ op: 'ageOn', args: [{ var: 'husbandBirthDate' }, today] }, 18] }, code: 'MA-UNDER-18', message: '婚姻できるのは18歳からです（民法 第731条）。生年月日を確かめてください。' },
    { id: 'wife-adult', fields: ['wifeBirthDate'], assert: { op: 'ge', args: [{ op: 'ageOn', args: [{ var: 'wifeBirthDate' }, today] }, 18] }, code: 'MA-UNDER-18', message: '婚姻できるのは18歳からです（民法 第731条）。生年月日を確かめてください。' },
    { id: 'witnesses-adult', fields: ['witnesses'], assert: { op: 'all', args: [{ var: 'witnesses' }, { op: 'eq', args: [{ var: '$item.adult' }, true] }] }, code: 'MA-WITNESS-MINOR', message: '証人は18歳以上の人が2人必要です。証人の生年月日を確かめてください。' },
  ],
};

export const divorceNotification: ProcedureDefinitionInput = {
  ...shimin,
  id: 'divorce-notification',
  title: '離婚届',
  kind: 'notification',
  summary: '協議離婚・裁判離婚を届け出ます。',
  individualNumberUse: false,
  legalBasis: '戸籍法 第76条・第77条',
  deadline: '裁判離婚は確定の日から10日以内',
  bring: ['夫と妻の本人確認書類', '調停調書・判決書の謄本と確定証明書（裁判離婚のとき）'],
  retention: { years: 27, basis: '戸籍法施行規則 第49条（届書類の保存）' },
  channels: ['counter'],
  signature: 'handwritten',
  steps: [
    spouse('husband', '夫'),
    spouse('wife', '妻'),
    {
      id: 'details', title: '離婚の種別と子',
      fields: [
        { id: 'divorceType', type: 'choice', label: '離婚の種別', required: true, options: [{ value: 'agreement', label: '協議離婚' }, { value: 'mediation', label: '調停' }, { value: 'judgment', label: '判決・審判・和解など' }] },
        { ...witnesses, requiredWhen: eq('divorceType', 'agreement'), visibleWhen: eq('divorceType', 'agreement') },
        {
          id: 'minorChildren', type: 'repeater', label: '未成年の子', itemLabel: '子',
          fields: [
            { id: 'name', type: 'text', label: '氏名', required: true },
            { id: 'custody', type: 'choice', label: '親権を行う人', required: true, options: [{ value: 'husband', label: '夫' }, { value: 'wife', label: '妻' }] },
          ],
        },
        SIGNATURE,
        IDENTITY_CHECK,
      ],
    },
  ],
};

export const sealRegistration: ProcedureDefinitionInput = {
  ...shimin,
  id: 'seal-registration',
  title: '印鑑登録申請',
  kind: 'application',
  summary: '実印として使う印鑑を登録し、印鑑登録証（カード）を受け取ります。',
  individualNumberUse: false,
  legalBasis: '尾花沢市印鑑条例',
  bring: ['登録する印鑑', '本人確認書類（マイナンバーカード・運転免許証など写真付きのもの）'],
  fee: { amountYen: 300, note: '印鑑登録証の交付手数料' },
  retention: RETENTION_5Y,
  channels: ['counter', 'outreach'],
  signature: 'handwritten',
  steps: [
    {
      id: 'who', title: '登録する人',
      fields: [
        { id: 'registrant', type: 'person', label: '登録する人', required: true, scope: 'household' },
        { id: 'registrantAddress', type: 'address', label: '登録する人の住所', required: true },
        { id: 'registrantPhone', type: 'phone', label: '電話番号', required: true },
        {
          id: 'verification', type: 'choice', label: '本人確認の方法', required: true, staffOnly: true,
          options: [{ value: 'photoId', label: '写真付き本人確認書類' }, { value: 'guarantor', label: '保証人（登録者）の保証書' }, { value: 'inquiry', label: '照会書（回答書）' }],
        },
        { id: 'guarantorName', type: 'text', label: '保証人の氏名', staffOnly: true, visibleWhen: eq('verification', 'guarantor'), required: true },
        { id: 'guarantorSealNumber', type: 'text', label: '保証人の印鑑登録番号', staffOnly: true, visibleWhen: eq('verification', 'guarantor'), required: true, pattern: { regex: '^\\d{1,8}$', message: '印鑑登録番号は8桁以内の数字です。' } },
        SIGNATURE,
        IDENTITY_CHECK,
      ],
    },
  ],
  rules: [
    { id: 'age-15', fields: ['registrant'], assert: { op: 'ge', args: [{ op: 'ageOn', args: [{ var: 'registrant.birthDate' }, today] }, 15] }, code: 'SEAL-UNDER-15', message: '印鑑登録ができるのは15歳以上の人です。登録する人を確かめてください。' },
  ],
  prefill: [
    { target: 'registrant', source: 'registry', path: 'resident' },
    { target: 'registrantAddress', source: 'registry', path: 'resident.address' },
  ],
  layout: sealRegistrationLayout,
};

export const myNumberCardAddressChange: ProcedureDefinitionInput = {
  ...shimin,
  id: 'my-number-card-address-change',
  title: 'マイナンバーカード 継続利用・券面記載事項変更届',
  kind: 'notification',
  summary: '引っ越し後もマイナンバーカードを使えるように、カードの住所を書き換え、電子証明書を更新します。',
  individualNumberUse: true,
  legalBasis: '行政手続における特定の個人を識別するための番号の利用等に関する法律 第17条',
  deadline: '転入届・転居届をした日から14日以内（転入は転出予定日から90日以内）',
  bring: ['マイナンバーカード（異動する人全員分）', '暗証番号（利用者証明用4桁・署名用6〜16桁）'],
  retention: RETENTION_5Y,
  channels: ['counter', 'outreach'],
  signature: 'handwritten',
  steps: [
    {
      id: 'cards', title: 'カードの持ち主',
      fields: [
        {
          id: 'holders', type: 'repeater', label: 'カードの持ち主', itemLabel: '持ち主', required: true, minItems: 1,
          fields: [
            { id: 'name', type: 'text', label: '氏名', required: true },
            { id: 'birthDate', type: 'date', label: '生年月日', required: true },
            { id: 'renewSigningCertificate', type: 'boolean', label: '署名用電子証明書を発行し直す' },
          ],
        },
        { id: 'changeKind', type: 'choice', label: '変更の内容', required: true, options: [{ value: 'address', label: '住所' }, { value: 'name', label: '氏名' }, { value: 'both', label: '住所と氏名' }] },
        SIGNATURE,
        IDENTITY_CHECK,
      ],
    },
  ],
  prefill: [{ target: 'holders', source: 'previousCase', path: 'members' }],
};

export const mopedRegistration: ProcedureDefinitionInput = {
  formatVersion: 2,
  departmentId: 'zeimu',
  id: 'moped-registration',
  title: '原動機付自転車等の登録（標識交付）',
  kind: 'application',
  summary: '原付バイク・小型特殊自動車のナンバープレート（標識）を受け取ります。',
  individualNumberUse: false,
  legalBasis: '地方税法 第446条、尾花沢市税条例',
  deadline: '取得・転入した日から15日以内',
  bring: ['前の市区町村の廃車申告受付書（転入のとき）', '本人確認書類', '販売証明書または譲渡証明書（新しく取得したとき）'],
  retention: RETENTION_5Y,
  channels: ['counter'],
  signature: 'handwritten',
  steps: [
    {
      id: 'vehicle', title: '車両',
      fields: [
        ...applicantFields('所有者'),
        { id: 'vehicleClass', type: 'choice', label: '車種', required: true, options: [{ value: 'class1', label: '原付第一種（50cc以下）' }, { value: 'class2a', label: '原付第二種乙（90cc以下）' }, { value: 'class2b', label: '原付第二種甲（125cc以下）' }, { value: 'minicar', label: 'ミニカー' }, { value: 'smallSpecial', label: '小型特殊自動車' }] },
        { id: 'frameNumber', type: 'text', label: '車台番号', required: true, maxLength: 30 },
        { id: 'maker', type: 'text', label: 'メーカー名', maxLength: 30 },
        { id: 'acquiredReason', type: 'choice', label: '登録の理由', required: true, options: [{ value: 'moveIn', label: '転入' }, { value: 'purchase', label: '購入' }, { value: 'transfer', label: '譲受' }] },
        SIGNATURE,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};
