import { z } from 'zod';
import { expressionSchema } from '../expression/ast';
import type { Expression } from '../expression/ast';

export const fieldIdSchema = z.string().regex(/^[a-z][A-Za-z0-9]*$/, { message: '項目IDは英小文字で始まる英数字（例: birthDate）にしてください。' });

export const CHANNELS = ['counter', 'kiosk', 'online', 'outreach'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

const baseField = {
  id: fieldIdSchema,
  label: z.string().min(1),
  help: z.string().optional(),
  /** Shown only when true. Hidden fields count as empty everywhere. */
  visibleWhen: expressionSchema.optional(),
  required: z.boolean().default(false),
  /** Overrides `required` when present. */
  requiredWhen: expressionSchema.optional(),
  /** Staff-only items (本人確認 etc.) never appear on the kiosk or online. */
  staffOnly: z.boolean().default(false),
};

const patternSchema = z.object({ regex: z.string().min(1), message: z.string().min(1) }).strict();

export const textFieldSchema = z.object({
  ...baseField,
  type: z.literal('text'),
  minLength: z.number().int().nonnegative().optional(),
  maxLength: z.number().int().positive().optional(),
  multiline: z.boolean().default(false),
  pattern: patternSchema.optional(),
  compute: expressionSchema.optional(),
}).strict();

export const kanaFieldSchema = z.object({
  ...baseField,
  type: z.literal('kana'),
  /** The field this is the reading of, so paper layouts can put it above. */
  readingOf: fieldIdSchema.optional(),
  maxLength: z.number().int().positive().optional(),
}).strict();

export const dateFieldSchema = z.object({
  ...baseField,
  type: z.literal('date'),
  /** Accepts 和暦 entry (令和8年4月1日, R8.4.1) as well as ISO. Stored as YYYY-MM-DD. */
  minDate: expressionSchema.optional(),
  maxDate: expressionSchema.optional(),
  compute: expressionSchema.optional(),
}).strict();

export const addressFieldSchema = z.object({
  ...baseField,
  type: z.literal('address'),
  /** Value shape: { postalCode: '1234567', address: '山形県…', building?: '…' } */
  requirePostalCode: z.boolean().default(true),
}).strict();

export const phoneFieldSchema = z.object({ ...baseField, type: z.literal('phone') }).strict();

export const choiceOptionSchema = z.object({ value: z.string().min(1), label: z.string().min(1) }).strict();
export const choiceFieldSchema = z.object({
  ...baseField,
  type: z.literal('choice'),
  options: z.array(choiceOptionSchema).min(1),
  multiple: z.boolean().default(false),
  display: z.enum(['radio', 'select', 'checkbox']).default('radio'),
}).strict();

export const numberFieldSchema = z.object({
  ...baseField,
  type: z.literal('number'),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().default(true),
  unit: z.string().optional(),
  compute: expressionSchema.optional(),
}).strict();

export const moneyFieldSchema = z.object({
  ...baseField,
  type: z.literal('money'),
  min: z.number().int().nonnegative().optional(),
  max: z.number().int().nonnegative().optional(),
  compute: expressionSchema.optional(),
}).strict();

export const booleanFieldSchema = z.object({
  ...baseField,
  type: z.literal('boolean'),
  compute: expressionSchema.optional(),
}).strict();

export const fileFieldSchema = z.object({
  ...baseField,
  type: z.literal('file'),
  /** Which of the procedure's allowed attachments this uploads; its media types and size limit apply. */
  attachmentId: z.string().min(1),
  maxFiles: z.number().int().positive().default(1),
}).strict();

export const signatureFieldSchema = z.object({
  ...baseField,
  type: z.literal('signature'),
  /** handwritten on the tablet, or JPKI 署名用電子証明書. */
  methods: z.array(z.enum(['handwritten', 'jpki'])).min(1),
}).strict();

export const personFieldSchema = z.object({
  ...baseField,
  type: z.literal('person'),
  /** Picker over the registry: only the applicant's household, or anyone. */
  scope: z.enum(['household', 'registry']).default('household'),
}).strict();

export const individualNumberFieldSchema = z.object({
  ...baseField,
  type: z.literal('individualNumber'),
}).strict();

const leafFieldSchemas = [
  textFieldSchema, kanaFieldSchema, dateFieldSchema, addressFieldSchema, phoneFieldSchema, choiceFieldSchema,
  numberFieldSchema, moneyFieldSchema, booleanFieldSchema, fileFieldSchema, signatureFieldSchema, personFieldSchema,
  individualNumberFieldSchema,
] as const;

export const leafFieldSchema = z.discriminatedUnion('type', [...leafFieldSchemas]);

export const repeaterFieldSchema = z.object({
  ...baseField,
  type: z.literal('repeater'),
  /** e.g. 「異動する人」; one item per household member. Items cannot nest repeaters. */
  itemLabel: z.string().min(1),
  minItems: z.number().int().nonnegative().default(0),
  maxItems: z.number().int().positive().optional(),
  fields: z.array(leafFieldSchema).min(1),
}).strict();

export const fieldSchema = z.discriminatedUnion('type', [...leafFieldSchemas, repeaterFieldSchema]);

export type LeafField = z.infer<typeof leafFieldSchema>;
export type RepeaterField = z.infer<typeof repeaterFieldSchema>;
export type Field = z.infer<typeof fieldSchema>;
export type FieldType = Field['type'];
export type ChoiceField = z.infer<typeof choiceFieldSchema>;

/** Fields that take their value from an expression rather than from input. */
export function computeOf(field: Field): Expression | undefined {
  return 'compute' in field ? field.compute : undefined;
}

/** Keys a composite value may have, so `address.postalCode` can be checked at publish. */
export const SUBKEYS: Partial<Record<FieldType, readonly string[]>> = {
  address: ['postalCode', 'address', 'building'],
  person: ['residentRecordCode', 'name', 'kana', 'birthDate', 'sex'],
  signature: ['method', 'ref'],
};
