/**
 * The command-line tool and the package's Apex read the same format: records written by
 * `importConfig` are loaded by `ConfigSelector` in localorg, and `SyncConfigJson` writes the
 * JSON `exportConfig` wrote and reads it without a problem.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLocalOrg } from 'localorg';
import { exportConfig, importConfig, type ConfigJson } from '../config/index';

/** An Apex string literal. */
function apexString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** The same configuration whatever the order its lists come in (the file's is by name). */
function sorted(config: ConfigJson): ConfigJson {
  const byName = (a: { name?: unknown }, b: { name?: unknown }) =>
    String(a.name).localeCompare(String(b.name));
  return {
    ...config,
    plans: [...config.plans].sort(byName),
    options: [...config.options].sort(byName),
    quotas: [...config.quotas].sort(byName),
  };
}

test('ConfigSelector and SyncConfigJson read what the command-line tool writes', () => {
  const project = mkdtempSync(join(tmpdir(), 'conduit-config-apex-'));
  symlinkSync(resolve('force-app'), join(project, 'force-app'));
  writeFileSync(
    join(project, 'sfdx-project.json'),
    JSON.stringify({
      packageDirectories: [{ path: 'force-app', default: true }, { path: 'config' }],
      namespace: 'conduit',
      sourceApiVersion: '67.0',
    }),
  );
  const fixture = readFileSync('scripts/test/fixtures/config/config.json', 'utf8');
  assert.deepEqual(importConfig(fixture, join(project, 'config')).problems, []);
  const cli = exportConfig([join(project, 'config')]);
  assert.deepEqual(cli.problems, []);

  // not type-checked at load (a temporary project has no stamps): bodies compile when called
  const { org } = createLocalOrg({ projectDir: project, cache: false, typecheck: false });
  const run = org.runAnonymous(`
    System.debug(SyncConfigJson.write(ConfigSelector.load()));
    SyncConfigJson.Result result = SyncConfigJson.read(${apexString(cli.text)});
    System.debug(JSON.serialize(result.problems));
    System.debug(SyncConfigJson.write(result.config));
  `);
  assert.equal(run.error, null, JSON.stringify(run.error));
  const [fromMetadata, problems, fromJson] = run.debug.map((line) => line.message);
  assert.deepEqual(
    sorted(JSON.parse(fromMetadata)),
    sorted(cli.config!),
    'ConfigSelector loads the records as the JSON says',
  );
  assert.deepEqual(JSON.parse(problems), [], 'SyncConfigJson reads the JSON without a problem');
  assert.deepEqual(sorted(JSON.parse(fromJson)), sorted(cli.config!), 'and writes it back');
});
