/**
 * The package's metadata is well-formed: the Salesforce CLI converts `force-app` to Metadata
 * API format without an org, and the TypeScript sources and Jest tests stay out of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SF_ENV = {
  ...process.env,
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  SF_DISABLE_TELEMETRY: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
};

test('sf project convert source turns force-app into Metadata API format', () => {
  const build = spawnSync('node', ['--import', 'tsx', 'scripts/build-lwc.ts'], {
    encoding: 'utf8',
  });
  assert.equal(build.status, 0, build.stderr);
  const out = join(mkdtempSync(join(tmpdir(), 'conduit-mdapi-')), 'mdapi');
  const convert = spawnSync(
    'npx',
    ['sf', 'project', 'convert', 'source', '--source-dir', 'force-app', '--output-dir', out],
    { encoding: 'utf8', env: SF_ENV },
  );
  assert.equal(convert.status, 0, `${convert.stdout}${convert.stderr}`);
  const manifest = readFileSync(join(out, 'package.xml'), 'utf8');
  assert.match(
    manifest,
    /<members>syncStatusBadge<\/members>\s*<name>LightningComponentBundle<\/name>/,
  );
  assert.ok(
    existsSync(join(out, 'lwc', 'syncStatusBadge', 'syncStatusBadge.js')),
    'compiled .js deployed',
  );
  assert.ok(!existsSync(join(out, 'lwc', 'syncStatusBadge', 'syncStatusBadge.ts')), '.ts left out');
  assert.ok(!existsSync(join(out, 'lwc', 'syncStatusBadge', '__tests__')), 'tests left out');
});
