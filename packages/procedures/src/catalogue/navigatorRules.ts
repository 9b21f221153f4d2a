import type { Expression } from '../expression/ast';
import type { RuleSetInput } from '../navigator/schema';

/*
 * The shipped 手続きナビ rules. Each rule is data an admin can edit: the life
 * events it reacts to, a household condition, the members it is about, and the
 * reason shown to the resident. Checked against public municipal guides for
 * 転入・転出・出生・死亡・婚姻・離婚 (see README).
 */
const v = (path: string): Expression => ({ var: path });
const members = v('household.members');
const item = (key: string): Expression => v(`$item.${key}`);
const and = (...args: Expression[]): Expression => ({ op: 'and', args });
const eq = (a: Expression, b: Expression): Expression => ({ op: 'eq', args: [a, b] });
const ge = (a: Expression, b: Expression): Expression => ({ op: 'ge', args: [a, b] });
const le = (a: Expression, b: Expression): Expression => ({ op: 'le', args: [a, b] });
const lt = (a: Expression, b: Expression): Expression => ({ op: 'lt', args: [a, b] });
const isIn = (a: Expression, values: string[]): Expression => ({ op: 'in', args: [a, { list: values }] });
const where = (cond: Expression): Expression => ({ op: 'filter', args: [members, cond] });
const anyMember = (cond: Expression): Expression => ({ op: 'any', args: [members, cond] });
const moving = (cond: Expression): Expression => where(and(eq(item('moving'), true), cond));
const movingAll = where(eq(item('moving'), true));
const parent = isIn(item('relationship'), ['householder', 'wife', 'husband']);
const childAllowanceAge = le(item('schoolYear'), 12);
const compulsorySchool = and(ge(item('schoolYear'), 1), le(item('schoolYear'), 9));
const fromOtherPrefecture: Expression = { op: 'ne', args: [v('household.previousMunicipality.prefecture'), v('$municipality.prefecture')] };
const toOtherPrefecture: Expression = { op: 'ne', args: [v('household.nextMunicipality.prefecture'), v('$municipality.prefecture')] };
const newborn = where(eq(item('birthDate'), v('event.date')));
const deceased = (cond: Expression = true): Expression => where(and(eq(item('deceased'), true), cond));
const noCivilServantParent: Expression = { op: 'not', args: [anyMember(and(parent, eq(item('civilServant'), true)))] };

