/**
 * The local app keeps configuration deployed from Apex across restarts: a deployment's records
 * are saved to a file once it succeeded, and a new org of the project gets them back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalOrg, type LocalOrg } from '../../src/index';
import { KeptDeployments } from '../../src/app/kept-deployments';

const PROJECT = fileURLToPath(new URL('../fixtures/data', import.meta.url));

const newOrg = () => createLocalOrg({ projectDir: PROJECT, cache: false });

/** Deploys one Sync_Option record from anonymous Apex, as the app's controllers do. */
function deploy(local: LocalOrg, name: string, fields: Record<string, string>): void {
  const values = Object.entries(fields)
    .map(
      ([field, value]) =>
        `v = new Metadata.CustomMetadataValue(); v.field = '${field}'; v.value = ${value}; md.values.add(v);`,
    )
    .join('\n');
  const run = local.org.runAnonymous(`
    Metadata.CustomMetadata md = new Metadata.CustomMetadata();
    md.fullName = 'Sync_Option.${name}';
    md.label = '${name} label';
    Metadata.CustomMetadataValue v;
    ${values}
    Metadata.DeployContainer container = new Metadata.DeployContainer();
    container.addMetadata(md);
    Metadata.Operations.enqueueDeployment(container, null);`);
  assert.equal(run.error, null, JSON.stringify(run.error));
}

function option(local: LocalOrg, name: string): string[] {
  const run = local.org.runAnonymous(
    `for (Sync_Option__mdt o : [SELECT MasterLabel, Endpoint__c, Batch_Size__c, Active__c FROM Sync_Option__mdt WHERE DeveloperName = '${name}']) { System.debug(o.MasterLabel + ' ' + o.Endpoint__c + ' ' + o.Batch_Size__c + ' ' + o.Active__c); }`,
  );
  assert.equal(run.error, null, JSON.stringify(run.error));
  return run.debug.map((line) => line.message);
}

test('records deployed in one org are deployed again in the next one; failed deployments are not kept', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'localorg-kept-')), 'state', 'deployments.json');
  const first = newOrg();
  const kept = new KeptDeployments(file);
  assert.equal(kept.restore(first), 0, 'nothing kept yet');
  deploy(first, 'Kept', {
    Endpoint__c: "'callout:A/one'",
    Batch_Size__c: '25.5',
    Active__c: 'true',
  });
  assert.equal(kept.save(first), 0, 'a deployment still pending is not kept yet');
  first.async().drain();
  assert.equal(kept.save(first), 1);
  deploy(first, 'Kept', { Endpoint__c: "'callout:A/two'", Batch_Size__c: '10.5' });
  deploy(first, 'Broken', { Colour__c: "'red'" });
  first.async().drain();
  assert.equal(kept.save(first), 1, 'the failed deployment adds nothing');
  assert.equal(kept.save(first), 0, 'each deployment once');
  assert.deepEqual(
    kept.records().map((r) => r.developerName),
    ['Kept'],
    'one record, as last deployed',
  );

  const second = newOrg();
  assert.deepEqual(option(second, 'Kept'), [], 'a new org starts from the project');
  assert.equal(new KeptDeployments(file).restore(second), 1);
  assert.deepEqual(option(second, 'Kept'), ['Kept label callout:A/two 10.5 false']);
  assert.deepEqual(option(second, 'Invoices').length, 1, "the project's own records stay");
});

test('a kept record the project no longer accepts stops the start, naming the file', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'localorg-kept-')), 'deployments.json');
  const kept = new KeptDeployments(file);
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      records: [
        {
          type: 'Sync_Option__mdt',
          developerName: 'Old',
          label: null,
          protected: false,
          values: [{ field: 'Colour__c', value: 'red' }],
        },
      ],
    }),
  );
  assert.throws(
    () => kept.restore(newOrg()),
    /deployments\.json: kept records the project no longer accepts \(delete the file to start from the project\): Sync_Option\.Old: /,
  );
  assert.ok(existsSync(file) && readFileSync(file, 'utf8').includes('Colour__c'), 'left as it was');
});
