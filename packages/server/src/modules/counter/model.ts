import { z } from '@hono/zod-openapi';
import { HEALTH_INSURANCE, PENSION_CATEGORIES, RELATIONSHIPS, type BundleHousehold, type BundleMember, type Prefill } from '@madoguchi/procedures';

/**
 * The draft of a visit, saved as staff go: the same shape for the counter, the kiosk and the home
 * pre-entry, so an entry made by a resident becomes a visit without retyping. It never holds an
 * individual number (checked on every save).
 */

export const COUNTER_EVENTS = ['moveIn', 'moveWithin', 'moveOut', 'householdChange'] as const;
export type CounterEvent = (typeof COUNTER_EVENTS)[number];
export const COUNTER_EVENT_LABELS: Record<CounterEvent, string> = { moveIn: '転入', moveWithin: '転居', moveOut: '転出', householdChange: '世帯変更' };

export const STEPS = ['identify', 'event', 'procedures', 'interview', 'review', 'sign', 'done'] as const;
export type VisitStep = (typeof STEPS)[number];

const text = (max: number) => z.string().max(max);

export const MemberSchema = z.object({
  id: z.string().min(1).max(64),
  residentId: z.uuid().nullable(),
  familyName: text(30),
  givenName: text(30),
  familyNameKana: text(40),
  givenNameKana: text(40),
  birthDate: z.string().max(10),
  sex: z.enum(['male', 'female']).nullable(),
  relationship: z.enum(RELATIONSHIPS),
  moving: z.boolean(),
  healthInsurance: z.enum(HEALTH_INSURANCE),
  pensionCategory: z.enum(PENSION_CATEGORIES),
  hasMyNumberCard: z.boolean(),
  sealRegistered: z.boolean(),
  pregnant: z.boolean(),
  disabilityCertificate: z.boolean(),
  careCertification: z.boolean(),
  civilServant: z.boolean(),
}).openapi('CounterMember');

export const CardAttributesSchema = z.object({
  name: text(100),
  address: text(200),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '生年月日はYYYY-MM-DDで送ってください。'),
  sex: z.enum(['male', 'female']).nullable(),
}).openapi('CardAttributes');

const PrefillSchema = z.object({ value: z.unknown(), source: z.enum(['card', 'registry', 'import', 'previousCase', 'household', 'event']) });

export const HouseholdChangeSchema = z.object({
  kind: z.enum(['householder', 'split', 'merge']),
  newHouseholderId: z.string().max(64).nullable(),
  intoHouseholdId: z.uuid().nullable(),
  relationships: z.record(z.string(), text(20)),
});

export const VisitStateSchema = z.object({
  step: z.enum(STEPS),
  identity: z.object({
    method: z.enum(['card', 'registry', 'import', 'preEntry', 'kiosk']).nullable(),
    card: CardAttributesSchema.nullable(),
    residentId: z.uuid().nullable(),
    /** The card's name differs from the registry's: shown to staff, who decide. */
    nameCheck: z.object({ cardName: text(100), registryName: text(100), residentId: z.uuid(), decision: z.enum(['same', 'different']).nullable() }).nullable(),
    importKind: z.enum(['moveOutCertificate', 'moveInReservation']).nullable(),
  }),
  event: z.enum(COUNTER_EVENTS).nullable(),
  household: z.object({
    members: z.array(MemberSchema).max(12),
    dogs: z.number().int().min(0).max(20),
    mopeds: z.number().int().min(0).max(20),
    cars: z.number().int().min(0).max(20),
    receivesChildAllowance: z.boolean(),
  }),
  /** For 転居・転出 of a householder who leaves others behind. */
  remainingHouseholderId: z.string().max(64).nullable(),
  householdChange: HouseholdChangeSchema.nullable(),
  /** Procedures ticked "do now", with the version pinned when they were chosen. */
  chosen: z.array(z.object({ procedureId: text(100), version: z.number().int().positive(), memberIds: z.array(z.string().max(64)) })).max(40),
  /** Proposed but left for later: they go on the 手続き案内書. */
  later: z.array(text(100)).max(40),
  values: z.record(z.string().max(200), z.unknown()),
  prefill: z.record(z.string().max(200), PrefillSchema),
  moveInBasis: z.enum(['certificate', 'cardSpecialCase', 'onlineReservation']).nullable(),
  /** Signed on paper instead of on the screen. */
  paperSignature: z.boolean(),
}).openapi('CounterVisitState');

export type VisitState = z.infer<typeof VisitStateSchema>;
export type Member = z.infer<typeof MemberSchema>;

export function emptyState(): VisitState {
  return {
    step: 'identify',
    identity: { method: null, card: null, residentId: null, nameCheck: null, importKind: null },
    event: null,
    household: { members: [], dogs: 0, mopeds: 0, cars: 0, receivesChildAllowance: false },
    remainingHouseholderId: null,
    householdChange: null,
    chosen: [],
    later: [],
    values: {},
    prefill: {},
    moveInBasis: null,
    paperSignature: false,
  };
}

/** Stored drafts may predate a field: fill what is missing rather than refuse to open them. */
export function readState(raw: unknown): VisitState {
  const parsed = VisitStateSchema.safeParse({ ...emptyState(), ...(typeof raw === 'object' && raw !== null ? raw : {}) });
  return parsed.success ? parsed.data : emptyState();
}

export function bundleHousehold(state: VisitState): BundleHousehold {
  return { ...state.household, members: state.household.members as BundleMember[] };
}

export const sharedPrefill = (state: VisitState): Record<string, Prefill> =>
  Object.fromEntries(Object.entries(state.prefill).filter(([k]) => k.startsWith('shared:')).map(([k, v]) => [k.slice('shared:'.length), v as Prefill]));
