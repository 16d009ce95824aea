/**
 * `npm run chaos -- --seed N --runs M [--verbose] [--deletes]`: runs M seeded chaos scenarios from
 * seed N (default 1 and 100), prints each violation with its seed and a command that repeats it,
 * and ends with `chaos: N runs, N violations` (exit code 1 when there are violations).
 * `--deletes` runs the deletes chain (`deletes.ts`) instead of the others.
 */
import { parseArgs } from 'node:util';
import { deletesChain } from './deletes';
import { Suite } from './scenario';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '100' },
    verbose: { type: 'boolean', default: false },
    deletes: { type: 'boolean', default: false },
  },
});
const first = Number(values.seed);
const runs = Number(values.runs);
if (!Number.isInteger(first) || !Number.isInteger(runs) || runs < 0) {
  console.error('usage: npm run chaos -- --seed N --runs M [--verbose]');
  process.exit(2);
}

const suite = await Suite.start(values.deletes ? [deletesChain] : undefined);
console.log(
  `chaos: fault points × kinds: ${suite.entries} (${[...suite.matrices].map(([c, m]) => `${c} ${new Set(m.map((e) => e.point)).size} points, ${m.length} faults`).join('; ')})`,
);
let violations = 0;
let interleavings = 0;
const covered = new Set<string>();
for (let seed = first; seed < first + runs; seed++) {
  const result = await suite.run(seed);
  interleavings += result.interleavings;
  covered.add(`${result.chain}: ${result.fault}`);
  const what = `seed ${seed}: ${result.chain}, ${result.shape}, ${result.fault}${result.randomFaults ? ', random faults' : ''}`;
  if (values.verbose)
    console.log(
      `${what}: ${result.violations.length} violations, ${result.interleavings} interleavings`,
    );
  if (values.verbose && result.violations.length)
    for (const line of result.trace) console.log(`  ${line}`);
  for (const violation of result.violations) {
    console.log(`VIOLATION ${what}: ${violation}`);
    console.log(
      `  repeat: npm run chaos -- --seed ${seed} --runs 1 --verbose${values.deletes ? ' --deletes' : ''}`,
    );
  }
  violations += result.violations.length;
  const done = seed - first + 1;
  if (done % 50 === 0 && done < runs)
    console.log(`chaos: ${done} of ${runs} runs, ${violations} violations so far`);
}
await suite.stop();
console.log(
  `chaos: fault entries covered ${covered.size} of ${suite.entries}, interleavings ${interleavings}`,
);
console.log(`chaos: ${runs} runs, ${violations} violations`);
process.exitCode = violations ? 1 : 0;
