/**
 * A scheduled job outside Apex test context fires when the org's manual clock reaches its
 * cron time, not before, and is rescheduled for its next fire time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apex, query } from '../../src/harness';
import { asyncOrg, START } from './integration';

const MINUTE = 60_000;
/** 10:30:00 GMT on the start day (the running user's time zone is GMT). */
const FIRE = START + 90 * MINUTE;

test('a scheduled job fires when the clock reaches its cron time and not before', () => {
  const org = asyncOrg();
  const [triggerId] = apex(
    org,
    "System.debug(System.schedule('Nightly', '0 30 10 * * ?', new Nightly()));",
  );
  const [trigger] = query(
    org,
    `SELECT State, NextFireTime, CronExpression, TimesTriggered FROM CronTrigger WHERE Id = '${triggerId}'`,
  );
  assert.equal(trigger.fields.get('state'), 'WAITING');
  assert.equal(trigger.fields.get('cronexpression'), '0 30 10 * * ?');
  assert.equal(org.async().pending()[0]?.due, FIRE, 'due at 10:30 GMT');

  // one second before: nothing fires
  const early = org.async().drain({ until: FIRE - 1000 });
  assert.equal(early.ran, 0);
  assert.equal(query(org, "SELECT Id FROM Log__c WHERE Name = 'nightly'").length, 0);

  // at 10:30:00 it fires, with the clock at its fire time
  const due = org.async().drain({ until: FIRE });
  assert.deepEqual(due.errors, []);
  assert.equal(due.ran, 1);
  const logs = query(org, "SELECT Message__c FROM Log__c WHERE Name = 'nightly'");
  assert.deepEqual(
    logs.map((r) => r.fields.get('message__c')),
    [String(FIRE)],
  );

  // the next run is tomorrow at 10:30
  const [after] = query(
    org,
    `SELECT State, TimesTriggered FROM CronTrigger WHERE Id = '${triggerId}'`,
  );
  assert.equal(Number(after.fields.get('timestriggered')), 1);
  assert.equal(after.fields.get('state'), 'WAITING');
  assert.deepEqual(
    org
      .async()
      .pending()
      .map((p) => p.due),
    [FIRE + 24 * 60 * MINUTE],
  );
});

test('the job fires once per cron time as the clock moves over several days', () => {
  const org = asyncOrg();
  apex(org, "System.schedule('Nightly', '0 30 10 * * ?', new Nightly());");
  org.async().drain({ until: FIRE + 3 * 24 * 60 * MINUTE - 1 });
  const fired = query(org, "SELECT Message__c FROM Log__c WHERE Name = 'nightly' ORDER BY Id");
  assert.deepEqual(
    fired.map((r) => Number(r.fields.get('message__c'))),
    [FIRE, FIRE + 24 * 60 * MINUTE, FIRE + 48 * 60 * MINUTE],
  );
});

test('System.abortJob stops a scheduled job before it fires', () => {
  const org = asyncOrg();
  const [triggerId] = apex(
    org,
    "System.debug(System.schedule('Nightly', '0 30 10 * * ?', new Nightly()));",
  );
  apex(org, `System.abortJob('${triggerId}');`);
  org.async().drain({ until: FIRE + MINUTE });
  assert.equal(query(org, "SELECT Id FROM Log__c WHERE Name = 'nightly'").length, 0);
});
