import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApexDatetime,
  ApexList,
  NativeObject,
  typeRef,
  type Value,
} from '../../src/runtime/values';
import { CronSchedule } from '../../src/platform/async/cron';
import { apexError, apexObject, FakeOrg } from './harness';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function fires(expr: string, from: number, n = 3, tz = 'GMT'): (string | null)[] {
  const s = CronSchedule.parse(expr, tz);
  const out: (string | null)[] = [];
  let t = from;
  for (let i = 0; i < n; i++) {
    const next = s.nextFireAfter(t);
    out.push(iso(next));
    if (next === null) break;
    t = next;
  }
  return out;
}

const JAN1 = Date.UTC(2026, 0, 1); // a Thursday

test('cron: every day at 13:00 ("0 0 13 * * ?")', () => {
  assert.deepEqual(fires('0 0 13 * * ?', JAN1), [
    '2026-01-01T13:00:00.000Z',
    '2026-01-02T13:00:00.000Z',
    '2026-01-03T13:00:00.000Z',
  ]);
});

test('cron: day-of-week 1-7 is SUN-SAT (2 = Monday)', () => {
  assert.deepEqual(fires('0 0 8 ? * 2', JAN1, 2), [
    '2026-01-05T08:00:00.000Z',
    '2026-01-12T08:00:00.000Z',
  ]);
  assert.deepEqual(fires('0 0 8 ? * 1', JAN1, 1), ['2026-01-04T08:00:00.000Z']);
});

test('cron: names and ranges (MON-FRI, JAN-MAR)', () => {
  assert.deepEqual(fires('0 0 8 ? * MON-FRI', JAN1, 3), [
    '2026-01-01T08:00:00.000Z',
    '2026-01-02T08:00:00.000Z',
    '2026-01-05T08:00:00.000Z',
  ]);
  assert.deepEqual(fires('0 30 9 1 JAN-MAR ?', JAN1, 4), [
    '2026-01-01T09:30:00.000Z',
    '2026-02-01T09:30:00.000Z',
    '2026-03-01T09:30:00.000Z',
    '2027-01-01T09:30:00.000Z',
  ]);
});

test('cron: L (last day of month, last Friday) and W (nearest weekday)', () => {
  assert.deepEqual(fires('0 0 8 L * ?', JAN1, 2), [
    '2026-01-31T08:00:00.000Z',
    '2026-02-28T08:00:00.000Z',
  ]);
  assert.deepEqual(fires('0 0 8 ? * 6L', JAN1, 2), [
    '2026-01-30T08:00:00.000Z',
    '2026-02-27T08:00:00.000Z',
  ]);
  // 15 Feb 2026 is a Sunday: the nearest weekday is Monday the 16th.
  assert.deepEqual(fires('0 0 8 15W * ?', JAN1, 2), [
    '2026-01-15T08:00:00.000Z',
    '2026-02-16T08:00:00.000Z',
  ]);
});

test('cron: # (third Friday of the month)', () => {
  assert.deepEqual(fires('0 0 8 ? * 6#3', JAN1, 2), [
    '2026-01-16T08:00:00.000Z',
    '2026-02-20T08:00:00.000Z',
  ]);
});

test('cron: lists, increments and start/step in hours', () => {
  assert.deepEqual(fires('0 0 0/8 * * ?', JAN1, 4), [
    '2026-01-01T08:00:00.000Z',
    '2026-01-01T16:00:00.000Z',
    '2026-01-02T00:00:00.000Z',
    '2026-01-02T08:00:00.000Z',
  ]);
  assert.deepEqual(fires('0 15 6,18 * * ?', JAN1, 2), [
    '2026-01-01T06:15:00.000Z',
    '2026-01-01T18:15:00.000Z',
  ]);
});

test('cron: the optional year field bounds the schedule', () => {
  assert.deepEqual(fires('0 0 0 15 3 ? 2042', JAN1), ['2042-03-15T00:00:00.000Z', null]);
});

test('cron: the schedule follows the running user time zone', () => {
  assert.deepEqual(fires('0 0 13 * * ?', JAN1, 1, 'America/Los_Angeles'), [
    '2026-01-01T21:00:00.000Z',
  ]);
});

