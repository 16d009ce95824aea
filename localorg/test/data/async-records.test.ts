import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GovernorLimits } from '../../src/platform/limits';
import { createDataService } from '../../src/platform/data/index';
import { to18 } from '../../src/runtime/ids';
import { ApexDatetime, ApexList, SObjectValue } from '../../src/runtime/values';
import { FIXTURE, noBinds } from './helpers';

function jobRow(id: string, status: string): SObjectValue {
  const row = new SObjectValue('AsyncApexJob');
  const cls = new SObjectValue('ApexClass');
  cls.fields.set('name', 'ImportJob');
  row.fields.set('id', id);
  row.fields.set('status', status);
  row.fields.set('jobtype', 'Queueable');
  row.fields.set('apexclass', cls);
  row.fields.set('numberoferrors', 0);
  row.fields.set('createddate', new ApexDatetime(0));
  return row;
}

test('SOQL on AsyncApexJob reads the async layer’s rows, with ApexClass.Name', () => {
  const limits = new GovernorLimits();
  const jobs = [jobRow(to18('707000000000001'), 'Queued')];
  const svc = createDataService({
    projectDir: FIXTURE,
    limits: () => limits,
    asyncRecords: () => ({
      asyncApexJobs: () => jobs,
      cronTriggers: () => [],
      cronJobDetails: () => [],
    }),
  });
  const q = (soql: string): SObjectValue[] =>
    (svc.query(soql, noBinds) as ApexList).items as SObjectValue[];
  let [job] = q('SELECT Status, ApexClass.Name FROM AsyncApexJob');
  assert.equal(job.fields.get('status'), 'Queued');
  assert.equal((job.fields.get('apexclass') as SObjectValue).fields.get('name'), 'ImportJob');
  jobs[0] = jobRow(jobs[0].fields.get('id') as string, 'Completed');
  [job] = q("SELECT Status FROM AsyncApexJob WHERE ApexClass.Name = 'ImportJob'");
  assert.equal(job.fields.get('status'), 'Completed', 'rows are refreshed at each query');
});
