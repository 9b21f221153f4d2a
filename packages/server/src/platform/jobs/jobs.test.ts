import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { silentLogger } from '../log';
import { enqueueJob, jobsOf, JobRunner, retryJob } from './jobs';

let p: TestPlatform;
let f: Fixtures;
beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
});
afterAll(() => p.close());

const subject = () => crypto.randomUUID();

describe('outbox jobs', () => {
  it('exist only if the transaction that wrote them commits', async () => {
    const s = subject();
    await expect(p.services.db.transaction().execute(async (trx) => {
      await enqueueJob(trx, { municipalityId: f.a.municipalityId, kind: 'noop', subjectId: s }, p.services.now());
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    expect(await jobsOf(p.services.db, f.a.municipalityId, s)).toEqual([]);
  });

  it('run once, record their result, and show in the subject\'s pipeline', async () => {
    const runner = new JobRunner(p.services.db, p.services.now, silentLogger);
    const seen: string[] = [];
    runner.register('greet', async ({ job }) => {
      seen.push(String(job.payload.name));
      return { greeted: job.payload.name };
    });
    const s = subject();
    await enqueueJob(p.services.db, { municipalityId: f.a.municipalityId, kind: 'greet', subjectType: 'case', subjectId: s, payload: { name: '花子' } }, p.services.now());
    expect(await runner.runDue()).toBe(1);
    expect(await runner.runDue()).toBe(0);
    expect(seen).toEqual(['花子']);
    const [job] = await jobsOf(p.services.db, f.a.municipalityId, s);
    expect(job).toMatchObject({ status: 'done', attempts: 1, result: { greeted: '花子' } });
  });

  it('retry with back-off, fail after the last attempt, and can be retried by hand', async () => {
    const runner = new JobRunner(p.services.db, p.services.now, silentLogger);
    let calls = 0;
    let healthy = false;
    runner.register('flaky', async () => {
      calls++;
      if (!healthy) throw new Error('SMTPサーバーに接続できません');
      return { ok: true };
    });
    const s = subject();
    await enqueueJob(p.services.db, { municipalityId: f.a.municipalityId, kind: 'flaky', subjectId: s, maxAttempts: 2 }, p.services.now());
    expect(await runner.runDue()).toBe(1);
    // Not due again until the back-off has passed.
    expect(await runner.runDue()).toBe(0);
    p.clock.advance(11_000);
    expect(await runner.runDue()).toBe(1);
    let [job] = await jobsOf(p.services.db, f.a.municipalityId, s);
    expect(job).toMatchObject({ status: 'failed', attempts: 2, lastError: 'SMTPサーバーに接続できません' });
    p.clock.advance(3_600_000);
    expect(await runner.runDue()).toBe(0);
    healthy = true;
    await retryJob(p.services.db, f.a.municipalityId, job!.id, p.services.now());
    expect(await runner.runDue()).toBe(1);
    [job] = await jobsOf(p.services.db, f.a.municipalityId, s);
    expect(job).toMatchObject({ status: 'done' });
    expect(calls).toBe(3);
    await expect(retryJob(p.services.db, f.a.municipalityId, job!.id, p.services.now())).rejects.toMatchObject({ code: 'JOB_NOT_FAILED' });
    await expect(retryJob(p.services.db, f.b.municipalityId, job!.id, p.services.now())).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
  });

  it('two runners never run the same job twice', async () => {
    const counts = new Map<string, number>();
    const make = () => {
      const r = new JobRunner(p.services.db, p.services.now, silentLogger);
      r.register('count', async ({ job }) => {
        counts.set(job.id, (counts.get(job.id) ?? 0) + 1);
      });
      return r;
    };
    const s = subject();
    for (let i = 0; i < 30; i++) await enqueueJob(p.services.db, { municipalityId: f.a.municipalityId, kind: 'count', subjectId: s }, p.services.now());
    const [a, b] = await Promise.all([make().runDue(), make().runDue()]);
    expect(a + b).toBe(30);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(30);
  });

  it('take back a job whose worker died mid-run, after its lease', async () => {
    const s = subject();
    const id = await enqueueJob(p.services.db, { municipalityId: f.a.municipalityId, kind: 'lease', subjectId: s }, p.services.now());
    await p.services.db.updateTable('job').set({ status: 'running', attempts: 1, locked_until: new Date(p.services.now().getTime() + 60_000) }).where('id', '=', id).execute();
    const runner = new JobRunner(p.services.db, p.services.now, silentLogger);
    runner.register('lease', async () => ({ resumed: true }));
    expect(await runner.runDue()).toBe(0);
    p.clock.advance(61_000);
    expect(await runner.runDue()).toBe(1);
    expect((await jobsOf(p.services.db, f.a.municipalityId, s))[0]).toMatchObject({ status: 'done', attempts: 2 });
  });
});
