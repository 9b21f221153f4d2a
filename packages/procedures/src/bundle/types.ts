import type { FieldError } from '../form/values';
import type { FormEvaluation } from '../form/evaluateForm';
import type { LifeEvent } from '../navigator/schema';
import type { ProcedureDefinition } from '../schema/definition';
import type { Channel, Field } from '../schema/fields';

/**
 * A bundle is what one visit does for one life event: several procedures, filled through one
 * interview. Shared facts (the date, the addresses, the person at the counter, the household's
 * members) are asked once and flow into every form that needs them.
 */

export const RELATIONSHIPS = ['householder', 'wife', 'husband', 'child', 'father', 'mother', 'grandchild', 'grandparent', 'sibling', 'cohabitant', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const HEALTH_INSURANCE = ['national', 'employee', 'lateElderly', 'welfare', 'none', 'unknown'] as const;
export type HealthInsurance = (typeof HEALTH_INSURANCE)[number];

export const PENSION_CATEGORIES = ['first', 'second', 'third', 'receiving', 'none', 'unknown'] as const;
export type PensionCategory = (typeof PENSION_CATEGORIES)[number];

/** One person of the household, entered once for every procedure of the visit. */
export type BundleMember = {
  /** Stable within the visit; not a registry id. */
  id: string;
  /** The registry record, when the person is already a resident. */
  residentId: string | null;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
  sex: 'male' | 'female' | null;
  relationship: Relationship;
  /** Takes part in the event (moves). */
  moving: boolean;
  healthInsurance: HealthInsurance;
  pensionCategory: PensionCategory;
  hasMyNumberCard: boolean;
  sealRegistered: boolean;
  pregnant: boolean;
  disabilityCertificate: boolean;
  careCertification: boolean;
  civilServant: boolean;
};

export type BundleHousehold = {
  members: BundleMember[];
  dogs: number;
  mopeds: number;
  cars: number;
  receivesChildAllowance: boolean;
};

/** A procedure chosen for the visit, pinned to the published version it will be filed with. */
export type BundleProcedure = {
  procedureId: string;
  version: number;
  contentHash: string;
  /** Without its paper layout: the interview does not need it. */
  definition: ProcedureDefinition;
  /** Member ids the procedure is about (from the navigator's reasons); empty = every moving member. */
  memberIds: string[];
};

export type PrefillSource = 'card' | 'registry' | 'import' | 'previousCase' | 'household' | 'event';

export const PREFILL_SOURCE_LABELS: Record<PrefillSource, string> = {
  card: 'カードから',
  registry: '住民記録から',
  import: '転出証明書・転入予約から',
  previousCase: '前回の申請から',
  household: '世帯の情報から',
  event: '届出の内容から',
};

export type Prefill = { value: unknown; source: PrefillSource };

/**
 * One question of the interview. Keys:
 *  `shared:<fact>`                          a fact used by several forms (asked once)
 *  `own:<procedureId>:<fieldId>`            a question only one form asks
 *  `memberOwn:<procedureId>:<memberId>:<fieldId>`  a per-person question of one form (同居・別居 …)
 */
export type InterviewQuestion = {
  key: string;
  /** A leaf field, or a repeater a form asks that is not a list of the household's people (犬の一覧 …). */
  field: Field;
  /** Procedures whose forms this answer goes into. */
  procedureIds: string[];
  /** For memberOwn questions. */
  memberId?: string;
  prefill?: Prefill;
};

export type InterviewSection = {
  id: string;
  title: string;
  /** The procedure this section belongs to, for per-procedure sections. */
  procedureId?: string;
  questions: InterviewQuestion[];
};

/** Where each top-level field of each form takes its value from. */
export type FieldLink =
  | { kind: 'question'; key: string }
  | { kind: 'fixed'; value: unknown }
  | { kind: 'members'; memberIds: string[]; items: Record<string, ItemLink> }
  | { kind: 'householder'; part: 'name' | 'kana' }
  | { kind: 'person'; memberId: string; part: 'name' | 'kana' | 'birthDate' | 'record' }
  | { kind: 'signature' }
  | { kind: 'none' };

export type ItemLink =
  | { kind: 'member'; part: 'name' | 'kana' | 'birthDate' | 'sex' | 'relationship' }
  | { kind: 'memberQuestion'; fieldId: string }
  | { kind: 'none' };

export type Interview = {
  event: LifeEvent;
  audience: 'staff' | 'resident';
  procedures: BundleProcedure[];
  sections: InterviewSection[];
  /** procedureId → fieldId → link. */
  links: Record<string, Record<string, FieldLink>>;
};

/** What has been answered. Missing keys fall back to the question's prefill. */
export type InterviewValues = Record<string, unknown>;

/** The signature of the person at the counter, once given; the same for every form. */
export type BundleSignature = { method: 'handwritten' | 'jpki'; ref: string };

export type BundleEvaluation = {
  valid: boolean;
  byProcedure: Record<string, FormEvaluation>;
  /** question key (or `member:<id>:<part>`) → errors, deduplicated across forms. */
  errors: Record<string, FieldError[]>;
  /** Question keys shown now (hidden ones are left out of the forms). */
  visible: string[];
  required: string[];
};

export type BundleContext = { today: string; channel: Channel };
