/**
 * `npm test`: every check of the project, in order, on a machine with no Salesforce org.
 *
 *  1. formatting (prettier, with prettier-plugin-apex for Apex)   6. Jest (Lightning Web Components)
 *  2. eslint                                                       7. localorg and scripts tests (node:test)
 *  3. TypeScript (tsc -b)                                          8. browser tests (playwright-core, Chromium)
 *  4. metadata XML against the Metadata API schema                 9. Apex static checks (ApexLink, PMD)
 *  5. the package (LWC build, sf project convert source, checked) 10. Apex tests of force-app in localorg
 *  8b. Conduit's chains end to end in localorg (integration tests and the chaos suite's fixed set)
 *
 * Every step runs even when an earlier one failed, so one run shows every problem. The steps run
 * in two lanes at once (the machine has two cores): node:test, the end-to-end chains and the
 * Apex checks and tests beside the JavaScript tooling and the browser (about 250 s each, alone on
 * the machine); each step's output is printed whole, in the order above, with its time.
 * `TEST_LANES=1` runs them one at a time. The last line adds up the tests of all runners:
 * `tests: N passed, N failed`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Step {
  name: string;
  command: string[];
  /** Steps of one lane run one after another; lanes run side by side. */
  lane: 'tooling' | 'node';
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

/** Conduit's chains run end to end in localorg: the longest node:test files, in their own step. */
const INTEGRATION = 'test/integration';
const integrationTests = [...findFiles(INTEGRATION, '.test.ts'), ...findFiles('chaos', '.test.ts')];
const nodeTests = [
  ...findFiles('localorg/test', '.test.ts'),
  ...findFiles('scripts/test', '.test.ts'),
  ...findFiles('demo', '.test.ts'),
];

/** node:test files of a step run in one process (see scripts/run-test-files.ts). */
const IN_ONE_PROCESS = [
  'node',
  '--import',
  'tsx',
  '--test-reporter=tap',
  'scripts/run-test-files.ts',
];

/** A package's command, started directly: npx would load npm's own CLI first (~0.7 s of CPU). */
const bin = (name: string) => join('node_modules', '.bin', name);

const STEPS: Step[] = [
  {
    name: 'format (prettier --check)',
    lane: 'tooling',
    command: ['node', '--import', 'tsx', 'scripts/check-format.ts'],
  },
  { name: 'lint (eslint)', lane: 'tooling', command: [bin('eslint'), '.'] },
  {
    // localorg as a package (Node only) first, then the rest against its declarations; TypeScript
    // 7's native tsc, one checker thread (the other steps share the two cores). Its own path:
    // node_modules/.bin/tsc is TypeScript 6's, which typescript-eslint's package depends on
    name: 'types (tsc -b: localorg as a package, Node only; then the rest)',
    lane: 'tooling',
    command: [join('node_modules', 'typescript-7', 'bin', 'tsc'), '-b', '--singleThreaded'],
  },
  {
    name: 'metadata (Metadata API schema and rules)',
    lane: 'tooling',
    command: ['node', '--import', 'tsx', 'scripts/check-metadata.ts'],
  },
  {
    name: 'package (LWC build, sf project convert source, artifact checked)',
    lane: 'tooling',
    command: ['node', '--import', 'tsx', 'scripts/package.ts'],
  },
  {
    name: 'LWC tests (jest)',
    lane: 'tooling',
    command: [bin('jest'), '--ci'],
    counts: jestCounts,
  },
  {
    name: 'localorg and scripts tests (node:test)',
    lane: 'node',
    command: [...IN_ONE_PROCESS, ...nodeTests],
    counts: nodeTestCounts,
  },
  {
    name: 'browser tests (playwright, chromium)',
    lane: 'tooling',
    command: [...IN_ONE_PROCESS, ...findFiles('e2e', '.test.ts')],
    counts: nodeTestCounts,
  },
  {
    name: 'Conduit chains end to end in localorg (node:test: integration, chaos)',
    lane: 'node',
    command: [...IN_ONE_PROCESS, ...integrationTests],
    counts: nodeTestCounts,
  },
  {
    name: 'Apex static checks (ApexLink, PMD)',
    lane: 'node',
    command: ['node', '--import', 'tsx', 'scripts/check-apex.ts'],
  },
  {
    name: 'Apex tests in localorg',
    lane: 'node',
    command: ['npx', 'localorg', 'test', '--min-coverage', '90'],
    counts: apexTestCounts,
  },
];

interface Result {
  step: Step;
  ok: boolean;
  passed: number;
  failed: number;
  output: string;
  seconds: number;
}

function run(step: Step): Promise<Result> {
  const started = Date.now();
  const [cmd, ...args] = step.command;
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('close', (status) => {
      const counts = step.counts?.(output) ?? null;
      const ok = status === 0 && (!step.counts || counts !== null);
      if (step.counts && counts === null)
        output += `(${step.name}: no test counts found in the output)\n`;
      resolvePromise({
        step,
        ok,
        passed: counts?.passed ?? 0,
        failed: counts?.failed ?? (ok ? 0 : 1),
        output,
        seconds: Math.round((Date.now() - started) / 1000),
      });
    });
  });
}

/** Runs each lane's steps in order, the lanes side by side, and prints each step in STEPS order. */
async function runAll(steps: Step[]): Promise<Result[]> {
  const sequential = process.env.TEST_LANES === '1';
  const lanes = new Map<string, Step[]>();
  for (const step of steps) {
    const lane = sequential ? 'one' : step.lane;
    lanes.set(lane, [...(lanes.get(lane) ?? []), step]);
  }
  const finished = new Map<Step, Result>();
  let printed = 0;
  const printReady = () => {
    while (printed < steps.length && finished.has(steps[printed])) {
      const r = finished.get(steps[printed++])!;
      console.log(`\n=== ${r.step.name} (${r.seconds} s)`);
      process.stdout.write(r.output);
    }
  };
  await Promise.all(
    [...lanes.values()].map(async (laneSteps) => {
      for (const step of laneSteps) {
        finished.set(step, await run(step));
        printReady();
      }
    }),
  );
  return steps.map((step) => finished.get(step)!);
}

if (spawnSync('java', ['-version']).status !== 0) {
  console.error(
    'Java 17 is needed for the offline Apex checks (ApexLink, PMD): ' +
      'apt-get install openjdk-17-jre-headless (.ci/run does this).',
  );
}
const started = Date.now();
const results = await runAll(STEPS);
console.log('\n=== summary');
for (const r of results) {
  const tests = r.step.counts ? ` (${r.passed} passed, ${r.failed} failed)` : '';
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.step.name}${tests} in ${r.seconds} s`);
}
console.log(`all steps in ${Math.round((Date.now() - started) / 1000)} s`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
