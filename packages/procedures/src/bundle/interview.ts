import type { LifeEvent } from '../navigator/schema';
import type { Field, LeafField, RepeaterField } from '../schema/fields';
import { computeOf } from '../schema/fields';
import { EVENT_CHOICE_FIELDS, NEVER_ASKED_TYPES, NOT_MERGED_BY_ID, SHARED_FACTS, TODAY_FIELDS, factFeeds, type SharedFact } from './facts';
import { fullKana, fullName, municipalityOfAddress } from './household';
import type {
  BundleHousehold, BundleMember, BundleProcedure, FieldLink, Interview, InterviewQuestion, InterviewSection, ItemLink, Prefill,
} from './types';

export type InterviewInput = {
  event: LifeEvent;
  household: BundleHousehold;
  procedures: BundleProcedure[];
  audience: 'staff' | 'resident';
  today: string;
  /** What is known before anyone asks: card, registry, imported 転出証明書 data, for shared facts (by key). */
  shared?: Record<string, Prefill>;
  /** The resident's latest earlier answers per procedure, for that form's own questions. */
  previousAnswers?: Record<string, Record<string, unknown>>;
  /** 転出証明書 / 転入予約 / カード特例: how the move-in is based, when the visit knows it. */
  moveInBasis?: string;
  /** Answers given so far (the date and addresses are asked before the interview), for derived presets. */
  answered?: Record<string, unknown>;
  /** The municipality's name, for presets such as 「尾花沢市国民健康保険」. */
  municipalityName?: string;
};

const PERSON_ITEM_PARTS = ['name', 'kana', 'birthDate', 'sex', 'relationship'] as const;
type PersonPart = (typeof PERSON_ITEM_PARTS)[number];
const isPersonPart = (id: string): id is PersonPart => (PERSON_ITEM_PARTS as readonly string[]).includes(id);

/** A repeater of people (異動する人, 対象の児童, 加入する人 …) is filled from the household's members. */
const isPersonRepeater = (f: RepeaterField) => f.fields.some((c) => c.id === 'name') && f.fields.some((c) => c.id === 'birthDate' || c.id === 'kana');

const topLevelFields = (p: BundleProcedure): Field[] => p.definition.steps.flatMap((s) => s.fields);

/** Forms about one person (後期高齢者医療・介護保険の転入 …) name that person as the applicant and give their birth date. */
const isPerPersonForm = (p: BundleProcedure) => topLevelFields(p).some((f) => f.id === 'birthDate' && f.type === 'date');

export function subjectsOf(p: BundleProcedure, household: BundleHousehold): BundleMember[] {
  const chosen = p.memberIds.length > 0 ? household.members.filter((m) => p.memberIds.includes(m.id)) : [];
  return chosen.length > 0 ? chosen : household.members.filter((m) => m.moving);
}

export function householderOf(household: BundleHousehold): BundleMember | undefined {
  return household.members.find((m) => m.relationship === 'householder') ?? household.members.find((m) => m.moving) ?? household.members[0];
}