test('cron: invalid expressions raise System.StringException with Quartz messages', () => {
  const cases: [string, string][] = [
    ['0 0 13 * *', 'Unexpected end of expression.'],
    [
      '0 0 13 * * *',
      'Support for specifying both a day-of-week AND a day-of-month parameter is not implemented.',
    ],
    ['0 0 13 ? * ?', "'?' can only be specfied for Day-of-Month -OR- Day-of-Week."],
    ['0 0 25 * * ?', 'Hour values must be between 0 and 23'],
    ['0 61 1 * * ?', 'Minute and Second values must be between 0 and 59'],
    ['0 0 1 * 13 ?', 'Month values must be between 1 and 12'],
    ['0 0 1 ? * 8', 'Day-of-Week values must be between 1 and 7'],
    ['0 */5 * * * ?', 'Seconds and minutes must be specified as integers: 0 */5 * * * ?'],
    ['0 0 ? * * 1', "'?' can only be specfied for Day-of-Month or Day-of-Week."],
  ];
  for (const [expr, message] of cases) {
    assert.throws(
      () => CronSchedule.parse(expr),
      apexError('System.StringException', message),
      expr,
    );
  }
});

function schedulable(org: FakeOrg, name = 'Nightly') {
  return apexObject(name, ['Schedulable'], {
    execute: (_self, args) => {
      org.log.push(`fired ${String(org.m(args[0] as NativeObject, 'getTriggerId'))}`);
      org.insert('scheduled row');
      return null;
    },
  });
}

test('System.schedule returns a CronTrigger Id (08e) with the documented CronTrigger row', () => {
  const org = new FakeOrg();
  const id = org.run(() =>
    org.call('System', 'schedule', [
      'ScheduleApexClassTest',
      '0 0 0 15 3 ? 2042',
      schedulable(org),
    ]),
  ) as string;
  assert.match(id, /^08e/);
  const row = org.svc.cronTriggers()[0];
  assert.equal(row.fields.get('id'), id);
  assert.equal(row.fields.get('cronexpression'), '0 0 0 15 3 ? 2042');
  assert.equal(row.fields.get('timestriggered'), 0);
  assert.equal(row.fields.get('state'), 'WAITING');
  assert.equal(
    iso((row.fields.get('nextfiretime') as ApexDatetime).epochMs),
    '2042-03-15T00:00:00.000Z',
  );
  const detail = row.fields.get('cronjobdetail') as { fields: Map<string, Value> };
  assert.equal(detail.fields.get('name'), 'ScheduleApexClassTest');
  assert.equal(detail.fields.get('jobtype'), '7');
});

test('a scheduled job fires when the clock reaches it, then re-arms for the next time', () => {
  const org = new FakeOrg();
  const id = org.run(() =>
    org.call('System', 'schedule', ['Hourly', '0 0 * * * ?', schedulable(org)]),
  ) as string;
  assert.equal(org.svc.drain().ran, 0);
  org.svc.drain({ until: JAN1 + 2 * 3_600_000 });
  assert.deepEqual(org.log, [`fired ${id}`, `fired ${id}`]);
  const trigger = org.svc.cronTrigger(id)!;
  assert.equal(trigger.timesTriggered, 2);
  assert.equal(iso(trigger.previousFireTime), '2026-01-01T02:00:00.000Z');
  assert.equal(iso(trigger.nextFireTime), '2026-01-01T03:00:00.000Z');
  assert.equal(org.svc.drain({ until: JAN1 + 3 * 3_600_000 }).ran, 1);
});

test('a one-off schedule fires once and its trigger is then deleted', () => {
  const org = new FakeOrg();
  const id = org.run(() =>
    org.call('System', 'schedule', ['Once', '0 0 12 1 1 ? 2026', schedulable(org)]),
  ) as string;
  org.svc.drain({ until: JAN1 + 86_400_000 });
  assert.equal(org.log.length, 1);
  assert.equal(org.svc.cronTrigger(id)?.state, 'DELETED');
  assert.equal(org.svc.cronTrigger(id)?.nextFireTime, null);
});

test('scheduling a second job with the same name throws the documented AsyncException', () => {
  const org = new FakeOrg();
  org.run(() => {
    org.call('System', 'schedule', ['Nightly sync', '0 0 1 * * ?', schedulable(org)]);
    assert.throws(
      () => org.call('System', 'schedule', ['Nightly sync', '0 0 2 * * ?', schedulable(org)]),
      apexError(
        'System.AsyncException',
        'The Apex job named "Nightly sync" is already scheduled for execution.',
      ),
    );
  });
});

