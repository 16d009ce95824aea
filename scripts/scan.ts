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
 * Graph Engine first builds its graph of every class of the package (3 to 5 minutes on a busy
 * 2-core machine, whatever is scanned), then walks every path from each entry point, expanding
 * each call and branch. Its time-out per entry point is wall-clock time, so on a machine shared
 * with other work an entry point that needs a minute of CPU can take ten: `--timeout` seconds per
 * entry point (900), `--threads` (1; on a machine already busy a second thread doubles its share
 * of the CPU), `--heap` (4g: its path-expansion limit is a share of the heap), and `--entry
 * File.cls` (repeatable) scans only those files' entry points. Every entry point is listed with
 * how it ended — finished, time-out, internal error (Graph Engine's exception and where it was
 * thrown) or the path-expansion limit — and the time it took, then a summary line; the list is
 * also written to `scan-results/graph-engine-entry-points.txt`.
 * Usage: `node --import tsx scripts/scan.ts [projectDir] [--no-graph] [--threads N] [--timeout S]
 * [--heap SIZE] [--entry FILE]…`.
 */
import {
  createReadStream,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  OutputFormat,
  RunResultsFormatter,
  type RunResults,
  type Violation,
} from '@salesforce/code-analyzer-core';
import { createEnginePlugin } from '@salesforce/code-analyzer-pmd-engine';
import { analyze, runGraphEngine } from './check-apex';
import {
  isPathLine,
  loggingConfig,
  loggingOption,
  pathCounts,
  type PathCount,
} from './graph-engine-paths';

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
/** Seconds Graph Engine may spend on one entry point (wall-clock: a busy machine needs more). */
export const DEFAULT_TIMEOUT_S = 900;

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

/** How Graph Engine ended one entry point. */
export interface EntryPoint {
  /** `Class.method` (`Outer.Inner.method` for an inner class). */
  name: string;
  /** The method's first line. */
  line: number;
  outcome: 'finished' | 'no path walked' | 'time-out' | 'path limit' | 'internal error';
  /** Graph Engine's own words when it did not finish (an exception and where it was thrown). */
  reason?: string;
  /** How long it took, when its log says (it does with one thread). */
  seconds?: number;
  /** The paths it walked to their end and dropped, when its log says (see `graph-engine-paths`). */
  paths?: PathCount;
}

/** Why an entry point was not finished, from its message (see `GraphEngineRun.unfinished`). */
function outcomeOf(reason: string): EntryPoint['outcome'] {
  if (/^Path evaluation timed out/.test(reason)) return 'time-out';
  if (/path expansion upper limit/i.test(reason)) return 'path limit';
  return 'internal error';
}

/** The most of an exception's message a line shows (Graph Engine prints whole graph vertices). */
const REASON_CHARS = 300;

/**
 * Every entry point Graph Engine walked, in its order, from its log (`Finished.
 * method=Class:method:line`, then `Future returned after N ms`; before it, for one it gave up
 * on, `Timeout|Internal Error executing rule. submission=…` and, for an internal error, the
 * exception on the next line) and the engine's messages for those it gave up on (`…entry point:
 * /path/File.cls:line:column: why`, which also tell the path-expansion limit; an exception's
 * message ends with its first frames, `;`-separated, of which the first is kept).
 */
