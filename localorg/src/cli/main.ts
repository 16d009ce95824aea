/**
 * The `localorg` command line:
 *
 *   localorg test [--project DIR] [--class X]… [--method Y]… [--junit FILE]
 *                 [--coverage-json FILE] [--min-coverage N] [--edition EDITION]
 *                 [--report causes] [--rule NAME]…
 *   localorg run script.apex [--project DIR] [--drain] [--credential Name=URL]…
 *                 [--permission-set NAME]… [--edition EDITION] [--rule NAME]…
 *   localorg --help
 *
 * `--report causes` adds the failures grouped by cause (a refused feature, an assertion, an
 * exception type with its message shape), with counts and one example each.
 * `--rule mixed-dml` names a platform rule an org can switch (`OptInRules`; on already). Datetimes
 * kept to the second and user mode's object and field permissions always apply, as on the platform.
 * `run` executes anonymous Apex outside Apex test context (as the platform's Execute
 * Anonymous does); with `--drain` it then runs the job queue (Queueables, batches, futures,
 * event triggers, scheduled jobs that are due), prints each work item that ran and ends with the
 * final status of each job it ran (`AsyncApexJob`). `--permission-set NAME` assigns a
 * permission set of the project to the running user first. Callouts to
 * `callout:Name/…` go to the URL given with `--credential Name=URL`. `--edition` picks the
 * org's edition (production by default; developer, trial and scratch orgs stop a Queueable
 * chain at a depth of 5).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLocalOrg, type LocalOrg } from '../localorg';
import { ORG_EDITIONS, isOrgEdition, type OrgEdition } from '../platform/async/index';
import type { OptInRules } from '../platform/data/index';
import { belowMinimum, coverageJson, formatReport, junitXml } from '../testing/report';
import { percent } from '../testing/coverage';
import { formatCauses } from '../testing/causes';

interface Args {
  command: string | null;
  positional: string[];
  options: Map<string, string[]>;
}

const USAGE = `usage:
  localorg test [--project DIR] [--class NAME]... [--method NAME]... [--junit FILE]
                [--coverage-json FILE] [--min-coverage PERCENT] [--edition EDITION]
                [--report causes] [--rule NAME]...
  localorg run SCRIPT.apex [--project DIR] [--drain] [--credential NAME=URL]...
                [--permission-set NAME]... [--edition EDITION] [--rule NAME]...
  localorg --help
  EDITION: ${ORG_EDITIONS.join(', ')} (default production)`;

/** What `--help` prints: the usage, then what each command and option does. */
const HELP = `${USAGE}

  test                 runs the project's @IsTest classes (all, or those --class and --method
                       name) with line coverage; exits 1 when a test fails or a class is below
                       --min-coverage
  run                  runs SCRIPT.apex as anonymous Apex, outside test context
  --project DIR        the SFDX project (default: the current folder)
  --drain              (run) then runs every job that is due, one at a time, and prints the final
                       status of each job it ran (AsyncApexJob)
  --credential N=URL   (run) callouts to callout:N/... go to URL
  --permission-set N   (run) assigns the permission set N to the running user first
  --edition EDITION    the org's edition (developer, trial and scratch stop a Queueable chain at 5)
  --rule NAME          a platform rule that is off by default: whole-second-datetimes,
                       user-mode-permissions
  --report causes      (test) adds the failures grouped by cause`;

/** Options that take no value. */
const FLAGS = new Set(['drain', 'help']);

export function parseArgs(argv: string[]): Args {
  const args: Args = { command: null, positional: [], options: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] === '-h' ? '--help' : argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const k = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const inline = eq < 0 ? undefined : a.slice(eq + 1);
      const v = inline ?? (FLAGS.has(k) ? 'true' : argv[++i]);
      if (v === undefined) throw new Error(`--${k} needs a value`);
      const list = args.options.get(k) ?? [];
      list.push(v);
      args.options.set(k, list);
    } else if (!args.command) args.command = a;
    else args.positional.push(a);
  }
  return args;
}