function factFor(fieldId: string, event: LifeEvent['kind']): SharedFact | undefined {
  return SHARED_FACTS.find((f) => factFeeds(f, event).includes(fieldId));
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * One interview for the chosen procedures: the sections to ask, in order, and for every field of
 * every form where its value comes from. Pure; the same input gives the same interview in the
 * browser and on the server.
 */
export function buildInterview(input: InterviewInput): Interview {
  const { event, household, procedures, audience } = input;
  const links: Interview['links'] = {};
  const sharedUse = new Map<string, { field: Field; procedureIds: string[]; fact?: SharedFact }>();
  const ownSections: InterviewSection[] = [];
  const householder = householderOf(household);

  // Fields no fact covers, counted across forms: the same id and type in two forms is one question.
  const idUse = new Map<string, { type: string; procedures: Set<string> }>();
  for (const p of procedures) {
    for (const f of topLevelFields(p)) {
      if (f.type === 'repeater' || NEVER_ASKED_TYPES.has(f.type) || computeOf(f) !== undefined || factFor(f.id, event.kind) || NOT_MERGED_BY_ID.has(f.id) || TODAY_FIELDS.has(f.id)) continue;
      const u = idUse.get(f.id);
      if (!u) idUse.set(f.id, { type: f.type, procedures: new Set([p.procedureId]) });
      else if (u.type === f.type) u.procedures.add(p.procedureId);
    }
  }

  const useShared = (key: string, field: Field, procedureId: string, fact?: SharedFact) => {
    const u = sharedUse.get(key);
    if (u) {
      if (!u.procedureIds.includes(procedureId)) u.procedureIds.push(procedureId);
    } else sharedUse.set(key, { field, procedureIds: [procedureId], ...(fact ? { fact } : {}) });
  };

  for (const p of procedures) {
    const subjects = subjectsOf(p, household);
    const subject = subjects[0];
    const perPerson = isPerPersonForm(p);
    const own: InterviewQuestion[] = [];
    const procLinks: Record<string, FieldLink> = {};
    links[p.procedureId] = procLinks;

    for (const f of topLevelFields(p)) {
      if (f.type === 'signature') { procLinks[f.id] = { kind: 'signature' }; continue; }
      if (NEVER_ASKED_TYPES.has(f.type) || computeOf(f) !== undefined) { procLinks[f.id] = { kind: 'none' }; continue; }
      if (TODAY_FIELDS.has(f.id)) { procLinks[f.id] = { kind: 'fixed', value: input.today }; continue; }
      if (perPerson && subject && (f.id === 'applicantName' || f.id === 'applicantKana' || f.id === 'birthDate')) {
        procLinks[f.id] = { kind: 'person', memberId: subject.id, part: f.id === 'applicantName' ? 'name' : f.id === 'applicantKana' ? 'kana' : 'birthDate' };
        continue;
      }
      if (f.type === 'person' && subject) { procLinks[f.id] = { kind: 'person', memberId: subject.id, part: 'record' }; continue; }
      if (f.type === 'repeater' && isPersonRepeater(f)) {
        const items: Record<string, ItemLink> = {};
        for (const c of f.fields) {
          if (isPersonPart(c.id)) items[c.id] = { kind: 'member', part: c.id };
          else if (NEVER_ASKED_TYPES.has(c.type) || computeOf(c) !== undefined) items[c.id] = { kind: 'none' };
          else {
            items[c.id] = { kind: 'memberQuestion', fieldId: c.id };
            for (const m of subjects) {
              const prefill = memberItemPrefill(c, m);
              own.push({
                key: `memberOwn:${p.procedureId}:${m.id}:${c.id}`, field: c, procedureIds: [p.procedureId], memberId: m.id,
                ...(prefill ? { prefill } : {}),
              });
            }
          }
        }
        procLinks[f.id] = { kind: 'members', memberIds: subjects.map((m) => m.id), items };
        continue;
      }
      const fact = f.type !== 'repeater' ? factFor(f.id, event.kind) : undefined;
      if (fact) {
        procLinks[f.id] = { kind: 'question', key: `shared:${fact.key}` };
        useShared(fact.key, fact.field, p.procedureId, fact);
        continue;
      }
      if (f.type !== 'repeater' && (idUse.get(f.id)?.procedures.size ?? 0) >= 2) {
        procLinks[f.id] = { kind: 'question', key: `shared:${f.id}` };
        useShared(f.id, f, p.procedureId);
        continue;
      }
      const key = `own:${p.procedureId}:${f.id}`;
      procLinks[f.id] = { kind: 'question', key };
      const prefill = ownPrefill(f, p.procedureId, input, householder);
      own.push({ key, field: f, procedureIds: [p.procedureId], ...(prefill ? { prefill } : {}) });
    }
    if (own.length > 0) ownSections.push({ id: `procedure:${p.procedureId}`, title: p.definition.title, procedureId: p.procedureId, questions: own });
  }

  for (const fact of SHARED_FACTS) {
    if (fact.always?.includes(event.kind) && !sharedUse.has(fact.key)) sharedUse.set(fact.key, { field: fact.field, procedureIds: [], fact });
  }

  const sharedQuestion = (key: string): InterviewQuestion | null => {
    const u = sharedUse.get(key);
    if (!u) return null;
    const field = audience === 'resident' && u.fact ? { ...u.field, label: u.fact.residentLabel } : u.field;
    const prefill = input.shared?.[key];
    return { key: `shared:${key}`, field: labelledForEvent(field, key, event.kind, audience), procedureIds: u.procedureIds, ...(prefill ? { prefill } : {}) };
  };
  const section = (id: string, title: string, keys: string[]): InterviewSection[] => {
    const questions = keys.map(sharedQuestion).filter((q): q is InterviewQuestion => q !== null);
    return questions.length > 0 ? [{ id, title, questions }] : [];
  };
  const factKeys = new Set(SHARED_FACTS.map((f) => f.key));
  const common = [...sharedUse.keys()].filter((k) => !factKeys.has(k));
  const sections: InterviewSection[] = [
    ...section('basics', audience === 'resident' ? '引っ越しの日と住所' : '届出の基本', ['eventDate', 'previousMoveOutDate', 'newAddress', 'oldAddress']),
    ...section('applicant', audience === 'resident' ? '届け出る人' : '窓口に来た人（届出人）', ['applicantName', 'applicantKana', 'applicantPhone', 'identityDocuments']),
    ...section('common', '複数の手続きに共通の項目', common),
    ...ownSections,
  ];
  return { event, audience, procedures, sections, links };
}

/** 転出のときの「新しい住所」は転出先, 「今までの住所」は今の住所: the same fact, worded for the event. */
function labelledForEvent(field: Field, key: string, event: LifeEvent['kind'], audience: 'staff' | 'resident'): Field {
  if (event === 'moveOut' && key === 'newAddress') return { ...field, label: audience === 'resident' ? '引っ越し先の住所' : '転出先の住所', requirePostalCode: false } as Field;
  if (event === 'moveOut' && key === 'oldAddress') return { ...field, label: audience === 'resident' ? '今の住所' : '今の住所（市内）' };
  if (event === 'moveIn' && key === 'newAddress') return { ...field, label: audience === 'resident' ? '新しい住所（市内）' : '新しい住所（市内の転入先）' };
  if (event === 'moveIn' && key === 'oldAddress') return { ...field, label: audience === 'resident' ? '前の住所（引っ越す前の市区町村）' : '前の住所（転出元）' };
  if (event === 'moveOut' && key === 'eventDate') return { ...field, label: audience === 'resident' ? '引っ越す日（予定）' : '転出日（転出予定日）' };
  if ((event === 'householdChange') && key === 'oldAddress') return { ...field, label: '住所' };
  return field;
}

function memberItemPrefill(field: LeafField, m: BundleMember): Prefill | undefined {
  if (field.id === 'continueMyNumberCard' && m.hasMyNumberCard) return { value: true, source: 'household' };
  // Members of the household that moves together live together by definition.
  if (field.id === 'livingTogether' && field.type === 'choice' && field.options.some((o) => o.value === 'together')) return { value: 'together', source: 'household' };
  return undefined;
}

function ownPrefill(f: Field, procedureId: string, input: InterviewInput, householder: BundleMember | undefined): Prefill | undefined {
  const kind = input.event.kind;
  if (f.type === 'choice' && EVENT_CHOICE_FIELDS.has(f.id)) {
    if (f.options.some((o) => o.value === kind)) return { value: kind, source: 'event' };
    // A move changes the address (the card's 記載事項変更 asks "住所・氏名・両方").
    if ((kind === 'moveIn' || kind === 'moveWithin') && f.options.some((o) => o.value === 'address')) return { value: 'address', source: 'event' };
  }
  if (householder && (f.id === 'newHouseholderName' || f.id === 'oldHouseholderName')) return { value: fullName(householder), source: 'household' };
  if (householder && (f.id === 'newHouseholderKana' || f.id === 'oldHouseholderKana')) return { value: fullKana(householder), source: 'household' };
  if (f.id === 'moveInBasis' && input.moveInBasis) return { value: input.moveInBasis, source: 'import' };
  const known = (key: string): unknown => input.answered?.[`shared:${key}`] ?? input.shared?.[key]?.value;
  if (f.id === 'previousMunicipality' && f.type === 'text') {
    const old = known('oldAddress');
    const m = municipalityOfAddress(typeof old === 'object' && old !== null ? String((old as Record<string, unknown>)['address'] ?? '') : '');
    if (m) return { value: `${m.prefecture}${m.name}`, source: 'event' };
  }
  if (f.id === 'lossDate' && kind === 'moveOut') {
    const date = known('eventDate');
    // 国民健康保険の資格は転出日の翌日に失われる。
    if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date)) return { value: addDays(date, 1), source: 'event' };
  }
  const earlier = input.previousAnswers?.[procedureId]?.[f.id];
  if (earlier !== undefined && earlier !== null && earlier !== '') return { value: structuredClone(earlier), source: 'previousCase' };
  // Joining the city's 国保 in the same visit: the children's insurer is that 国保.
  if (f.id === 'insurerName' && input.municipalityName && input.procedures.some((p) => p.procedureId === 'nhi-enrollment')) {
    return { value: `${input.municipalityName}国民健康保険`, source: 'household' };
  }
  // A benefit is paid into the claimant's own account: its holder reads as the claimant.
  if (f.id === 'accountHolderKana') {
    const kana = known('applicantKana');
    if (typeof kana === 'string' && kana.trim() !== '') return { value: kana, source: 'household' };
  }
  return undefined;
}
