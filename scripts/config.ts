/**
 * `npm run config`: Conduit's configuration JSON to and from custom metadata source files.
 *
 *   npm run config -- export [--out conduit-config.json] [--source DIR]...
 *   npm run config -- import conduit-config.json --target DIR [--prune] [--check] [--namespaced]
 *
 * Export reads the configuration records of the package directories (default: every one in
 * sfdx-project.json); import writes them, prints what it created, changed and removed, and with
 * `--check` writes nothing and exits 1 when anything would change. Exit codes: 0 done (or nothing
 * to change), 1 changes found by `--check`, 2 wrong usage, 3 the file is invalid (nothing written).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exportConfig, importConfig, type RecordChange } from './config/index';

const USAGE = `usage:
  npm run config -- export [--out FILE] [--source DIR]...
  npm run config -- import FILE --target DIR [--prune] [--check] [--namespaced]`;

function packageDirectories(): string[] {
  if (!existsSync('sfdx-project.json')) throw new Error('no sfdx-project.json here: name --source');
  const project = JSON.parse(readFileSync('sfdx-project.json', 'utf8')) as {
    packageDirectories?: { path: string }[];
  };
  return (project.packageDirectories ?? []).map((d) => d.path);
}

function runExport(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: { out: { type: 'string' }, source: { type: 'string', multiple: true } },
  });
  const result = exportConfig(values.source ?? packageDirectories());
  result.notices.forEach((n) => console.error(`notice: ${n}`));
  if (result.problems.length) {
    result.problems.forEach((p) => console.error(p));
    console.error(`${result.problems.length} problem(s): nothing written`);
    return INVALID;
  }
  if (!values.out) {
    process.stdout.write(result.text);
    return 0;
  }
  writeFileSync(values.out, result.text);
  const c = result.config!;
  console.log(
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

function runImport(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      prune: { type: 'boolean' },
      check: { type: 'boolean' },
      namespaced: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new Error(USAGE);
  if (!values.target) {
    throw new Error(
      `import needs --target DIR: the package directory whose customMetadata folder the records go to (this project's configuration is in demo)\n${USAGE}`,
    );
  }
  const result = importConfig(readFileSync(positionals[0], 'utf8'), values.target, values);
  if (result.problems.length) {
    result.problems.forEach((p) => console.error(p));
    console.error(`${result.problems.length} problem(s): nothing written`);
    return INVALID;
  }
  const lines = [
    ...result.created.flatMap((c) => describe('created', c)),
    ...result.changed.flatMap((c) => describe('changed', c)),
    ...result.removed.flatMap((c) => describe('removed', c)),
    ...result.kept.map((c) => `kept ${c.record} (${c.file}): not in the file; --prune removes it`),
  ];
  lines.forEach((line) => console.log(line));
  const changes = result.created.length + result.changed.length + result.removed.length;
  console.log(
    `${result.created.length} created, ${result.changed.length} changed, ` +
      `${result.removed.length} removed, ${result.unchanged} unchanged` +
      (values.check ? ' (check: nothing written)' : ''),
  );
  return values.check && changes ? 1 : 0;
}

function main(argv: string[]): number {
  const [command, ...args] = argv;
  if (command === 'export') return runExport(args);
  if (command === 'import') return runImport(args);
  console.error(USAGE);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 2;
}
