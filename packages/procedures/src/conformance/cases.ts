import { residenceChange } from '../catalogue/procedures/residenceChange';
import type { FormContext } from '../form/evaluateForm';
import type { ProcedureDefinitionInput } from '../schema/definition';
import { conformanceDefinition } from './definition';

/**
 * The shared table: the same definition must accept and reject the same
 * inputs in the browser and on the server. Pure data, no Node imports, so
 * the web package can run it too (see run.ts).
 */
export type ConformanceCase = {
  name: string;
  definition: ProcedureDefinitionInput;
  answers: Record<string, unknown>;
  context: FormContext;
  expect: {
    valid: boolean;
    /** Exact: every path with an error, and the codes found there. */
    errors?: Record<string, string[]>;
    visible?: string[];
    hidden?: string[];
    /** Exact list of step ids shown. */
    steps?: string[];
    required?: string[];
    notRequired?: string[];
    computed?: Record<string, unknown>;
    values?: Record<string, unknown>;
  };
};

const counter: FormContext = { today: '2026-11-29', channel: 'counter' };
const kiosk: FormContext = { today: '2026-11-29', channel: 'kiosk' };
const online: FormContext = { today: '2026-11-29', channel: 'online' };

const base: Record<string, unknown> = {
  name: '山田 花子',
  kana: 'やまだ　はなこ',
  birthDate: '1990-04-02',
  address: { postalCode: '999-4292', address: '山形県尾花沢市若葉町1-1-3' },
  purpose: 'self',
  copies: 2,
  consent: true,
  staffCheck: true,
};
const with_ = (extra: Record<string, unknown>): Record<string, unknown> => ({ ...base, ...extra });
const sample = conformanceDefinition;

const moveIn: Record<string, unknown> = {
  changeType: 'moveIn',
  notificationDate: '2026-11-29',
  changeDate: '2026-11-25',
  notifierName: '尾花 健一',
  notifierKana: 'オバナ　ケンイチ',
  notifierRelation: 'householder',
  notifierPhone: '090-1234-5678',
  newAddress: { postalCode: '9994292', address: '山形県尾花沢市若葉町一丁目1番3号' },
  newHouseholderName: '尾花 健一',
  oldAddress: { postalCode: '3300063', address: '埼玉県さいたま市浦和区高砂三丁目15番1号' },
  oldHouseholderName: '尾花 健一',
  moveInBasis: 'certificate',
  members: [
    { name: '尾花 健一', kana: 'オバナ ケンイチ', birthDate: '昭和60年7月14日', sex: 'male', relationship: 'householder', continueMyNumberCard: true },
    { name: '尾花 さくら', kana: 'おばな さくら', birthDate: '2018-05-10', sex: 'female', relationship: 'child' },
  ],
  signature: { method: 'handwritten', ref: 'sig-1' },
  identityDocuments: ['myNumberCard'],
};
const rc = residenceChange;
const member = (i: number): Record<string, unknown> => ({ name: `尾花 子${i}`, kana: 'オバナ　コ', birthDate: '2015-01-01', sex: 'female', relationship: 'child' });

