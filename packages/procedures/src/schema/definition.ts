import { z } from 'zod';
import { expressionSchema } from '../expression/ast';
import { paperLayoutSchema } from '../layout/schema';
import { channelSchema, fieldIdSchema, fieldSchema } from './fields';

/** The format this package writes. Older formats go through migrateDefinition. */
export const CURRENT_FORMAT_VERSION = 2;

const slug = z.string().regex(/^[a-z][a-z0-9-]*$/, { message: 'IDは英小文字・数字・ハイフン（例: residence-change）にしてください。' });

export const stepSchema = z.object({
  id: fieldIdSchema,
  title: z.string().min(1),
  description: z.string().optional(),
  visibleWhen: expressionSchema.optional(),
  fields: z.array(fieldSchema).min(1),
}).strict();

export const crossFieldRuleSchema = z.object({
  id: slug,
  /** Fields the message is shown on; the first is the main one. */
  fields: z.array(z.string().min(1)).min(1),
  when: expressionSchema.optional(),
  assert: expressionSchema,
  code: z.string().regex(/^[A-Z][A-Z0-9-]+$/),
  message: z.string().min(1),
}).strict();

export const PREFILL_SOURCES = ['registry', 'card', 'previousCase'] as const;
/** What the 券面事項入力補助AP gives; nothing else may be mapped from the card. */
export const CARD_PATHS = ['name', 'address', 'birthDate', 'sex', 'individualNumber'] as const;

export const prefillMappingSchema = z.object({
  target: z.string().min(1),
  source: z.enum(PREFILL_SOURCES),
  path: z.string().min(1),
  /** Never overwrite what the resident or staff already entered. */
  onlyWhenEmpty: z.boolean().default(true),
}).strict();

export const attachmentSchema = z.object({
  id: slug,
  label: z.string().min(1),
  accept: z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/)).min(1),
  maxSizeMb: z.number().positive().max(50).default(10),
}).strict();

export const procedureDefinitionSchema = z.object({
  formatVersion: z.literal(CURRENT_FORMAT_VERSION),
  id: slug,
  title: z.string().min(1),
  kind: z.enum(['notification', 'application']),
  summary: z.string().min(1),
  departmentId: slug,
  /** 個人番号利用事務: only then may the individual number be read or kept. */
  individualNumberUse: z.boolean(),
  legalBasis: z.string().optional(),
  deadline: z.string().optional(),
  fee: z.object({ amountYen: z.number().int().nonnegative(), note: z.string().optional() }).strict().default({ amountYen: 0 }),
  /** What the resident should bring to the counter (shown on the 手続き案内書). */
  bring: z.array(z.string().min(1)).default([]),
  attachments: z.array(attachmentSchema).default([]),
  retention: z.object({ years: z.number().int().positive(), basis: z.string().min(1) }).strict(),
  channels: z.array(channelSchema).min(1),
  signature: z.enum(['none', 'handwritten', 'jpki', 'handwrittenOrJpki']),
  steps: z.array(stepSchema).min(1),
  rules: z.array(crossFieldRuleSchema).default([]),
  prefill: z.array(prefillMappingSchema).default([]),
  layout: paperLayoutSchema.optional(),
}).strict().meta({ id: 'ProcedureDefinition', title: '手続き定義' });

export type ProcedureDefinition = z.infer<typeof procedureDefinitionSchema>;
/** What authors write: defaults may be left out. */
export type ProcedureDefinitionInput = z.input<typeof procedureDefinitionSchema>;
export type Step = z.infer<typeof stepSchema>;
export type CrossFieldRule = z.infer<typeof crossFieldRuleSchema>;
export type PrefillMapping = z.infer<typeof prefillMappingSchema>;

/** JSON Schema (draft 2020-12) of the definition format, for editors and stored-definition checks. */
export function definitionJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(procedureDefinitionSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
