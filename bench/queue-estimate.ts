/**
 * Wait estimate error on simulated days (packages/server/src/modules/queue/simulate.ts): the demo
 * floor (six 用件, seven desks, breaks at lunch) at a quiet, a normal, a busy and a very busy level.
 * The estimate is computed at each arrival from what the server would know then, after 20 simulated
 * days of history, and compared with the wait that followed. Baseline: "people ahead × the
 * configured minutes ÷ open desks".
 *
 *   npm run bench -- queue-estimate        (BENCH_DAYS=20  BENCH_SEEDS=3)
 */
import { DEMO_FLOOR, measureEstimate, type SimConfig } from '../packages/server/src/modules/queue/simulate';
import { ALPHA } from '../packages/server/src/modules/queue/estimate';
import { report } from './support/table';

const DAYS = Number(process.env.BENCH_DAYS ?? 20);
const SEEDS = Number(process.env.BENCH_SEEDS ?? 3);
const LEVELS: [string, number][] = [['quiet', 0.7], ['normal', 1], ['busy', 1.3], ['very busy', 1.6]];

const scaled = (factor: number): SimConfig => ({ ...DEMO_FLOOR, services: DEMO_FLOOR.services.map((s) => ({ ...s, peakPerHour: s.peakPerHour * factor })) });

const rows: Record<string, string | number>[] = [];
for (const [label, factor] of LEVELS) {
  const results = Array.from({ length: SEEDS }, (_, i) => measureEstimate(scaled(factor), { seed: 1000 * (i + 1), warmup: 20, days: DAYS }));
  const visits = results.reduce((a, r) => a + r.visits, 0);
  const weighted = (f: (r: (typeof results)[number]) => number) => results.reduce((a, r) => a + f(r) * r.visits, 0) / visits;
  rows.push({
    load: label,
    days: DAYS * SEEDS,
    residents: visits,
    mean_wait_min: weighted((r) => r.meanWaitMinutes),
    mae_min: weighted((r) => r.maeMinutes),
    naive_mae_min: weighted((r) => r.naiveMaeMinutes),
    within_5min: `${Math.round(weighted((r) => r.within5) * 100)}%`,
    alpha: ALPHA,
  });
}
report('queue-estimate', rows);
