/**
 * Polling finer than 15 minutes: with `Conduit_Setting__mdt.Dispatch_Every_Minutes__c` = 1, the
 * dispatcher looks every minute through one self-rescheduling, one-off scheduled job
 * (`DispatcherTicks`), and an import scheduled every minute runs every minute — while the org
 * never holds more than one tick among its scheduled jobs, and the quarter-hour jobs, which keep
 * the ticks going, start nothing themselves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import {
  apex,
  apiForFile,
  field,
  invoicesApi,
  localOrg,
  query,
  registerInvoiceImport,
} from './harness';

const api = apiForFile(() => invoicesApi(5));

test('an import scheduled every minute runs every minute when the dispatcher looks every minute', () => {
  const org = localOrg(api());
  org.data().registerCustomMetadata([
    {
      type: 'Conduit_Setting__mdt',
      developerName: 'Default',
      fields: { Dispatch_Every_Minutes__c: new Decimal(1) },
    },
  ]);
  registerInvoiceImport(org, 'Invoices', 10, null, { Schedule__c: '0 * * * * ?' });
  org.clock.advance(12 * 60_000);
  apex(org, 'ConduitJobs.ensureScheduled();');

  // 09:12 to 09:17: five ticks, and the quarter-hour job at 09:15
  const drained = org.async().drain({ until: org.clock.now() + 5 * 60_000 });

  assert.deepEqual(drained.errors, [], 'no job failed');
  const runs = query(
    org,
    "SELECT Status__c FROM Sync_Run__c WHERE Option__c = 'Invoices' AND Trigger_Source__c = 'Schedule'",
  );
  assert.equal(runs.length, 5, 'one run a minute, none twice');
  assert.ok(
    runs.every((r) => field(r, 'Status__c') === 'Succeeded'),
    'each run ended before the next look',
  );
  const ticks = drained.log.filter((item) =>
    item.label.startsWith('Scheduled Conduit dispatcher tick'),
  );
  assert.equal(ticks.length, 5, 'one scheduled execution a minute: 1,440 a day');
  const scheduled = query(
    org,
    "SELECT Id FROM CronTrigger WHERE CronJobDetail.Name LIKE 'Conduit dispatcher tick %' AND State != 'DELETED'",
  );
  assert.equal(scheduled.length, 1, 'one tick scheduled at a time');
});
