/**
 * `npm run scan`: the scan an AppExchange security review submission needs, with the rules the
 * review runs (Salesforce Code Analyzer):
 *
 * - on the package code (`force-app/main`): every PMD rule tagged AppExchange or Security,
 *   `QueueableWithoutFinalizer`, `ApexDoc` (on global, public and protected members: the
 *   project documents those; private helpers keep short comments), and Salesforce Graph
 *   Engine's security rules (field-level security along every path, sharing of classes that
 *   touch the database);
 * - on the tests (`force-app/tests`, `unpackaged`): PMD's test rules that matter — each test
 *   asserts (a helper named `assert…`/`expect…` counts, as PMD's `additionalAssertMethodPattern`
 *   allows), no `SeeAllData=true`, test methods marked `@IsTest`.
 *
 * A deliberate exception is justified in the code with Code Analyzer's own markers and a comment
 * saying why, from the line before the flagged code to the end of it:
 *
 *     // code-analyzer-suppress(sfge:ApexFlsViolation) runs are Conduit's bookkeeping …
 *     insert as system runs;
 *     // code-analyzer-unsuppress(sfge:ApexFlsViolation)
 *
 * The reports (HTML, SARIF and CSV per part) go to `scan-results/` (git-ignored); the last line
 * is `scan: N violations, N justified, N open` and the exit code is 1 while any is open.
 *
 * Graph Engine first builds its graph of every class of the package (about 5 minutes on a busy
 * 2-core machine, whatever is scanned), then walks every path from each entry point, expanding
 * each call and branch: a few entry points whose calls reach the configuration loader, the JSON
 * codec or the engine branch into more paths than it can walk in minutes, and a few constructs
 * stop it with an internal error. So it runs with one thread (`--threads`, 1: a second one only
 * slows both on 2 cores), `--timeout` seconds per entry point (60), `--heap` (4g: its
 * path-expansion limit is a share of the heap), and `--entry File.cls` (repeatable) scans only
 * those files' entry points. The entry points it could not finish (a time-out or an internal
 * error in its log) are listed, with how many it queued.
 * Usage: `node --import tsx scripts/scan.ts [projectDir] [--no-graph] [--threads N] [--timeout S]
 * [--heap SIZE] [--entry FILE]…`.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  OutputFormat,
  RunResultsFormatter,
  type RunResults,
  type Violation,
} from '@salesforce/code-analyzer-core';
import { createEnginePlugin } from '@salesforce/code-analyzer-pmd-engine';
import { analyze, runGraphEngine } from './check-apex';

export const PACKAGE_RULES = [
  'pmd:AppExchange',
  'pmd:Security',
  'pmd:QueueableWithoutFinalizer',
  'pmd:ApexDoc',
];
export const TEST_RULES = [
  'pmd:ApexUnitTestClassShouldHaveAsserts',
  'pmd:ApexUnitTestShouldNotUseSeeAllDataTrue',
  'pmd:ApexUnitTestMethodShouldHaveIsTestAnnotation',
];
export const GRAPH_RULES = ['sfge:Security'];

/** One violation as the scan counts it. */
export interface Finding {
  rule: string;
  file: string;
  line: number;
  message: string;
  justified: boolean;
}

const lineCache = new Map<string, string[]>();
function linesOf(file: string): string[] {
  let lines = lineCache.get(file);
  if (!lines) {
    lines = readFileSync(file, 'utf8').split('\n');
    lineCache.set(file, lines);
  }
  return lines;
}

/**
 * Whether a `code-analyzer-suppress(engine:Rule)` marker covers the line: one at or above it,
 * with no `code-analyzer-unsuppress(engine:Rule)` in between (Code Analyzer's inline markers).
 */
export function isJustified(lines: string[], line: number, rule: string): boolean {
  const suppress = `code-analyzer-suppress(${rule})`.toLowerCase();
  const unsuppress = `code-analyzer-unsuppress(${rule})`.toLowerCase();
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const text = lines[i].toLowerCase();
    if (text.includes(unsuppress) && i < line - 1) return false;
    if (text.includes(suppress)) return true;
  }
  return false;
}

/** ApexDoc is asked of members others call: a private member is not one. */
function isPrivateMember(lines: string[], line: number): boolean {
  return /^\s*(@\w+(\([^)]*\))?\s+)*private\b/.test(lines[line - 1] ?? '');
}

