/**
 * A three-Queueable chain with callouts runs to completion outside Apex test context: each
 * step its own transaction, each calling a local HTTP API through a Named Credential and
 * enqueuing the next. In an Apex test the platform stops the chain at the first enqueue.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apex, LocalApi, query } from '../../src/harness';
import { asyncOrg } from './integration';

let api: LocalApi;

before(async () => {
  api = await LocalApi.start(`
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('page ' + url.pathname.split('/').pop());
  `);
});

after(() => api.stop());

test('a three-Queueable chain with callouts completes, one transaction per step', async () => {
  const org = asyncOrg({ Local_API: api.baseUrl });
  apex(org, 'System.enqueueJob(new ChainStep(1));');
  assert.equal(org.async().pending().length, 1, 'only the first step is queued');
  assert.deepEqual(await api.requests(), [], 'no callout before the job runs');

  const drained = org.async().drain({ until: org.clock.now() + 60_000 });
  assert.deepEqual(drained.errors, []);
  assert.equal(drained.ran, 3, 'three jobs ran');

  assert.deepEqual(await api.requests(), ['GET /pages/1', 'GET /pages/2', 'GET /pages/3']);
  const logs = query(org, 'SELECT Name, Message__c FROM Log__c ORDER BY Name');
  assert.deepEqual(
    logs.map((r) => `${String(r.fields.get('name'))}: ${String(r.fields.get('message__c'))}`),
    ['step 1: 200 page 1', 'step 2: 200 page 2', 'step 3: 200 page 3'],
  );
  const jobs = query(
    org,
    "SELECT Status, JobType FROM AsyncApexJob WHERE ApexClass.Name = 'ChainStep'",
  );
  assert.equal(jobs.length, 3, 'three AsyncApexJob rows');
  for (const job of jobs) {
    assert.equal(job.fields.get('status'), 'Completed');
    assert.equal(job.fields.get('jobtype'), 'Queueable');
  }
});

test('a chain step that fails its callout stops the chain and records the failure', async () => {
  const org = asyncOrg({}); // Local_API is mapped to no local URL: the callout cannot go anywhere
  apex(org, 'System.enqueueJob(new ChainStep(1));');
  const drained = org.async().drain({ until: org.clock.now() + 60_000 });
  assert.equal(drained.ran, 1, 'no next step was enqueued');
  assert.equal(drained.errors.length, 1);
  assert.equal(query(org, 'SELECT Id FROM Log__c').length, 0, 'the step rolled back');
  const [job] = query(org, 'SELECT Status, ExtendedStatus FROM AsyncApexJob');
  assert.equal(job.fields.get('status'), 'Failed');
});
