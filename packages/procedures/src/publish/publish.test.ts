import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { residenceChange } from '../catalogue/procedures/residenceChange';
import { canonicalJson } from './canonical';
import { migrateAnswers, migrateDefinition } from './migrate';
import type { DefinitionV1 } from './migrate';
import { publish, verifyPublishedVersion } from './publish';
import type { PublishedVersion } from './publish';
import { sha256Hex } from './sha256';

const at = '2026-11-29T09:00:00+09:00';

describe('sha256Hex', () => {
  it('matches node:crypto on any text, including Japanese', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }), { numRuns: 150 });
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }));
  });
});

describe('publish', () => {
  it('publishes version 1, deep-frozen, with a verifiable hash', () => {
    const r = publish(residenceChange, [], { publishedAt: at, publishedBy: 'staff-1' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.version.version).toBe(1);
    expect(r.version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.isFrozen(r.version.definition.steps[0]?.fields[0])).toBe(true);
    expect(() => {
      (r.version.definition as { title: string }).title = '改ざん';
    }).toThrow(TypeError);
    expect(verifyPublishedVersion(r.version)).toBe(true);
  });

  it('numbers the next version and refuses to publish an unchanged definition', () => {
    const v1 = publish(residenceChange, [], { publishedAt: at });
    if (!v1.ok) throw new Error('v1');
    const same = publish(residenceChange, [v1.version], { publishedAt: at });
    expect(same.ok ? null : same.issues[0]?.code).toBe('PUB-NO-CHANGES');
    const v2 = publish({ ...residenceChange, summary: '引っ越しや世帯の変更を届け出ます（改訂）。' }, [v1.version], { publishedAt: at });
    expect(v2.ok && v2.version.version).toBe(2);
    expect(v2.ok && v2.version.contentHash).not.toBe(v1.version.contentHash);
  });

  it('rejects a bad draft with precise issues and leaves the published version untouched', () => {
    const v1 = publish(residenceChange, [], { publishedAt: at });
    if (!v1.ok) throw new Error('v1');
    const before = canonicalJson(v1.version);
    const broken = structuredClone(residenceChange);
    const first = broken.steps[0]?.fields[0];
    if (first) first.visibleWhen = { op: 'eq', args: [{ var: 'noSuchField' }, 1] };
    const r = publish(broken, [v1.version], { publishedAt: at });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toContainEqual(['DEF-UNKNOWN-FIELD', 'steps[0].fields[0].visibleWhen.args[0]']);
    expect(canonicalJson(v1.version)).toBe(before);
    expect(verifyPublishedVersion(v1.version)).toBe(true);
  });

  it('detects a tampered stored version', () => {
    const v1 = publish(residenceChange, [], { publishedAt: at });
    if (!v1.ok) throw new Error('v1');
    const tampered: PublishedVersion = { ...v1.version, definition: { ...v1.version.definition, title: '別の届' } };
    expect(verifyPublishedVersion(tampered)).toBe(false);
  });

  it('refuses versions of another procedure', () => {
    const v1 = publish(residenceChange, [], { publishedAt: at });
    if (!v1.ok) throw new Error('v1');
    const other = publish({ ...residenceChange, id: 'other-procedure' }, [v1.version], { publishedAt: at });
    expect(other.ok ? null : other.issues[0]?.code).toBe('PUB-WRONG-PROCEDURE');
  });
});

const legacy: DefinitionV1 = {
  formatVersion: 1,
  id: 'dog-death',
  name: '犬の死亡届',
  type: '届出',
  department: '環境整備課',
  feeYen: 0,
  retentionYears: 3,
  fields: [
    { key: 'owner_name', label: '飼い主の氏名', type: 'string', required: true, maxLength: 40 },
    { key: 'owner_tel', label: '電話番号', type: 'tel' },
    { key: 'death_date', label: '死亡した日', type: 'date', required: true },
    { key: 'cause', label: '死因', type: 'select', options: ['病気', '老衰', 'その他'] },
    { key: 'cause_detail', label: '死因の詳細', type: 'string', showIf: { field: 'cause', equals: 'その他' } },
    { key: 'tag_photo', label: '鑑札の写真', type: 'file' },
  ],
};

describe('migrateDefinition', () => {
  it('brings a format-1 definition to the current format, which then publishes', () => {
    const m = migrateDefinition(legacy, { departmentIdsByName: { 環境整備課: 'kankyo-seibi' } });
    if (!m.ok) throw new Error(JSON.stringify(m.issues));
    expect(m.from).toBe(1);
    expect(m.renamedFields).toMatchObject({ owner_name: 'ownerName', cause_detail: 'causeDetail' });
    const r = publish(legacy, [], { publishedAt: at, departmentIdsByName: { 環境整備課: 'kankyo-seibi' } });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.migratedFrom).toBe(1);
    const detail = r.version.definition.steps[0]?.fields.find((f) => f.id === 'causeDetail');
    expect(detail?.visibleWhen).toEqual({ op: 'eq', args: [{ var: 'cause' }, 'その他'] });
    expect(r.version.definition.attachments.map((a) => a.id)).toEqual(['file-tagphoto']);
  });

  it('renames stored answers the same way', () => {
    expect(migrateAnswers({ owner_name: '山田', cause: '老衰' }, { owner_name: 'ownerName' })).toEqual({ ownerName: '山田', cause: '老衰' });
  });

  it('explains what it cannot migrate', () => {
    const m = migrateDefinition(legacy);
    expect(m.ok ? null : m.issues[0]?.code).toBe('MIG-UNKNOWN-DEPARTMENT');
    const unknown = migrateDefinition({ ...residenceChange, formatVersion: 9 });
    expect(unknown.ok ? null : unknown.issues[0]?.message).toContain('形式 9');
    const dangling = migrateDefinition({ ...legacy, fields: [{ key: 'a', label: 'A', type: 'string', showIf: { field: 'zzz', equals: 'x' } }] }, { departmentIdsByName: { 環境整備課: 'kankyo-seibi' } });
    expect(dangling.ok ? null : dangling.issues[0]?.path).toBe('fields[0].showIf.field');
  });

  it('passes current-format definitions through unchanged', () => {
    const m = migrateDefinition(residenceChange);
    expect(m.ok && m.definition).toBe(residenceChange);
  });
});