/** A test method whose body calls an assertion helper (`assertRefused(…)`, `expectError(…)`). */
function callsAssertHelper(lines: string[], line: number): boolean {
  for (let i = line; i < lines.length; i++) {
    if (i > line && /^\s{2}(@IsTest|static|private|public)\b/.test(lines[i])) return false;
    if (/\b(assert|expect)[A-Z]\w*\(/.test(lines[i])) return true;
  }
  return false;
}

/** The scan's findings of one run: rule settings the engines cannot take applied, then markers. */
export function findings(results: RunResults): Finding[] {
  return results.getViolations().flatMap((violation: Violation) => {
    const location = violation.getPrimaryLocation();
    const file = location.getFile() ?? '';
    const line = location.getStartLine() ?? 0;
    const rule = `${violation.getRule().getEngineName()}:${violation.getRule().getName()}`;
    const lines = file ? linesOf(file) : [];
    if (rule === 'pmd:ApexDoc' && isPrivateMember(lines, line)) return [];
    if (rule === 'pmd:ApexUnitTestClassShouldHaveAsserts' && callsAssertHelper(lines, line)) {
      return [];
    }
    return [
      {
        rule,
        file,
        line,
        message: violation.getMessage(),
        justified: isJustified(lines, line, rule),
      },
    ];
  });
}

function runPmdRules(projectDir: string, targets: string[], selectors: string[]) {
  return analyze(
    projectDir,
    {
      suppressions: { disable_suppressions: true },
      engines: { cpd: { disable_engine: true } },
      ignores: { files: ['**/lwc/**'] },
    },
    createEnginePlugin(),
    targets,
    selectors,
  );
}

function writeReports(outDir: string, name: string, results: RunResults): void {
  const formats: [OutputFormat, string][] = [
    [OutputFormat.HTML, 'html'],
    [OutputFormat.SARIF, 'sarif'],
    [OutputFormat.CSV, 'csv'],
  ];
  for (const [format, extension] of formats) {
    writeFileSync(
      join(outDir, `${name}.${extension}`),
      RunResultsFormatter.forFormat(format).format(results),
    );
  }
}

/** Entry points Graph Engine gave up on, from its log: `Class:method:line (time-out)`. */
export function unfinishedEntryPoints(logText: string): string[] {
  const found = new Set<string>();
  for (const match of logText.matchAll(
    /(Timeout|Internal) Error executing rule\. submission=RuleRunnerSubmission\{pathEntry=Method\{properties=\{[^\n]*?DefiningType=(\w+)[^\n]*?Name=(\w+)/g,
  )) {
    found.add(
      `${match[2]}.${match[3]} (${match[1] === 'Timeout' ? 'time-out' : 'internal error'})`,
    );
  }
  return [...found].sort();
}

/** How many entry points Graph Engine queued, from its log (`Queued N path-based rule executions`). */
export function queuedEntryPoints(logText: string): number {
  let total = 0;
  for (const match of logText.matchAll(/Queued (\d+) path-based rule executions/g)) {
    total += Number(match[1]);
  }
  return total;
}

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
}

/** Every value of an option given more than once (`--entry A.cls --entry B.cls`). */
function options(args: string[], name: string): string[] {
  return args.flatMap((a, i) => (a === name && args[i + 1] ? [args[i + 1]] : []));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const valued = new Set(['--threads', '--timeout', '--heap', '--entry']);
  const projectDir = resolve(
    args.find((a, i) => !a.startsWith('--') && !valued.has(args[i - 1])) ?? '.',
  );
  const entries = options(args, '--entry');
  const outDir = join(projectDir, 'scan-results');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'logs'), { recursive: true });
  const parts: [string, () => Promise<RunResults>][] = [
    ['package-pmd', () => runPmdRules(projectDir, ['force-app/main'], PACKAGE_RULES)],
    ['tests-pmd', () => runPmdRules(projectDir, ['force-app/tests', 'unpackaged'], TEST_RULES)],
  ];
  if (!args.includes('--no-graph')) {
    parts.push([
      'package-graph-engine',
      () =>
        runGraphEngine(projectDir, ['force-app/main'], GRAPH_RULES, {
          threads: Number(option(args, '--threads', '1')),
          timeoutMs: Number(option(args, '--timeout', '60')) * 1000,
          heap: option(args, '--heap', '4g'),
          logFolder: join(outDir, 'logs'),
          entryFiles: entries.length ? entries : undefined,
        }),
    ]);
  }
  const all: Finding[] = [];
  for (const [name, run] of parts) {
    const started = Date.now();
    const results = await run();
    writeReports(outDir, name, results);
    const found = findings(results);
    all.push(...found);
    console.log(
      `${name}: ${found.length} violation(s) in ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }
  for (const f of all.filter((x) => !x.justified)) {
    console.log(`${relative(process.cwd(), f.file)}:${f.line}: open [${f.rule}] ${f.message}`);
  }
  const logs = readdirSync(join(outDir, 'logs')).filter((f) => f.includes('sfge'));
  const logText = logs.map((f) => readFileSync(join(outDir, 'logs', f), 'utf8')).join('\n');
  const unfinished = unfinishedEntryPoints(logText);
  for (const entry of unfinished) console.log(`Graph Engine did not finish ${entry}`);
  if (logs.length) {
    const queued = queuedEntryPoints(logText);
    console.log(
      `Graph Engine: ${queued} entry points, ${queued - unfinished.length} analysed to the end, ${unfinished.length} not`,
    );
  }
  const justified = all.filter((f) => f.justified).length;
  console.log(`reports: ${relative(process.cwd(), outDir)}/`);
  console.log(
    `scan: ${all.length} violations, ${justified} justified, ${all.length - justified} open`,
  );
  process.exitCode = all.length === justified ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
