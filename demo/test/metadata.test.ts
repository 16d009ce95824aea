/**
 * The demo's metadata deploys to a real org: the Salesforce CLI's converter (`@salesforce/source-deploy-retrieve`) converts `demo` to Metadata API
 * format without an org, with its objects, fields, Named and External Credential, permission set
 * and sync configuration, and leaves the demo API, the data and the tests out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertSource, manifestMembers } from '../../scripts/package';

test('sf project convert source turns demo into Metadata API format', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'conduit-demo-mdapi-')), 'mdapi');
  await convertSource('demo', out);
  const members = (type: string) => manifestMembers(out, type);
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
