import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { normalizePostalCode } from '@madoguchi/jp';
import type { Database } from '../../platform/db/schema';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { appendAudit } from '../../platform/audit/audit';
import { normalizePhone, tidyLines, tidyText } from './text';

/**
 * The municipality's own settings: a closed, typed set, so every screen and printed guide can rely
 * on what a key means. A new setting is added here (label, rule) and nowhere else on the server.
 */

const PHONE_PATTERN = /^0\d{1,4}-\d{1,4}-\d{3,4}$/;

const singleLine = (label: string, max: number) =>
  z.string().overwrite(tidyText).min(1, `${label}を入力してください。`).max(max, `${label}は${max}文字以内で入力してください。`);

export const SETTING_RULES = {
  displayName: singleLine('庁舎の表示名', 40),
  postalCode: z
    .string()
    .overwrite((text) => normalizePostalCode(text) ?? text)
    .regex(/^\d{7}$/, '郵便番号は「999-4292」のように7桁の数字で入力してください。'),
  address: singleLine('住所', 120),
  phone: z
    .string()
    .overwrite(normalizePhone)
    .regex(PHONE_PATTERN, { message: '代表電話は「0237-22-1111」のように、市外局番から数字とハイフンで入力してください。', abort: true })
    .refine((text) => [10, 11].includes(text.replace(/-/g, '').length), '代表電話の桁数が違います。市外局番から10桁（携帯電話は11桁）で入力してください。'),
  openingHours: z
    .string()
    .overwrite(tidyLines)
    .min(1, '開庁時間を入力してください。')
    .max(200, '開庁時間は200文字以内で入力してください。'),
} as const;

export type SettingKey = keyof typeof SETTING_RULES;
export const SETTING_KEYS = Object.keys(SETTING_RULES) as SettingKey[];

/** Japanese labels, for messages and the audit trail. */
export const SETTING_LABELS: Record<SettingKey, string> = {
  displayName: '庁舎の表示名',
  postalCode: '郵便番号',
  address: '住所',
  phone: '代表電話',
  openingHours: '開庁時間',
};

/** Every known setting; null where the municipality has not set it. */
export type MunicipalitySettings = Record<SettingKey, string | null>;

/** A change: the keys given are set, `null` removes a setting, keys not given are left alone. Unknown keys are refused. */
export const SettingsPatchSchema = z.strictObject({
  displayName: SETTING_RULES.displayName.nullable().optional(),
  postalCode: SETTING_RULES.postalCode.nullable().optional(),
  address: SETTING_RULES.address.nullable().optional(),
  phone: SETTING_RULES.phone.nullable().optional(),
  openingHours: SETTING_RULES.openingHours.nullable().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

type Db = Kysely<Database> | Transaction<Database>;

function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTING_RULES, key);
}

export async function getMunicipalitySettings(db: Db, municipalityId: string): Promise<MunicipalitySettings> {
  const rows = await db.selectFrom('municipality_setting').select(['key', 'value']).where('municipality_id', '=', municipalityId).execute();
  const settings = Object.fromEntries(SETTING_KEYS.map((k) => [k, null])) as MunicipalitySettings;
  for (const row of rows) {
    // A value written some other way (SQL by hand, an older rule) that no longer passes the rule is
    // not handed to screens as if it were valid; the admin sees the field empty and sets it again.
    if (!isSettingKey(row.key)) continue;
    const parsed = SETTING_RULES[row.key].safeParse(row.value);
    if (parsed.success) settings[row.key] = parsed.data;
  }
  return settings;
}

export async function updateMunicipalitySettings(
  deps: { db: Kysely<Database>; now: () => Date },
  actor: StaffPrincipal,
  patch: SettingsPatch,
  requestId: string | null,
): Promise<MunicipalitySettings> {
  const municipalityId = actor.municipalityId;
  return deps.db.transaction().execute(async (trx) => {
    const before = await getMunicipalitySettings(trx, municipalityId);
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    for (const key of SETTING_KEYS) {
      const next = patch[key];
      if (next === undefined || next === before[key]) continue;
      changes[key] = { from: before[key], to: next };
      if (next === null) {
        await trx.deleteFrom('municipality_setting').where('municipality_id', '=', municipalityId).where('key', '=', key).execute();
      } else {
        await trx
          .insertInto('municipality_setting')
          .values({ municipality_id: municipalityId, key, value: JSON.stringify(next) })
          .onConflict((oc) => oc.columns(['municipality_id', 'key']).doUpdateSet({ value: JSON.stringify(next) }))
          .execute();
      }
    }
    if (Object.keys(changes).length > 0) {
      // Settings are public facts about the city hall, not personal data: the values go in the trail.
      await appendAudit(trx, {
        municipalityId, actorStaffId: actor.id, action: 'municipality.settings_update', subjectType: 'municipality',
        subjectId: municipalityId, requestId, details: { changes },
      }, deps.now());
    }
    return { ...before, ...Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.to])) } as MunicipalitySettings;
  });
}