export const conformanceCases: readonly ConformanceCase[] = [
  { name: 'minimal valid answers at the counter', definition: sample, answers: base, context: counter,
    expect: { valid: true, errors: {}, computed: { age: 36, fee: 600 }, values: { kana: 'ヤマダ ハナコ', address: { postalCode: '9994292', address: '山形県尾花沢市若葉町1-1-3' } } } },
  { name: 'everything missing', definition: sample, answers: {}, context: counter,
    expect: { valid: false, errors: { name: ['FORM-REQUIRED'], kana: ['FORM-REQUIRED'], birthDate: ['FORM-REQUIRED'], address: ['FORM-REQUIRED'], purpose: ['FORM-REQUIRED'], copies: ['FORM-REQUIRED'], consent: ['FORM-REQUIRED'], staffCheck: ['FORM-REQUIRED'] } } },
  { name: 'staff-only field is neither shown nor required at the kiosk', definition: sample, answers: with_({ staffCheck: undefined }), context: kiosk,
    expect: { valid: true, errors: {}, hidden: ['staffCheck'], notRequired: ['staffCheck'] } },
  { name: 'proxy purpose shows and requires the proxy name', definition: sample, answers: with_({ purpose: 'proxy' }), context: counter,
    expect: { valid: false, errors: { proxyName: ['FORM-REQUIRED'] }, visible: ['proxyName'], required: ['proxyName'], steps: ['main', 'proxy'] } },
  { name: 'answer of a hidden field is dropped', definition: sample, answers: with_({ proxyName: '代理 太郎' }), context: counter,
    expect: { valid: true, errors: {}, hidden: ['proxyName'], values: { proxyName: undefined }, steps: ['main'] } },
  { name: '和暦 date entry is accepted and stored as ISO', definition: sample, answers: with_({ birthDate: '平成2年4月2日' }), context: counter,
    expect: { valid: true, errors: {}, values: { birthDate: '1990-04-02' }, computed: { age: 36 } } },
  { name: 'short 和暦 entry (H2.4.2) is accepted', definition: sample, answers: with_({ birthDate: 'H2.4.2' }), context: counter,
    expect: { valid: true, errors: {}, values: { birthDate: '1990-04-02' } } },
  { name: 'a day that is not in the calendar', definition: sample, answers: with_({ birthDate: '令和8年2月30日' }), context: counter,
    expect: { valid: false, errors: { birthDate: ['FORM-DATE'] } } },
  { name: 'a birth date in the future', definition: sample, answers: with_({ birthDate: '2027-01-01' }), context: counter,
    expect: { valid: false, errors: { birthDate: ['FORM-DATE-RANGE'] } } },
  { name: 'name longer than allowed', definition: sample, answers: with_({ name: '寿限無寿限無五劫の擦り切れ' }), context: counter,
    expect: { valid: false, errors: { name: ['FORM-TOO-LONG'] } } },
  { name: 'reading in latin letters', definition: sample, answers: with_({ kana: 'Yamada Hanako' }), context: counter,
    expect: { valid: false, errors: { kana: ['FORM-KANA'] } } },
  { name: 'half-width katakana reading is normalised', definition: sample, answers: with_({ kana: 'ﾔﾏﾀﾞ ﾊﾅｺ' }), context: counter,
    expect: { valid: true, errors: {}, values: { kana: 'ヤマダ ハナコ' } } },
  { name: 'pattern mismatch', definition: sample, answers: with_({ employeeCode: 'a123' }), context: counter,
    expect: { valid: false, errors: { employeeCode: ['FORM-PATTERN'] } } },
  { name: 'pattern match', definition: sample, answers: with_({ employeeCode: 'A1234' }), context: counter,
    expect: { valid: true, errors: {} } },
  { name: 'postal code with too few digits', definition: sample, answers: with_({ address: { postalCode: '999-42', address: '山形県尾花沢市' } }), context: counter,
    expect: { valid: false, errors: { address: ['FORM-POSTAL-CODE'] } } },
  { name: 'phone number too short', definition: sample, answers: with_({ phone: '22-1111' }), context: counter,
    expect: { valid: false, errors: { phone: ['FORM-PHONE'] } } },
  { name: 'full-width phone number is normalised', definition: sample, answers: with_({ phone: '０２３７－２２－１１１１' }), context: counter,
    expect: { valid: true, errors: {}, values: { phone: '0237-22-1111' } } },
  { name: 'choice value not among the options', definition: sample, answers: with_({ purpose: 'other' }), context: counter,
    expect: { valid: false, errors: { purpose: ['FORM-CHOICE'] } } },
  { name: 'number above the maximum', definition: sample, answers: with_({ copies: 11 }), context: counter,
    expect: { valid: false, errors: { copies: ['FORM-RANGE'] } } },
  { name: 'number typed with full-width digits', definition: sample, answers: with_({ copies: '３' }), context: counter,
    expect: { valid: true, errors: {}, values: { copies: 3 }, computed: { fee: 900 } } },
  { name: 'fractional count', definition: sample, answers: with_({ copies: 1.5 }), context: counter,
    expect: { valid: false, errors: { copies: ['FORM-INTEGER'] } } },
  { name: 'unchecked required confirmation', definition: sample, answers: with_({ consent: false }), context: counter,
    expect: { valid: false, errors: { consent: ['FORM-REQUIRED'] } } },
  { name: 'attachment required only online', definition: sample, answers: base, context: online,
    expect: { valid: false, errors: { idCopy: ['FORM-REQUIRED'] }, required: ['idCopy'], hidden: ['staffCheck'] } },
  { name: 'attachment of a type not allowed', definition: sample, answers: with_({ idCopy: [{ name: 'id.docx', mediaType: 'application/msword', sizeBytes: 1000 }] }), context: online,
    expect: { valid: false, errors: { idCopy: ['FORM-FILE-TYPE'] } } },
  { name: 'attachment too large', definition: sample, answers: with_({ idCopy: [{ name: 'id.pdf', mediaType: 'application/pdf', sizeBytes: 3 * 1024 * 1024 }] }), context: online,
    expect: { valid: false, errors: { idCopy: ['FORM-FILE-SIZE'] } } },
  { name: 'too many attachments', definition: sample, answers: with_({ idCopy: [{ name: 'a.pdf', mediaType: 'application/pdf', sizeBytes: 10 }, { name: 'b.pdf', mediaType: 'application/pdf', sizeBytes: 10 }] }), context: online,
    expect: { valid: false, errors: { idCopy: ['FORM-FILE-COUNT'] } } },
  { name: 'valid individual number', definition: sample, answers: with_({ individualNumber: '1234 5678 9018' }), context: counter,
    expect: { valid: true, errors: {}, values: { individualNumber: '123456789018' } } },
  { name: 'individual number with a wrong check digit', definition: sample, answers: with_({ individualNumber: '123456789012' }), context: counter,
    expect: { valid: false, errors: { individualNumber: ['FORM-INDIVIDUAL-NUMBER'] } } },
  { name: 'signature method not allowed', definition: sample, answers: with_({ sign: { method: 'handwritten', ref: 'x' } }), context: counter,
    expect: { valid: false, errors: { sign: ['FORM-SIGNATURE'] } } },
  { name: 'person picked without a name', definition: sample, answers: with_({ subject: { residentRecordCode: '12345678901' } }), context: counter,
    expect: { valid: false, errors: { subject: ['FORM-PERSON'] } } },
  { name: 'school-age child needs a school; preschooler does not', definition: sample,
    answers: with_({ children: [{ childName: '山田 一郎', childBirthDate: '2018-05-10' }, { childName: '山田 二郎', childBirthDate: '2022-01-01' }] }), context: counter,
    expect: { valid: false, errors: { 'children[0].school': ['FORM-REQUIRED'] }, computed: { 'children[0].schoolYear': 2, 'children[1].schoolYear': -1 }, visible: ['children[0].school'], hidden: ['children[1].school', 'schoolNote'] } },
  { name: 'any() over the repeater shows the school note', definition: sample,
    answers: with_({ children: [{ childName: '山田 一郎', childBirthDate: '2018-05-10', school: '尾花沢小学校' }] }), context: counter,
    expect: { valid: true, errors: {}, visible: ['schoolNote'] } },
  { name: 'too many repeater items', definition: sample,
    answers: with_({ children: [1, 2, 3, 4].map((i) => ({ childName: `子${i}`, childBirthDate: '2024-01-01' })) }), context: counter,
    expect: { valid: false, errors: { children: ['FORM-TOO-MANY-ITEMS'] } } },
  { name: 'cross-field rule rejects a large donation', definition: sample, answers: with_({ donation: 30000 }), context: counter,
    expect: { valid: false, errors: { donation: ['CS-DONATION-CAP'] } } },
  { name: 'cross-field rule accepts a donation within the cap', definition: sample, answers: with_({ donation: 20000 }), context: counter,
    expect: { valid: true, errors: {} } },
  { name: '住民異動届: family moving in from another prefecture', definition: rc, answers: moveIn, context: counter,
    expect: { valid: true, errors: {}, computed: { fromOutsidePrefecture: true, 'members[0].age': 41, 'members[1].age': 8 }, visible: ['moveInBasis', 'members[1].continueMyNumberCard'], values: { 'members[0].birthDate': '1985-07-14' } } },
  { name: '住民異動届: move-in date after the notification date', definition: rc, answers: { ...moveIn, changeDate: '2026-12-01' }, context: counter,
    expect: { valid: false, errors: { changeDate: ['RC-CHANGE-DATE-FUTURE'] } } },
  { name: '住民異動届: 転出 hides the 転出証明書 question', definition: rc,
    answers: { ...moveIn, changeType: 'moveOut', changeDate: '2026-12-05', newAddress: { postalCode: '9900021', address: '山形県山形市旅篭町二丁目3番25号' }, oldAddress: { postalCode: '9994292', address: '山形県尾花沢市若葉町一丁目1番3号' } }, context: counter,
    expect: { valid: true, errors: {}, hidden: ['moveInBasis', 'fromOutsidePrefecture', 'members[0].continueMyNumberCard'], values: { moveInBasis: undefined } } },
  { name: '住民異動届: 転出 filed too early', definition: rc, answers: { ...moveIn, changeType: 'moveOut', changeDate: '2027-01-10' }, context: counter,
    expect: { valid: false, errors: { changeDate: ['RC-MOVE-OUT-TOO-EARLY'] } } },
  { name: '住民異動届: same old and new address', definition: rc, answers: { ...moveIn, changeType: 'moveWithin', oldAddress: moveIn['newAddress'] }, context: counter,
    expect: { valid: false, errors: { newAddress: ['RC-SAME-ADDRESS'] } } },
  { name: '住民異動届: more people than the form has rows', definition: rc, answers: { ...moveIn, members: [1, 2, 3, 4, 5, 6, 7].map(member) }, context: counter,
    expect: { valid: false, errors: { members: ['FORM-TOO-MANY-ITEMS'] } } },
  { name: '住民異動届: move within the prefecture', definition: rc, answers: { ...moveIn, oldAddress: { postalCode: '9900021', address: '山形県山形市旅篭町二丁目3番25号' } }, context: kiosk,
    expect: { valid: true, errors: {}, computed: { fromOutsidePrefecture: false }, hidden: ['identityDocuments', 'staffNote'] } },
  { name: '住民異動届: staff must record the identity check at the counter', definition: rc, answers: { ...moveIn, identityDocuments: [] }, context: counter,
    expect: { valid: false, errors: { identityDocuments: ['FORM-REQUIRED'] } } },
];
