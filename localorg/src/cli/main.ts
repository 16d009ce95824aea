/**
 * The `localorg` command line:
 *
 *   localorg test [--project DIR] [--class X]… [--method Y]… [--junit FILE]
 *                 [--coverage-json FILE] [--min-coverage N]
 *   localorg run script.apex [--project DIR]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Org } from '../org';
import { createLocalOrg } from '../localorg';
import { belowMinimum, coverageJson, formatReport, junitXml } from '../testing/report';
import { percent } from '../testing/coverage';

interface Args {
  command: string | null;
  positional: string[];
  options: Map<string, string[]>;
}

const USAGE = `usage:
  localorg test [--project DIR] [--class NAME]... [--method NAME]... [--junit FILE]
                [--coverage-json FILE] [--min-coverage PERCENT]
  localorg run SCRIPT.apex [--project DIR]`;

export function parseArgs(argv: string[]): Args {
  const args: Args = { command: null, positional: [], options: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2);
      const v = inline ?? argv[++i];
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

/** Build the org a command runs against. Kept in one place so the data layer plugs in here. */
export type OrgFactory = (projectDir: string) => Org;

const defaultFactory: OrgFactory = (projectDir) => createLocalOrg({ projectDir }).org;

/** Run the CLI; returns the exit code. Output goes through `print`. */
export function main(
  argv: string[],
  print: (s: string) => void = (s) => process.stdout.write(`${s}\n`),
  makeOrg: OrgFactory = defaultFactory,
): number {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    print(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const project = resolve(args.options.get('project')?.[0] ?? '.');
  try {
    return runCommand(args, project, print, makeOrg);
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
  makeOrg: OrgFactory,
): number {
  if (args.command === 'test') {
    const org = makeOrg(project);
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
    print(formatReport(run));
    return run.failed > 0 || coverageFailed ? 1 : 0;
  }
  if (args.command === 'run') {
    const script = args.positional[0];
    if (!script) {
      print(USAGE);
      return 2;
    }
    const org = makeOrg(project);
    const result = org.runAnonymous(readFileSync(script, 'utf8'));
    for (const d of result.debug) print(`${d.level}|${d.message}`);
    if (result.error) {
      print(`${result.error.type}: ${result.error.message}`);
      if (result.error.trace) print(result.error.trace);
      return 1;
    }
    return 0;
  }
  print(USAGE);
  return args.command ? 2 : 0;
}

const invokedDirectly = process.argv[1] !== undefined && /cli[\\/]main\.ts$/.test(process.argv[1]);
if (invokedDirectly) process.exitCode = main(process.argv.slice(2));