test('System.abortJob on a CronTrigger deletes it and frees its name', () => {
  const org = new FakeOrg();
  const id = org.run(() =>
    org.call('System', 'schedule', ['Nightly', '0 0 1 * * ?', schedulable(org)]),
  ) as string;
  org.run(() => org.call('System', 'abortJob', [id]));
  assert.equal(org.svc.cronTrigger(id)?.state, 'DELETED');
  org.svc.drain({ until: JAN1 + 2 * 86_400_000 });
  assert.deepEqual(org.log, []);
  org.run(() => org.call('System', 'schedule', ['Nightly', '0 0 1 * * ?', schedulable(org)]));
});

test('a schedule that can never fire throws the documented AsyncException', () => {
  const org = new FakeOrg();
  org.run(() =>
    assert.throws(
      () => org.call('System', 'schedule', ['Past', '0 0 0 1 1 ? 2020', schedulable(org)]),
      apexError(
        'System.AsyncException',
        "Based on configured schedule, the given trigger 'SCHEDULED_APEX_JOB_TYPE.000000000000000' will never fire.",
      ),
    ),
  );
});

test('SchedulableContext.getTriggerId() and System.isScheduled()', () => {
  const org = new FakeOrg();
  const seen: Value[] = [];
  const job = apexObject('Probe', ['Schedulable'], {
    execute: (_s, args) => (
      seen.push(org.m(args[0] as NativeObject, 'getTriggerId'), org.call('System', 'isScheduled')),
      null
    ),
  });
  const id = org.run(() => org.call('System', 'schedule', ['Probe', '0 0 1 * * ?', job]));
  org.svc.drain({ until: JAN1 + 86_400_000 });
  assert.deepEqual(seen, [id, true]);
});

test('in an Apex test, a scheduled job runs once at stopTest whatever its cron time', () => {
  const org = new FakeOrg();
  org.apexTest((stopTest) => {
    const id = org.call('System', 'schedule', ['T', '0 0 0 15 3 ? 2042', schedulable(org)]);
    assert.equal(org.svc.cronTrigger(String(id))?.timesTriggered, 0);
    stopTest();
    assert.deepEqual(org.log, [`fired ${String(id)}`]);
    // the run at stopTest is outside the schedule: the trigger has not fired
    assert.equal(org.svc.cronTrigger(String(id))?.timesTriggered, 0);
    assert.equal(org.svc.cronTrigger(String(id))?.previousFireTime, null);
  });
});

test('System.scheduleBatch submits the batch when the trigger fires', () => {
  const org = new FakeOrg();
  const b = apexObject('LaterBatch', ['Database.Batchable'], {
    start: () => new ApexList(typeRef('Integer'), [1, 2]),
    execute: () => (org.log.push('execute'), null),
    finish: () => (org.log.push('finish'), null),
  });
  const id = org.run(() => org.call('System', 'scheduleBatch', [b, 'Later', 10])) as string;
  assert.match(id, /^08e/);
  org.svc.drain({ until: JAN1 + 9 * 60_000 });
  assert.deepEqual(org.log, []);
  org.svc.drain({ until: JAN1 + 10 * 60_000 });
  assert.deepEqual(org.log, ['execute', 'finish']);
  assert.equal(org.svc.cronTrigger(id)?.state, 'DELETED');
});

test('a scheduled job that aborts its own trigger does not fire again', () => {
  const org = new FakeOrg();
  let runs = 0;
  const job = apexObject('SelfAborting', ['Schedulable'], {
    execute: (_s, args) => {
      runs++;
      org.call('System', 'abortJob', [org.m(args[0] as NativeObject, 'getTriggerId')]);
      return null;
    },
  });
  const id = org.run(() => org.call('System', 'schedule', ['Once', '0 0 * * * ?', job])) as string;
  org.svc.drain({ until: JAN1 + 5 * 3_600_000 });
  assert.equal(runs, 1);
  assert.equal(org.svc.cronTrigger(id)?.state, 'DELETED');
  assert.equal(org.svc.job(org.svc.cronTrigger(id)!.jobId)?.status, 'Aborted');
  org.run(() => org.call('System', 'schedule', ['Once', '0 0 * * * ?', job]));
});
