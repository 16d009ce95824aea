/**
 * `npm test`: every check of the project, in order, on a machine with no Salesforce org.
 *
 *  1. formatting (prettier, with prettier-plugin-apex for Apex)   6. Jest (Lightning Web Components)
 *  2. eslint                                                       7. localorg and scripts tests (node:test)
 *  3. TypeScript (tsc --noEmit)                                    8. browser tests (playwright-core, Chromium)
 *  4. metadata XML against the Metadata API schema                 9. Apex static checks (ApexLink, PMD)
 *  5. the package (LWC build, sf project convert source, checked) 10. Apex tests of force-app in localorg
 *
 * Every step runs even when an earlier one failed, so one run shows every problem. The last
 * line adds up the tests of all runners: `tests: N passed, N failed`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Step {
  name: string;
  command: string[];
  /** Reads the runner's own pass/fail counts from its output. */
  counts?: (output: string) => { passed: number; failed: number } | null;
}

function findFiles(dir: string, suffix: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findFiles(path, suffix));
    else if (entry.endsWith(suffix)) found.push(path);
  }
  return found.sort();
}

function lastMatch(output: string, pattern: RegExp): RegExpMatchArray | null {
  const matches = [...output.matchAll(new RegExp(pattern.source, 'gm'))];
  return matches.length ? matches[matches.length - 1] : null;
}

const jestCounts = (output: string) => {
  const m = lastMatch(output, /^Tests:\s+(?:(\d+) failed, )?(?:\d+ skipped, )?(\d+) passed/);
  return m ? { passed: Number(m[2]), failed: Number(m[1] ?? 0) } : null;
};

const nodeTestCounts = (output: string) => {
  const pass = lastMatch(output, /^# pass (\d+)/);
  const fail = lastMatch(output, /^# fail (\d+)/);
  return pass && fail ? { passed: Number(pass[1]), failed: Number(fail[1]) } : null;
};

const apexTestCounts = (output: string) => {
  const m = lastMatch(output, /^(\d+) passed, (\d+) failed/);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
};

const nodeTests = [
  ...findFiles('localorg/test', '.test.ts'),
  ...findFiles('scripts/test', '.test.ts'),
  ...findFiles('demo', '.test.ts'),
];

const STEPS: Step[] = [
  { name: 'format (prettier --check)', command: ['npx', 'prettier', '--check', '.'] },
  { name: 'lint (eslint)', command: ['npx', 'eslint', '.'] },
  { name: 'types (tsc --noEmit)', command: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  {
    name: 'metadata (Metadata API schema and rules)',
    command: ['node', '--import', 'tsx', 'scripts/check-metadata.ts'],
  },
  {
    name: 'package (LWC build, sf project convert source, artifact checked)',
    command: ['node', '--import', 'tsx', 'scripts/package.ts'],
  },
  { name: 'LWC tests (jest)', command: ['npx', 'jest', '--ci'], counts: jestCounts },
  {
    name: 'localorg and scripts tests (node:test)',
    command: ['node', '--import', 'tsx', '--test', '--test-reporter=tap', ...nodeTests],
    counts: nodeTestCounts,
  },
  {
    name: 'browser tests (playwright, chromium)',
    command: [
      'node',
      '--import',
      'tsx',
      '--test',
      '--test-reporter=tap',
      ...findFiles('e2e', '.test.ts'),
    ],
    counts: nodeTestCounts,
  },
  {
    name: 'Apex static checks (ApexLink, PMD)',
    command: ['node', '--import', 'tsx', 'scripts/check-apex.ts'],
  },
  {
    name: 'Apex tests in localorg',
    command: [
      'node',
      '--import',
      'tsx',
      'localorg/src/cli/main.ts',
      'test',
      '--min-coverage',
      '90',
    ],
    counts: apexTestCounts,
  },
];

function run(step: Step): { ok: boolean; passed: number; failed: number } {
  console.log(`\n=== ${step.name}`);
  const [cmd, ...args] = step.command;
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  process.stdout.write(output);
  const counts = step.counts?.(output) ?? null;
  const ok = result.status === 0 && (!step.counts || counts !== null);
  if (step.counts && counts === null)
    console.log(`(${step.name}: no test counts found in the output)`);
  return { ok, passed: counts?.passed ?? 0, failed: counts?.failed ?? (ok ? 0 : 1) };
}

if (spawnSync('java', ['-version']).status !== 0) {
  console.error(
    'Java 17 is needed for the offline Apex checks (ApexLink, PMD): ' +
      'apt-get install openjdk-17-jre-headless (.ci/run does this).',
  );
}
const results = STEPS.map((step) => ({ step, ...run(step) }));
console.log('\n=== summary');
for (const r of results) {
  const tests = r.step.counts ? ` (${r.passed} passed, ${r.failed} failed)` : '';
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.step.name}${tests}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
