import { catalogue, exampleAnswers, procedureById } from '../src/index';
import { renderProcedurePdf } from '../src/pdf/index';

/** One render in a fresh process: font files not read, nothing compiled yet. Prints the time in ms. */
const def = procedureById(catalogue, 'residence-change');
if (!def?.layout) throw new Error('住民異動届 has no layout');
const t = performance.now();
await renderProcedurePdf(def, def.layout, exampleAnswers['residence-change'] ?? {}, { today: '2026-11-29' });
process.stdout.write(`${performance.now() - t}\n`);