function csv(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

export interface OrgFactoryOptions {
  /** Named Credential name → local base URL (`--credential Name=URL`). */
  credentials?: Record<string, string>;
  /** The org's edition (`--edition developer`). */
  edition?: OrgEdition;
  /** Platform rules an org can switch (`--rule mixed-dml`). */
  rules?: Partial<OptInRules>;
  /** Permission sets assigned to the running user (`--permission-set Name`). */
  permissionSets?: string[];
}

/** Build the org a command runs against. */
export type OrgFactory = (projectDir: string, options: OrgFactoryOptions) => LocalOrg;

const defaultFactory: OrgFactory = (projectDir, options) =>
  createLocalOrg({
    projectDir,
    credentials: options.credentials,
    edition: options.edition,
    rules: options.rules,
    user: { permissionSets: options.permissionSets ?? [] },
  });

/** `--edition NAME`: one of `ORG_EDITIONS`, or undefined when not given. */
export function parseEdition(values: string[] | undefined): OrgEdition | undefined {
  const name = values?.[values.length - 1];
  if (name === undefined) return undefined;
  if (!isOrgEdition(name)) {
    throw new Error(`--edition must be one of ${ORG_EDITIONS.join(', ')}, got "${name}"`);
  }
  return name;
}

const RULES: Record<string, keyof OptInRules> = {
  'mixed-dml': 'mixedDml',
};

/** `--rule NAME`, repeatable: the opt-in platform rules to apply. */
export function parseRules(values: string[] | undefined): Partial<OptInRules> {
  const rules: Partial<OptInRules> = {};
  for (const v of csv(values)) {
    const key = RULES[v];
    if (!key) throw new Error(`--rule needs one of ${Object.keys(RULES).join(', ')}, got "${v}"`);
    rules[key] = true;
  }
  return rules;
}

/** `--credential Name=URL`, repeatable. */
export function parseCredentials(values: string[] | undefined): Record<string, string> {
  const credentials: Record<string, string> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    const name = eq < 0 ? '' : v.slice(0, eq).trim();
    const url = eq < 0 ? '' : v.slice(eq + 1).trim();
    if (!name || !/^https?:\/\//.test(url)) {
      throw new Error(`--credential needs NAME=URL (http or https), got "${v}"`);
    }
    credentials[name] = url;
  }
  return credentials;
}