export function entryPoints(logText: string, unfinished: string[]): EntryPoint[] {
  const found: EntryPoint[] = [];
  const counts = pathCounts(logText);
  const failed = new Map<string, Pick<EntryPoint, 'outcome' | 'reason'>>();
  let last: EntryPoint | undefined;
  let awaitingReason: string | undefined;
  for (const line of logText.split('\n')) {
    const error =
      /(Timeout|Internal) Error executing rule\. submission=.*?BeginLine=(\d+),.*?DefiningType=([\w.]+),.*?[ {]Name=(\w+)/.exec(
        line,
      );
    const finished = /Finished\. method=([\w.]+):([\w<>]+):(\d+)/.exec(line);
    const returned = /Future returned after (\d+) ms/.exec(line);
    if (awaitingReason) {
      failed.get(awaitingReason)!.reason = line.trim().slice(0, REASON_CHARS);
      awaitingReason = undefined;
    }
    if (error) {
      const key = `${error[3]}.${error[4]}:${error[2]}`;
      failed.set(key, { outcome: error[1] === 'Timeout' ? 'time-out' : 'internal error' });
      if (error[1] === 'Internal') awaitingReason = key;
    } else if (finished) {
      const name = `${finished[1]}.${finished[2]}`;
      const paths = counts.get(`${finished[1]}:${finished[2]}:${finished[3]}`);
      // finished with no path walked to its end: everything on its paths was dropped
      const outcome = paths?.walked === 0 ? 'no path walked' : 'finished';
      last = { name, line: Number(finished[3]), outcome, ...(paths ? { paths } : {}) };
      Object.assign(last, failed.get(`${name}:${finished[3]}`));
      found.push(last);
    } else if (returned && last && last.seconds === undefined) {
      last.seconds = Math.round(Number(returned[1]) / 1000);
    } else if (/ThreadableRuleExecutor/.test(line)) {
      last = undefined;
    }
  }
  for (const message of unfinished) {
    const parsed = /entry point: (?:.*\/)?(\w+)\.cls:(\d+):\d+: ([\s\S]*)$/.exec(message);
    if (!parsed) continue;
    const [, file, line, why] = parsed;
    const reason = why.split(';')[0].trim();
    const entry = found.find((e) => e.name.split('.')[0] === file && e.line === Number(line));
    if (entry) Object.assign(entry, { outcome: outcomeOf(reason), reason });
    else
      found.push({
        name: `${file}:${line}`,
        line: Number(line),
        outcome: outcomeOf(reason),
        reason,
      });
  }
  return found;
}

/**
 * The lines of a Graph Engine log that tell how its entry points ended, read line by line: the
 * whole log can pass the 512 MB a string may hold (it logs a warning for each ternary and
 * unresolved chain on every path: 730 MB for a full scan of the package), so it is never read
 * whole. An internal error's next line (the exception) is kept with it.
 */
export async function entryPointLog(file: string): Promise<string> {
  const kept: string[] = [];
  let keepNext = false;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    // the rule executor logs what `entryPoints` and `queuedEntryPoints` read: timings, errors
    if (keepNext || line.includes('ThreadableRuleExecutor') || isPathLine(line)) kept.push(line);
    keepNext = line.includes('Internal Error executing rule');
  }
  return kept.join('\n');
}

/** The summary line: how many entry points ended each way. */
export function entryPointSummary(entries: EntryPoint[], queued: number): string {
  const count = (outcome: EntryPoint['outcome']) =>
    entries.filter((e) => e.outcome === outcome).length;
  const parts = [
    `${count('finished')} finished`,
    `${count('no path walked')} with no path walked to its end`,
    `${count('time-out')} time-outs`,
    `${count('internal error')} internal errors`,
    `${count('path limit')} at the path-expansion limit`,
  ];
  if (queued > entries.length) parts.push(`${queued - entries.length} not reported`);
  return `Graph Engine: ${Math.max(queued, entries.length)} entry points: ${parts.join(', ')}`;
}

/**
 * One line per entry point: `Class.method:line outcome (N s, N paths, N dropped: where)[: reason]`,
 * each part in brackets when the log tells it.
 */
export function entryPointLine(entry: EntryPoint): string {
  const { seconds, paths } = entry;
  const facts = [
    seconds === undefined ? '' : `${seconds} s`,
    paths ? `${paths.walked} paths` : '',
    paths?.dropped ? `${paths.dropped} dropped: ${paths.droppedAt}` : '',
  ].filter(Boolean);
  const took = facts.length ? ` (${facts.join(', ')})` : '';
  const why = entry.reason ? `: ${entry.reason}` : '';
  return `Graph Engine ${entry.outcome} ${entry.name}:${entry.line}${took}${why}`;
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
  const unfinished: string[] = [];
  const threads = Number(option(args, '--threads', '1'));
  if (!args.includes('--no-graph')) {
    parts.push([
      'package-graph-engine',
      async () => {
        // its path counts are logged at INFO only: a configuration of its own, unless one is set
        const java = process.env.JAVA_TOOL_OPTIONS ?? '';
        if (!java.includes('log4j2.configurationFile')) {
          const config = loggingOption(await loggingConfig(outDir));
          process.env.JAVA_TOOL_OPTIONS = `${java} ${config}`.trim();
        }
        const run = await runGraphEngine(projectDir, ['force-app/main'], GRAPH_RULES, {
          threads,
          timeoutMs: Number(option(args, '--timeout', String(DEFAULT_TIMEOUT_S))) * 1000,
          heap: option(args, '--heap', '4g'),
          logFolder: join(outDir, 'logs'),
          entryFiles: entries.length ? entries : undefined,
        });
        unfinished.push(...run.unfinished);
        return run.results;
      },
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
  const logText = (await Promise.all(logs.map((f) => entryPointLog(join(outDir, 'logs', f))))).join(
    '\n',
  );
  if (logs.length) {
    // its log times the wait for the next entry point to end: one's time only with one thread
    const walked = entryPoints(logText, unfinished).map((e) =>
      threads === 1 ? e : { ...e, seconds: undefined },
    );
    const lines = [
      ...walked.map(entryPointLine),
      entryPointSummary(walked, queuedEntryPoints(logText)),
    ];
    writeFileSync(join(outDir, 'graph-engine-entry-points.txt'), `${lines.join('\n')}\n`);
    for (const line of lines) console.log(line);
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
