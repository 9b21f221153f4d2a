import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHashOf, type ProcedureDefinition } from '@madoguchi/procedures';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { pinnedDefinition, seedProcedureCatalogue } from './service';
import { insertVersion, loadVersion } from './store';

let p: TestPlatform;
let f: Fixtures;
const PROCEDURE = 'child-allowance-claim';

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  for (const t of [f.a, f.b]) await seedProcedureCatalogue(p.services, t.municipalityId);
});
afterAll(async () => {
  await p.close();
});

/** Publishes the next version of the procedure in one city with another title; returns its pin. */
async function publishRetitled(municipalityId: string, title: string) {
  const latest = (await loadVersion(p.services.db, municipalityId, PROCEDURE))!;
  const definition = { ...structuredClone(latest.definition), title } as ProcedureDefinition;
  const version = latest.version + 1;
  const contentHash = contentHashOf(definition);
  await insertVersion(p.services.db, municipalityId, { procedureId: PROCEDURE, version, contentHash, publishedAt: new Date().toISOString(), publishedBy: null, definition }, null);
  return { procedureId: PROCEDURE, procedureVersion: version, procedureHash: contentHash };
}

describe('cache of published procedure definitions', () => {
  it('serves each city its own version of a procedure with the same id and number, and a new version at once', async () => {
    const v1 = (await loadVersion(p.services.db, f.a.municipalityId, PROCEDURE))!;
    const pin1 = { procedureId: PROCEDURE, procedureVersion: v1.version, procedureHash: v1.contentHash };
    expect((await pinnedDefinition(p.services.db, f.a.municipalityId, pin1))!.title).toBe(v1.definition.title);

    // Both cities publish version 2 of the same procedure, each with its own title.
    const pinA = await publishRetitled(f.a.municipalityId, '児童手当 認定請求（A市 第2版）');
    const pinB = await publishRetitled(f.b.municipalityId, '児童手当 認定請求（B町 第2版）');
    expect(pinA.procedureVersion).toBe(pinB.procedureVersion);
    // The new version is served at once; the old one stays what it was.
    expect((await pinnedDefinition(p.services.db, f.a.municipalityId, pinA))!.title).toBe('児童手当 認定請求（A市 第2版）');
    expect((await pinnedDefinition(p.services.db, f.a.municipalityId, pin1))!.title).toBe(v1.definition.title);
    // A's version 2 is cached now: B's version 2 (same id and number) is still B's own.
    expect((await pinnedDefinition(p.services.db, f.b.municipalityId, pinB))!.title).toBe('児童手当 認定請求（B町 第2版）');
    // Asking B's cache entry with A's content hash does not hand over A's definition.
    expect((await pinnedDefinition(p.services.db, f.b.municipalityId, { ...pinB, procedureHash: pinA.procedureHash }))!.title).toBe('児童手当 認定請求（B町 第2版）');
    expect(await pinnedDefinition(p.services.db, f.b.municipalityId, { ...pinB, procedureVersion: 99 })).toBeNull();
  });

  it('hands out definitions nobody can change for the next reader', async () => {
    const v = (await loadVersion(p.services.db, f.a.municipalityId, PROCEDURE, 1))!;
    const d = (await pinnedDefinition(p.services.db, f.a.municipalityId, { procedureId: PROCEDURE, procedureVersion: 1, procedureHash: v.contentHash }))!;
    expect(() => { (d as { title: string }).title = '書き換え'; }).toThrow(TypeError);
    expect(() => { (d.steps as unknown[]).push({}); }).toThrow(TypeError);
    expect((await pinnedDefinition(p.services.db, f.a.municipalityId, { procedureId: PROCEDURE, procedureVersion: 1, procedureHash: v.contentHash }))!.title).toBe(v.definition.title);
  });
});