export const navigatorRules: RuleSetInput = {
  version: '2026-11-29',
  municipality: { name: '尾花沢市', prefecture: '山形県' },
  rules: [
    // 住民異動届 itself
    { id: 'move-in-notification', procedureId: 'residence-change', events: ['moveIn'], priority: 10, subjects: movingAll, reason: '尾花沢市に住み始めたため、{names}さんの転入届が必要です（住み始めてから14日以内）。' },
    { id: 'move-within-notification', procedureId: 'residence-change', events: ['moveWithin'], priority: 10, subjects: movingAll, reason: '市内で引っ越したため、{names}さんの転居届が必要です（14日以内）。' },
    { id: 'move-out-notification', procedureId: 'residence-change', events: ['moveOut'], priority: 10, subjects: movingAll, reason: '市外へ引っ越すため、{names}さんの転出届が必要です。' },
    { id: 'household-change-notification', procedureId: 'residence-change', events: ['householdChange'], priority: 10, reason: '世帯の合併・分離や世帯主の変更は、世帯変更届で届け出ます。' },
    {
      id: 'householder-died', procedureId: 'residence-change', events: ['death'], priority: 15,
      subjects: deceased(eq(item('relationship'), 'householder')),
      when: ge({ op: 'count', args: [members, and(eq(item('deceased'), false), ge(item('age'), 15))] }, 2),
      reason: '世帯主の{names}さんが亡くなり、世帯に15歳以上の人が2人以上残るため、新しい世帯主の届出（世帯主変更）が必要です。',
    },
    { id: 'marriage-move', procedureId: 'residence-change', events: ['marriage'], priority: 15, subjects: movingAll, reason: '婚姻に伴って{names}さんの住所や世帯が変わるため、住民異動届が必要です。' },

    // 戸籍
    { id: 'birth', procedureId: 'birth-notification', events: ['birth'], priority: 5, subjects: newborn, reason: '{names}さんが生まれたため、14日以内に出生届が必要です。' },
    { id: 'death', procedureId: 'death-notification', events: ['death'], priority: 5, subjects: deceased(), reason: '{names}さんが亡くなったため、7日以内に死亡届が必要です（火葬許可証もこの届出で交付します）。' },
    { id: 'marriage', procedureId: 'marriage-notification', events: ['marriage'], priority: 5, reason: '婚姻は届け出た日から効力が生じます。' },
    { id: 'divorce', procedureId: 'divorce-notification', events: ['divorce'], priority: 5, reason: '離婚届を出すことで離婚が成立します（裁判離婚は確定から10日以内）。' },

    // マイナンバーカード・印鑑
    { id: 'card-move-in', procedureId: 'my-number-card-address-change', events: ['moveIn', 'moveWithin'], priority: 20, subjects: moving(eq(item('hasMyNumberCard'), true)), reason: '{names}さんのマイナンバーカードを引き続き使うため、カードの住所の書き換えが必要です（届出から14日以内）。' },
    { id: 'card-name-change', procedureId: 'my-number-card-address-change', events: ['marriage', 'divorce'], priority: 20, subjects: where(and(eq(item('hasMyNumberCard'), true), parent)), reason: '氏名や住所が変わる場合、{names}さんのマイナンバーカードの記載事項の変更が必要です。' },
    { id: 'seal-move-in', procedureId: 'seal-registration', events: ['moveIn'], priority: 25, subjects: moving(and(eq(item('sealRegistered'), true), ge(item('age'), 15))), reason: '前の市区町村での印鑑登録は転出で廃止されています。実印が必要な{names}さんは尾花沢市で登録し直してください。' },

    // 国民健康保険
    { id: 'nhi-move-in', procedureId: 'nhi-enrollment', events: ['moveIn'], priority: 30, subjects: moving(and(isIn(item('healthInsurance'), ['national', 'none']), lt(item('age'), 75))), reason: '職場の健康保険に入っていない{names}さんは、尾花沢市の国民健康保険に加入する必要があります（転入から14日以内）。' },
    { id: 'nhi-birth', procedureId: 'nhi-enrollment', events: ['birth'], priority: 30, subjects: newborn, when: anyMember(and(parent, eq(item('healthInsurance'), 'national'))), reason: '国民健康保険に加入している世帯に生まれた{names}さんの加入届が必要です。' },
    { id: 'nhi-divorce-dependent', procedureId: 'nhi-enrollment', events: ['divorce'], priority: 30, subjects: where(eq(item('pensionCategory'), 'third')), reason: '配偶者の扶養から外れる{names}さんは、職場の健康保険に入らない場合、国民健康保険への加入が必要です。' },
    { id: 'nhi-move-out', procedureId: 'nhi-withdrawal', events: ['moveOut'], priority: 30, subjects: moving(eq(item('healthInsurance'), 'national')), reason: '国民健康保険に加入している{names}さんが転出するため、喪失の手続きが必要です（転出先で新たに加入します）。' },
    { id: 'nhi-death', procedureId: 'nhi-withdrawal', events: ['death'], priority: 30, subjects: deceased(eq(item('healthInsurance'), 'national')), reason: '国民健康保険に加入していた{names}さんの資格喪失の届出が必要です。' },
    { id: 'nhi-marriage', procedureId: 'nhi-withdrawal', events: ['marriage'], priority: 30, subjects: where(eq(item('healthInsurance'), 'national')), when: anyMember(eq(item('healthInsurance'), 'employee')), reason: '配偶者の職場の健康保険の扶養に入る場合、{names}さんの国民健康保険の喪失届が必要です。' },

    // 国民年金
    { id: 'pension-divorce', procedureId: 'pension-category-change', events: ['divorce'], priority: 35, subjects: where(and(eq(item('pensionCategory'), 'third'), lt(item('age'), 60))), reason: '第3号被保険者（配偶者の扶養）だった{names}さんは、第1号被保険者への種別変更が必要です（14日以内）。' },
    { id: 'pension-move-in-from-abroad', procedureId: 'pension-category-change', events: ['moveIn'], priority: 35, subjects: moving(and(eq(item('pensionCategory'), 'none'), ge(item('age'), 20), lt(item('age'), 60))), reason: '20歳以上60歳未満で公的年金に加入していない{names}さんは、国民年金の資格取得の届出が必要です。' },

    // 後期高齢者医療
    { id: 'late-elderly-move-in', procedureId: 'late-elderly-move-in', events: ['moveIn'], priority: 32, subjects: moving(ge(item('age'), 75)), reason: '75歳以上の{names}さんは、後期高齢者医療の転入の届出が必要です。' },
    { id: 'late-elderly-certificate', procedureId: 'late-elderly-move-in', events: ['moveIn'], priority: 32, subjects: moving(ge(item('age'), 75)), when: fromOtherPrefecture, reason: '県外からの転入のため、{names}さんは前の住所地で受け取った負担区分等証明書を持ってきてください。' },
    { id: 'late-elderly-move-out', procedureId: 'late-elderly-move-out', events: ['moveOut'], priority: 32, subjects: moving(ge(item('age'), 75)), when: toOtherPrefecture, reason: '県外へ転出する{names}さんは、転出先に出す負担区分等証明書を受け取ってください。' },

    // 葬祭費
    { id: 'funeral-expenses', procedureId: 'funeral-expenses', events: ['death'], priority: 38, subjects: deceased(isIn(item('healthInsurance'), ['national', 'lateElderly'])), reason: '{names}さんが国民健康保険・後期高齢者医療に加入していたため、葬儀を行った人は葬祭費を申請できます。' },

    // 介護保険・障がい
    { id: 'care-move-in', procedureId: 'care-insurance-move-in', events: ['moveIn'], priority: 40, subjects: moving(ge(item('age'), 65)), reason: '65歳以上の{names}さんは、介護保険の第1号被保険者として住所移転の届出が必要です。' },
    { id: 'care-move-in-certified', procedureId: 'care-insurance-move-in', events: ['moveIn'], priority: 40, subjects: moving(eq(item('careCertification'), true)), reason: '要介護・要支援認定を受けている{names}さんは、受給資格証明書を転入から14日以内に出すと認定を引き継げます。' },
    { id: 'care-move-out', procedureId: 'care-insurance-move-out', events: ['moveOut'], priority: 40, subjects: moving(eq(item('careCertification'), true)), reason: '要介護・要支援認定を受けている{names}さんは、転出先で認定を引き継ぐための受給資格証明書を受け取ってください。' },
    { id: 'care-death', procedureId: 'care-insurance-loss', events: ['death'], priority: 40, subjects: deceased(ge(item('age'), 65)), reason: '介護保険の被保険者だった{names}さんの被保険者証を返す必要があります。' },
    { id: 'disability-address', procedureId: 'disability-certificate-address', events: ['moveIn', 'moveWithin'], priority: 42, subjects: moving(eq(item('disabilityCertificate'), true)), reason: '障害者手帳を持っている{names}さんは、手帳の住所の変更が必要です。' },

    // 子育て
    { id: 'child-allowance-move-in', procedureId: 'child-allowance-claim', events: ['moveIn'], priority: 50, subjects: moving(childAllowanceAge), when: noCivilServantParent, reason: '高校生年代までの{names}さんを養育しているため、児童手当の認定請求が必要です（前住所地の転出予定日の翌日から15日以内）。' },
    { id: 'child-allowance-birth-first', procedureId: 'child-allowance-claim', events: ['birth'], priority: 50, subjects: newborn, when: and(noCivilServantParent, eq(v('household.receivesChildAllowance'), false)), reason: '{names}さんが生まれたため、児童手当の認定請求が必要です（出生日の翌日から15日以内）。' },
    { id: 'child-allowance-birth-more', procedureId: 'child-allowance-revision', events: ['birth'], priority: 50, subjects: newborn, when: and(noCivilServantParent, eq(v('household.receivesChildAllowance'), true)), reason: '児童手当を受けている世帯に{names}さんが生まれたため、額改定の請求が必要です（出生日の翌日から15日以内）。' },
    { id: 'child-allowance-divorce', procedureId: 'child-allowance-claim', events: ['divorce'], priority: 50, subjects: where(childAllowanceAge), when: noCivilServantParent, reason: '児童手当は子と同居して養育する親が受け取ります。{names}さんの受給者が変わる場合は認定請求が必要です。' },
    { id: 'child-allowance-move-out', procedureId: 'child-allowance-termination', events: ['moveOut'], priority: 50, when: eq(v('household.receivesChildAllowance'), true), reason: '転出すると尾花沢市の児童手当は受けられなくなります。消滅届を出し、転出先で15日以内に請求してください。' },
    { id: 'child-rearing-divorce', procedureId: 'child-rearing-allowance', events: ['divorce'], priority: 52, subjects: where(childAllowanceAge), reason: 'ひとり親として{names}さんを育てる場合、児童扶養手当を請求できます（所得による制限があります）。' },
    { id: 'child-medical-move-in', procedureId: 'child-medical-eligibility', events: ['moveIn'], priority: 55, subjects: moving(childAllowanceAge), reason: '高校生年代までの{names}さんの医療費の自己負担分を助成するため、受給者証の申請が必要です。' },
    { id: 'child-medical-birth', procedureId: 'child-medical-eligibility', events: ['birth'], priority: 55, subjects: newborn, reason: '{names}さんの医療費の自己負担分を助成するため、健康保険に加入した後に受給者証を申請してください。' },
    { id: 'single-parent-medical', procedureId: 'single-parent-medical', events: ['divorce'], priority: 56, subjects: where(childAllowanceAge), reason: 'ひとり親家庭として{names}さんを育てる場合、親と子の医療費の助成を受けられます。' },
    { id: 'prenatal-move-in', procedureId: 'prenatal-voucher-exchange', events: ['moveIn'], priority: 57, subjects: moving(eq(item('pregnant'), true)), reason: '妊娠中の{names}さんは、前の市区町村の妊婦健診受診票を尾花沢市のものに交換してください。' },
    { id: 'newborn-visit', procedureId: 'newborn-visit-notice', events: ['birth'], priority: 58, subjects: newborn, reason: '保健師が{names}さんのご家庭を訪問します。出生連絡票を出してください。' },

    // 学校
    { id: 'school-move-in', procedureId: 'school-transfer-in', events: ['moveIn'], priority: 60, subjects: moving(compulsorySchool), reason: '小中学生の{names}さんの転入学の手続きが必要です。前の学校の在学証明書と教科書給与証明書を持ってきてください。' },
    { id: 'school-move-within', procedureId: 'school-transfer-in', events: ['moveWithin'], priority: 60, subjects: moving(compulsorySchool), reason: '市内の転居で通学区域が変わる場合、小中学生の{names}さんの転校の手続きが必要です。' },
    { id: 'school-move-out', procedureId: 'school-transfer-out', events: ['moveOut'], priority: 60, subjects: moving(compulsorySchool), reason: '小中学生の{names}さんの転校の届出が必要です。' },

    // 電子タクシー券
    {
      id: 'taxi-subsidy', procedureId: 'taxi-subsidy-application', events: ['moveIn'], priority: 45,
      subjects: moving({ op: 'or', args: [ge(item('age'), 75), eq(item('disabilityCertificate'), true), eq(item('careCertification'), true)] }),
      when: eq(v('household.cars'), 0),
      reason: '車のない世帯の{names}さんは、電子タクシー券（タクシー運賃の助成）を申請できます。乗車にはマイナンバーカードを使います。',
    },

    // 犬・原付
    { id: 'dog-move', procedureId: 'dog-registration-change', events: ['moveIn', 'moveWithin'], priority: 70, when: ge(v('household.dogs'), 1), reason: '犬を飼っているため、登録事項の変更の届出が必要です（転入のときは前の鑑札と引き換えに新しい鑑札を交付します）。' },
    { id: 'moped-move-in', procedureId: 'moped-registration', events: ['moveIn'], priority: 72, when: ge(v('household.mopeds'), 1), reason: '原付バイクなどを持っているため、前の市区町村で廃車の手続きをしてから、尾花沢市で標識（ナンバー）を受け取ってください。' },
  ],
};
