/**
 * The demo's metadata deploys to a real org: the Salesforce CLI converts `demo` to Metadata API
 * format without an org, with its objects, fields, Named and External Credential, permission set
 * and sync configuration, and leaves the demo API, the data and the tests out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('sf project convert source turns demo into Metadata API format', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'conduit-demo-mdapi-')), 'mdapi');
  const convert = spawnSync(
    'npx',
    ['sf', 'project', 'convert', 'source', '--source-dir', 'demo', '--output-dir', out],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        SF_SKIP_NEW_VERSION_CHECK: 'true',
        SF_DISABLE_TELEMETRY: 'true',
        SF_AUTOUPDATE_DISABLE: 'true',
      },
    },
  );
  assert.equal(convert.status, 0, `${convert.stdout}${convert.stderr}`);
  const manifest = readFileSync(join(out, 'package.xml'), 'utf8');
  const members = (type: string) =>
    [...manifest.matchAll(/<types>([\s\S]*?)<\/types>/g)]
      .filter((m) => m[1].includes(`<name>${type}</name>`))
      .flatMap((m) => [...m[1].matchAll(/<members>([^<]+)<\/members>/g)].map((x) => x[1]));
  assert.deepEqual(members('CustomObject'), ['Invoice__c', 'Payment__c']);
  assert.ok(members('CustomField').includes('Account.External_Id__c'));
  assert.ok(members('CustomField').includes('Payment__c.Invoice__c'));
  assert.deepEqual(members('NamedCredential'), ['Demo_API']);
  assert.deepEqual(members('ExternalCredential'), ['Demo_API'], 'its authentication');
  assert.deepEqual(members('PermissionSet'), ['Conduit_Demo']);
  assert.ok(members('CustomMetadata').includes('Sync_Plan.Demo_Finance'));
  assert.ok(members('CustomMetadata').includes('Sync_Option.Demo_Payments'));
  assert.deepEqual(
    readdirSync(out).sort(),
    [
      'customMetadata',
      'externalCredentials',
      'namedCredentials',
      'objects',
      'package.xml',
      'permissionsets',
    ],
    'no TypeScript, data or tests',
  );
});
