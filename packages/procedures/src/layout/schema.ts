import { z } from 'zod';
import { expressionSchema } from '../expression/ast';

/** A4 portrait in millimetres; origin top-left, as on the paper. */
export const A4 = { width: 210, height: 297 } as const;

const mm = z.number().finite();
const rect = { x: mm, y: mm, w: z.number().positive(), h: z.number().positive() };
const fontSchema = z.enum(['mincho', 'gothic']);
const alignSchema = z.enum(['left', 'center', 'right']);

export const VALUE_FORMATS = ['text', 'wareki', 'postalCode', 'yen', 'choiceLabel'] as const;
const formatSchema = z.enum(VALUE_FORMATS);

export const textElementSchema = z.object({
  kind: z.literal('text'),
  ...rect,
  text: z.string().min(1),
  font: fontSchema.default('mincho'),
  size: z.number().positive().default(9),
  align: alignSchema.default('left'),
  /** 縦書き, drawn glyph by glyph with the font's vertical forms. */
  vertical: z.boolean().default(false),
}).strict();

export const fieldElementSchema = z.object({
  kind: z.literal('field'),
  ...rect,
  /** Path into the answers (e.g. `newAddress.address`), or a computed value. */
  bind: z.string().min(1).optional(),
  value: expressionSchema.optional(),
  format: formatSchema.default('text'),
  /** Reading printed small above the value (ふりがな). */
  furigana: z.string().min(1).optional(),
  size: z.number().positive().default(10),
  font: fontSchema.default('mincho'),
  align: alignSchema.default('left'),
  /** Allow wrapping onto several lines before shrinking the text. */
  wrap: z.boolean().default(false),
  vertical: z.boolean().default(false),
}).strict();

export const checkboxElementSchema = z.object({
  kind: z.literal('checkbox'),
  ...rect,
  checked: expressionSchema,
  label: z.string().min(1),
  size: z.number().positive().default(9),
}).strict();

export const boxElementSchema = z.object({
  kind: z.literal('box'),
  ...rect,
  lineWidth: z.number().nonnegative().default(0.6),
  fill: z.enum(['none', 'shade']).default('none'),
}).strict();

export const lineElementSchema = z.object({
  kind: z.literal('line'),
  x1: mm, y1: mm, x2: mm, y2: mm,
  lineWidth: z.number().positive().default(0.4),
  dashed: z.boolean().default(false),
}).strict();

export const tableColumnSchema = z.object({
  header: z.string().min(1),
  w: z.number().positive(),
  bind: z.string().min(1),
  format: formatSchema.default('text'),
  furigana: z.string().min(1).optional(),
  align: alignSchema.default('left'),
  size: z.number().positive().default(9),
}).strict();

export const tableElementSchema = z.object({
  kind: z.literal('table'),
  x: mm, y: mm,
  /** The repeater whose items fill the rows. */
  repeater: z.string().min(1),
  rows: z.number().int().positive(),
  rowHeight: z.number().positive(),
  headerHeight: z.number().positive().default(6),
  headerSize: z.number().positive().default(8),
  columns: z.array(tableColumnSchema).min(1),
}).strict();

export const layoutElementSchema = z.discriminatedUnion('kind', [
  textElementSchema, fieldElementSchema, checkboxElementSchema, boxElementSchema, lineElementSchema, tableElementSchema,
]);

export const paperLayoutSchema = z.object({
  /** PDF document title. */
  title: z.string().min(1),
  page: z.object({ size: z.literal('A4'), orientation: z.literal('portrait') }).strict().default({ size: 'A4', orientation: 'portrait' }),
  elements: z.array(layoutElementSchema).min(1),
}).strict();

export type PaperLayout = z.infer<typeof paperLayoutSchema>;
export type PaperLayoutInput = z.input<typeof paperLayoutSchema>;
export type LayoutElement = z.infer<typeof layoutElementSchema>;
export type TableElement = z.infer<typeof tableElementSchema>;
export type FieldElement = z.infer<typeof fieldElementSchema>;
export type ValueFormat = (typeof VALUE_FORMATS)[number];
