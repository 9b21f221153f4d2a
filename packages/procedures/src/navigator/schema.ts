import { z } from 'zod';
import { expressionSchema } from '../expression/ast';

export const LIFE_EVENTS = ['moveIn', 'moveOut', 'moveWithin', 'householdChange', 'birth', 'death', 'marriage', 'divorce'] as const;
export const lifeEventKindSchema = z.enum(LIFE_EVENTS);
export type LifeEventKind = z.infer<typeof lifeEventKindSchema>;

export const LIFE_EVENT_LABELS: Record<LifeEventKind, string> = {
  moveIn: '転入', moveOut: '転出', moveWithin: '転居', householdChange: '世帯変更',
  birth: '出生', death: '死亡', marriage: '婚姻', divorce: '離婚',
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const lifeEventSchema = z.object({ kind: lifeEventKindSchema, date: isoDate }).strict();
export type LifeEvent = z.infer<typeof lifeEventSchema>;

export const memberFactsSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  birthDate: isoDate,
  sex: z.enum(['male', 'female']).optional(),
  relationship: z.enum(['householder', 'wife', 'husband', 'child', 'father', 'mother', 'grandchild', 'grandparent', 'sibling', 'cohabitant', 'other']),
  /** Takes part in the event (moves, is born, dies …). */
  moving: z.boolean().default(false),
  deceased: z.boolean().default(false),
  healthInsurance: z.enum(['national', 'employee', 'lateElderly', 'welfare', 'none', 'unknown']).default('unknown'),
  pensionCategory: z.enum(['first', 'second', 'third', 'receiving', 'none', 'unknown']).default('unknown'),
  pregnant: z.boolean().default(false),
  disabilityCertificate: z.boolean().default(false),
  careCertification: z.boolean().default(false),
  hasMyNumberCard: z.boolean().default(false),
  sealRegistered: z.boolean().default(false),
  civilServant: z.boolean().default(false),
}).strict();

const municipalitySchema = z.object({ name: z.string().min(1), prefecture: z.string().min(1) }).strict();

export const householdFactsSchema = z.object({
  members: z.array(memberFactsSchema).min(1),
  previousMunicipality: municipalitySchema.optional(),
  nextMunicipality: municipalitySchema.optional(),
  dogs: z.number().int().nonnegative().default(0),
  mopeds: z.number().int().nonnegative().default(0),
  cars: z.number().int().nonnegative().default(0),
  receivesChildAllowance: z.boolean().default(false),
}).strict();

export type HouseholdFacts = z.infer<typeof householdFactsSchema>;
export type HouseholdFactsInput = z.input<typeof householdFactsSchema>;
export type MemberFacts = z.infer<typeof memberFactsSchema>;

/** Facts the navigator adds to each member before the rules run (at the event date). */
export const DERIVED_MEMBER_FACTS = ['age', 'schoolYear'] as const;

export const navigatorRuleSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  procedureId: z.string().min(1),
  events: z.array(lifeEventKindSchema).min(1),
  /** Household-level condition; absent = always. */
  when: expressionSchema.optional(),
  /** The members the rule is about (usually a filter over household.members); the rule applies only if there are some. */
  subjects: expressionSchema.optional(),
  /** Japanese; `{names}` is replaced by the subjects' names. */
  reason: z.string().min(1),
  priority: z.number().int().min(0).max(100).default(50),
  /** Explains the rule to the admin who edits it. */
  description: z.string().optional(),
}).strict();

export const ruleSetSchema = z.object({
  version: z.string().min(1),
  municipality: municipalitySchema,
  rules: z.array(navigatorRuleSchema),
}).strict().meta({ id: 'NavigatorRuleSet', title: '手続きナビのルール' });

export type NavigatorRule = z.infer<typeof navigatorRuleSchema>;
export type RuleSet = z.infer<typeof ruleSetSchema>;
export type RuleSetInput = z.input<typeof ruleSetSchema>;
