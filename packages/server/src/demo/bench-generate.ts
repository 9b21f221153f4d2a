// Generates a 1,000,000-resident city and prints the time and memory it took.
// Run: node --import tsx packages/server/src/demo/bench-generate.ts [population] [seed]
// The households are consumed one by one and dropped, as a loader streaming to a database
// would, so the heap should stay flat however large the city.

import { DEFAULT_REFERENCE_DATE, DEFAULT_SEED, generateCity } from './generate';
import { OBANAZAWA } from './types';

const population = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? DEFAULT_SEED);

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const heapBefore = process.memoryUsage().heapUsed;
let peakHeap = heapBefore;
let residents = 0;
let households = 0;
let checksum = 0;

const started = process.hrtime.bigint();
for (const h of generateCity({ seed, municipality: OBANAZAWA, targetPopulation: population, referenceDate: DEFAULT_REFERENCE_DATE })) {
  households++;
  residents += h.members.length;
  // Touch the output so that nothing is optimised away.
  checksum = (checksum + (h.members[0]?.residentRecordCode.charCodeAt(10) ?? 0)) % 1_000_003;
  if ((households & 0xffff) === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);

console.log(`residents        ${residents.toLocaleString('en')}`);
console.log(`households       ${households.toLocaleString('en')}`);
console.log(`time             ${seconds.toFixed(2)} s (${Math.round(residents / seconds).toLocaleString('en')} residents/s)`);
console.log(`heap before      ${mib(heapBefore)}`);
console.log(`peak heap seen   ${mib(peakHeap)}`);
console.log(`max RSS          ${mib(process.resourceUsage().maxRSS * 1024)}`);
console.log(`checksum         ${checksum}`);