/** Run the CLI; returns the exit code. Output goes through `print`. */
export function main(
  argv: string[],
  print: (s: string) => void = (s) => process.stdout.write(`${s}\n`),
  makeOrg: OrgFactory = defaultFactory,
): number {
  let args: Args;
  let credentials: Record<string, string>;
  let edition: OrgEdition | undefined;
  let rules: Partial<OptInRules>;
  let permissionSets: string[];
  try {
    args = parseArgs(argv);
    permissionSets = csv(args.options.get('permission-set'));
    credentials = parseCredentials(args.options.get('credential'));
    edition = parseEdition(args.options.get('edition'));
    rules = parseRules(args.options.get('rule'));
  } catch (e) {
    print(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.options.has('help') || args.command === 'help') {
    print(HELP);
    return 0;
  }
  const project = resolve(args.options.get('project')?.[0] ?? '.');
  try {
    return runCommand(args, project, print, (dir) =>
      makeOrg(dir, { credentials, edition, rules, permissionSets }),
    );
  } catch (e) {
    // Loading failed (no sfdx-project.json, syntax errors): report it, no stack trace.
    print(e instanceof Error ? e.message : String(e));
    return 2;
  }
}

function runCommand(
  args: Args,
  project: string,
  print: (s: string) => void,
  makeOrg: (projectDir: string) => LocalOrg,
): number {
  if (args.command === 'test') {
    const reports = csv(args.options.get('report'));
    const unknownReport = reports.find((r) => r !== 'causes');
    if (unknownReport !== undefined) {
      print(`unknown report "${unknownReport}" (known: causes)\n${USAGE}`);
      return 2;
    }
    const local = makeOrg(project);
    printSkipped(local, print);
    const org = local.org;
    const run = org.runTests({
      classes: csv(args.options.get('class')),
      methods: csv(args.options.get('method')),
    });
    const junit = args.options.get('junit')?.[0];
    if (junit) writeFileSync(junit, junitXml(run));
    const covJson = args.options.get('coverage-json')?.[0];
    if (covJson) writeFileSync(covJson, coverageJson(run));
    const minText = args.options.get('min-coverage')?.[0];
    let coverageFailed = false;
    if (minText !== undefined) {
      const min = Number(minText);
      const low = belowMinimum(run.coverage, min);
      for (const r of low)
        print(`Coverage of ${r.name} is ${percent(r).toFixed(2)}%, below the minimum ${min}%`);
      coverageFailed = low.length > 0;
    }
    print(formatReport(run, reports.includes('causes') ? [formatCauses(run)] : []));
    return run.failed > 0 || coverageFailed ? 1 : 0;
  }
  if (args.command === 'run') {
    const script = args.positional[0];
    if (!script) {
      print(USAGE);
      return 2;
    }
    const local = makeOrg(project);
    const result = local.org.runAnonymous(readFileSync(script, 'utf8'));
    for (const d of result.debug) print(`${d.level}|${d.message}`);
    let failed = false;
    if (result.error) {
      print(`${result.error.type}: ${result.error.message}`);
      if (result.error.trace) print(result.error.trace);
      failed = true;
    }
    // Publish-immediately events survive a failed script, so the queue is drained either way.
    if (args.options.has('drain') && drainQueue(local, print) > 0) failed = true;
    return failed ? 1 : 0;
  }
  print(USAGE);
  return args.command ? 2 : 0;
}

/** The project's metadata localorg loaded without modelling it: reading it is refused. */
function printSkipped(local: LocalOrg, print: (s: string) => void): void {
  const skipped = local.data().schema.skipped;
  if (!skipped.length) return;
  print(`Loaded without modelling (reading them is not supported in localorg): ${skipped.length}`);
  for (const s of skipped) print(`  ${s.component} (${s.what})`);
}

/**
 * Run every work item that is due, one at a time, printing each with the debug output of its
 * transaction; then list what is still waiting (delayed or scheduled). Returns the failures.
 */
function drainQueue(local: LocalOrg, print: (s: string) => void): number {
  const svc = local.async();
  const debug = () => local.org.interpreter.debugLines;
  let ran = 0;
  let failures = 0;
  /** The jobs the drained work items belong to, in the order they first ran. */
  const drained = new Set<string>();
  for (;;) {
    const seen = debug().length;
    const step = svc.drain({ maxJobs: 1 });
    if (step.ran === 0) break;
    ran++;
    for (const item of step.log) {
      print(`-- ran ${item.label}${item.jobId ? ` (${item.jobId})` : ''}`);
      if (item.jobId) drained.add(item.jobId);
    }
    for (const d of debug().slice(seen)) print(`${d.level}|${d.message}`);
    for (const e of step.errors) {
      failures++;
      print(`-- failed ${e.label}: ${e.type}: ${e.message}`);
    }
  }
  print(`-- drained: ${ran} ran, ${failures} failed`);
  for (const id of drained) {
    const job = svc.job(id);
    if (!job) continue;
    const what = job.methodName ? `${job.apexClassName}.${job.methodName}` : job.apexClassName;
    const status = job.extendedStatus ? `${job.status} (${job.extendedStatus})` : job.status;
    print(`-- job ${job.id} ${job.jobType} ${what}: ${status}`);
  }
  for (const p of svc.pending()) {
    print(
      `-- waiting ${p.label}${p.jobId ? ` (${p.jobId})` : ''} until ${new Date(p.due).toISOString()}`,
    );
  }
  return failures;
}

const invokedDirectly = process.argv[1] !== undefined && /cli[\\/]main\.ts$/.test(process.argv[1]);
if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
