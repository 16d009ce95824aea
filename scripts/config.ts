/**
 * `npm run config`: Conduit's configuration JSON to and from custom metadata source files.
 *
 *   npm run config -- export [--out conduit-config.json] [--source DIR]...
 *   npm run config -- import conduit-config.json --target DIR [--prune] [--check] [--namespaced] [--project DIR]
 *
 * Export reads the configuration records of the package directories (default: every one in
 * sfdx-project.json); import checks the file as the app's import screen does (the package's Apex
 * in a local org of the project, `--project`, default the working directory: objects, fields,
 * transforms, plans, Named Credentials), writes its records, prints what it created, changed and
 * removed, and with `--check` writes nothing and exits 1 when anything would change. Exit codes:
 * 0 done (or nothing to change), 1 changes found by `--check`, 2 wrong usage, 3 the file is
 * invalid (nothing written).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { appProblems } from './config/app-check';
import { exportConfig, importConfig, type RecordChange } from './config/index';

const USAGE = `usage:
  npm run config -- export [--out FILE] [--source DIR]...
  npm run config -- import FILE --target DIR [--prune] [--check] [--namespaced] [--project DIR]`;

/** Where the command writes: the console, or a test's lines. */
export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

const CONSOLE: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };

function packageDirectories(): string[] {
  if (!existsSync('sfdx-project.json')) throw new Error('no sfdx-project.json here: name --source');
  const project = JSON.parse(readFileSync('sfdx-project.json', 'utf8')) as {
    packageDirectories?: { path: string }[];
  };
  return (project.packageDirectories ?? []).map((d) => d.path);
}

function runExport(args: string[], io: Output): number {
  const { values } = parseArgs({
    args,
    options: { out: { type: 'string' }, source: { type: 'string', multiple: true } },
  });
  const result = exportConfig(values.source ?? packageDirectories());
  result.notices.forEach((n) => io.err(`notice: ${n}`));
  if (result.problems.length) return invalid(result.problems, io);
  if (!values.out) {
    process.stdout.write(result.text);
    return 0;
  }
  writeFileSync(values.out, result.text);
  const c = result.config!;
  io.out(
    `${values.out}: ${c.plans.length} plans, ${c.options.length} options, ` +
      `${c.options.reduce((n, o) => n + (o.mappings as unknown[]).length, 0)} mappings, ` +
      `${c.quotas.length} quotas`,
  );
  return 0;
}

function describe(verb: string, change: RecordChange): string[] {
  return [
    `${verb} ${change.record} (${change.file})`,
    ...change.fields.map(
      (f) => `    ${f.field}: ${JSON.stringify(f.from)} → ${JSON.stringify(f.to)}`,
    ),
  ];
}

/** The exit code of an invalid file: distinct from `--check`'s 1 for "has changes". */
const INVALID = 3;

function invalid(problems: string[], io: Output): number {
  problems.forEach((p) => io.err(p));
  io.err(`${problems.length} problem(s): nothing written`);
  return INVALID;
}

function runImport(args: string[], io: Output): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      prune: { type: 'boolean' },
      check: { type: 'boolean' },
      namespaced: { type: 'boolean' },
      project: { type: 'string', default: '.' },
    },
  });
  if (positionals.length !== 1) throw new Error(USAGE);
  if (!values.target) {
    throw new Error(
      `import needs --target DIR: the package directory whose customMetadata folder the records go to (this project's configuration is in demo)\n${USAGE}`,
    );
  }
  if (!existsSync(resolve(values.project, 'sfdx-project.json'))) {
    throw new Error(
      `import checks the file in the SFDX project of --project (default: here), and ${resolve(values.project)} has no sfdx-project.json\n${USAGE}`,
    );
  }
  const text = readFileSync(positionals[0], 'utf8');
  const checked = appProblems(text, values.project);
  if (checked.length) return invalid(checked, io);
  // what the app accepts, the records must hold too (and the target's files must be readable)
  const result = importConfig(text, values.target, values);
  if (result.problems.length) return invalid(result.problems, io);
  const lines = [
    ...result.created.flatMap((c) => describe('created', c)),
    ...result.changed.flatMap((c) => describe('changed', c)),
    ...result.removed.flatMap((c) => describe('removed', c)),
    ...result.kept.map((c) => `kept ${c.record} (${c.file}): not in the file; --prune removes it`),
  ];
  lines.forEach((line) => io.out(line));
  const changes = result.created.length + result.changed.length + result.removed.length;
  io.out(
    `${result.created.length} created, ${result.changed.length} changed, ` +
      `${result.removed.length} removed, ${result.unchanged} unchanged` +
      (values.check ? ' (check: nothing written)' : ''),
  );
  return values.check && changes ? 1 : 0;
}

/**
 * Runs one command.
 * @param argv the arguments after `npm run config --`
 * @returns the exit code
 */
export function main(argv: string[], io: Output = CONSOLE): number {
  const [command, ...args] = argv;
  try {
    if (command === 'export') return runExport(args, io);
    if (command === 'import') return runImport(args, io);
    io.err(USAGE);
  } catch (e) {
    io.err((e as Error).message);
  }
  return 2;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv.slice(2));
}
