import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogue, exampleAnswers, householdFactsSchema, navigate, procedureById, sixPersonHousehold } from '../src/index';
import { renderGuideSheetPdf, renderProcedurePdf } from '../src/pdf/index';
import { ms, stats } from './stats';
import type { Stats } from './stats';

/*
 * Benchmarks for the procedure package (not tests): PDF render time of the
 * 住民異動届 cold and warm, its size, the 手続き案内書, and the navigator over
 * the whole shipped rule set for a 6-person household.
 * Run: npm run bench -w packages/procedures   (COLD_RUNS=… WARM_RUNS=… to change counts)
 */
const here = dirname(fileURLToPath(import.meta.url));
const coldRuns = Number(process.env['COLD_RUNS'] ?? 8);
const warmRuns = Number(process.env['WARM_RUNS'] ?? 60);
const navRuns = Number(process.env['NAV_RUNS'] ?? 3000);

const def = procedureById(catalogue, 'residence-change');
if (!def?.layout) throw new Error('住民異動届 has no layout');
const answers = exampleAnswers['residence-change'] ?? {};
const opts = { today: '2026-11-29', createdAt: new Date('2026-11-29T00:00:00Z') };

const cold: number[] = [];
for (let i = 0; i < coldRuns; i++) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'coldRender.ts')], { cwd: join(here, '..') }).toString().trim();
  cold.push(Number(out));
}

let size = 0;
for (let i = 0; i < 5; i++) size = (await renderProcedurePdf(def, def.layout, answers, opts)).length;
const warm: number[] = [];
for (let i = 0; i < warmRuns; i++) {
  const t = performance.now();
  await renderProcedurePdf(def, def.layout, answers, opts);
  warm.push(performance.now() - t);
}

const facts = householdFactsSchema.parse(sixPersonHousehold);
const event = { kind: 'moveIn' as const, date: '2026-11-25' };
for (let i = 0; i < 200; i++) navigate(event, facts, catalogue.navigatorRules, catalogue);
const nav: number[] = [];
let proposals = 0;
for (let i = 0; i < navRuns; i++) {
  const t = performance.now();
  proposals = navigate(event, facts, catalogue.navigatorRules, catalogue).proposals.length;
  nav.push(performance.now() - t);
}

const navigation = navigate(event, facts, catalogue.navigatorRules, catalogue);
const guideInput = { householderName: '雪国 一郎', event, navigation, municipalityName: '尾花沢市', issuedBy: '市民税務課 1番窓口' };
let guideSize = 0;
for (let i = 0; i < 3; i++) guideSize = (await renderGuideSheetPdf(guideInput, opts)).length;
const guide: number[] = [];
for (let i = 0; i < Math.max(10, Math.floor(warmRuns / 3)); i++) {
  const t = performance.now();
  await renderGuideSheetPdf(guideInput, opts);
  guide.push(performance.now() - t);
}

const rows: Array<[string, Stats, string, string]> = [
  ['住民異動届 PDF, cold (fresh process)', stats(cold), `${(size / 1024).toFixed(1)} KiB`, '—'],
  ['住民異動届 PDF, warm', stats(warm), `${(size / 1024).toFixed(1)} KiB`, '≤ 50 ms p50'],
  ['手続き案内書 PDF, warm (6 people)', stats(guide), `${(guideSize / 1024).toFixed(1)} KiB`, '—'],
  [`navigator, 6 people × ${catalogue.navigatorRules.rules.length} rules`, stats(nav), `${proposals} proposals`, '≤ 5 ms'],
];
console.log('| benchmark | n | p50 ms | p95 ms | min ms | max ms | output | target |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, s, out, target] of rows) console.log(`| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.min)} | ${ms(s.max)} | ${out} | ${target} |`);

const result = {
  at: new Date().toISOString(),
  node: process.version,
  residenceChangePdf: { cold: stats(cold), warm: stats(warm), bytes: size, targetWarmP50Ms: 50 },
  guideSheetPdf: { warm: stats(guide), bytes: guideSize },
  navigator: { run: stats(nav), members: facts.members.length, rules: catalogue.navigatorRules.rules.length, proposals, targetMs: 5 },
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'procedures.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwrote ${join('bench', 'results', 'procedures.json')}`);
