/**
 * Org editions and org-wide async limits end to end on the `fixtures/harsh` Apex, with
 * `AsyncInfo` and `AsyncOptions`, each following the Apex Developer Guide section it names.
 */
import { test } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { apex, harshOrg, HARSH_PROJECT, logs, runAndDrain } from './harness';
import { main, parseEdition } from '../../src/cli/main';
import type { OrgEdition } from '../../src/platform/async/index';

const links = (org: ReturnType<typeof harshOrg>) => logs(org).filter((l) => l.startsWith('link'));

// Apex Developer Guide, "Queueable Apex": "For Developer Edition and Trial organizations, the
// maximum stack depth for chained jobs is 5"; no limit is enforced on the depth otherwise.
for (const edition of ['developer', 'trial', 'scratch'] as OrgEdition[]) {
  test(`a ${edition} org refuses the sixth enqueue of a chain: Maximum stack depth has been reached.`, () => {
    const org = harshOrg({ edition });
    const drained = runAndDrain(org, 'System.enqueueJob(new ChainLink(1));');
    assert.deepEqual(drained.errors, []);
    assert.deepEqual(logs(org), [
      'link 1: 1 false null',
      'link 2: 2 false null',
      'link 3: 3 false null',
      'link 4: 4 false null',
      'link 5: 5 false null',
      'refused: Maximum stack depth has been reached.',
    ]);
  });
}

for (const edition of ['production', 'sandbox', undefined] as (OrgEdition | undefined)[]) {
  test(`a ${edition ?? 'default (production)'} org does not limit the depth of a chain`, () => {
    const org = harshOrg({ edition });
    runAndDrain(org, 'System.enqueueJob(new ChainLink(1));');
    assert.equal(links(org).length, 10);
    assert.equal(links(org)[9], 'link 10: 10 false null');
  });
}

// Apex Developer Guide, "Transaction Finalizers": a job enqueued from a finalizer starts a new
// chain, so a chain that continues from its finalizers is not stopped at depth 5.
test('a chain that continues from its finalizers runs past depth 5 in a developer org', () => {
  const org = harshOrg({ edition: 'developer' });
  const drained = runAndDrain(org, 'System.enqueueJob(new RelayLink(1));');
  assert.deepEqual(drained.errors, []);
  assert.deepEqual(logs(org), [
    'relay 1: 1',
    'relay 2: 1',
    'relay 3: 1',
    'relay 4: 1',
    'relay 5: 1',
    'relay 6: 1',
    'relay 7: 1',
    'relay 8: 1',
  ]);
});

// Apex Developer Guide, "Queueable Apex" → "Setting Maximum Stack Depth of Chained Queueable
// Jobs"; Apex Reference, "AsyncOptions Class" and "AsyncInfo Class".
test('AsyncOptions.MaximumQueueableStackDepth stops a chain where it says, in any edition', () => {
  const org = harshOrg();
  runAndDrain(
    org,
    'AsyncOptions o = new AsyncOptions(); o.MaximumQueueableStackDepth = 3; System.enqueueJob(new ChainLink(1), o);',
  );
  assert.deepEqual(logs(org), [
    'link 1: 1 true 3',
    'link 2: 2 true 3',
    'link 3: 3 true 3',
    'refused: Maximum stack depth has been reached.',
  ]);
});

test('AsyncOptions.MaximumQueueableStackDepth overrides the developer edition default of 5', () => {
  const org = harshOrg({ edition: 'developer' });
  runAndDrain(
    org,
    'AsyncOptions o = new AsyncOptions(); o.MaximumQueueableStackDepth = 7; System.enqueueJob(new ChainLink(1), o);',
  );
  assert.equal(links(org).length, 7);
  assert.equal(logs(org).at(-1), 'refused: Maximum stack depth has been reached.');
});

// Apex Developer Guide, "Detecting Duplicate Queueable Jobs".
test('a second job with the same DuplicateSignature is refused while the first is queued', () => {
  const org = harshOrg();
  assert.deepEqual(
    apex(
      org,
      `System.debug(Note.enqueue('a', Note.signed('k')));
       System.debug(Note.enqueue('b', Note.signed('k')));
       System.debug(Note.enqueue('c', Note.signed('other')));`,
    ),
    [
      'queued',
      'System.DuplicateMessageException: Attempt to enqueue job with duplicate queueable signature',
      'queued',
    ],
  );
  org.async().drain();
  assert.deepEqual(
    apex(org, "System.debug(Note.enqueue('d', Note.signed('k')));"),
    ['queued'],
    'once the first job ran the signature is free',
  );
});

test('AsyncOptions.MinimumQueueableDelayInMinutes delays the job', () => {
  const org = harshOrg();
  apex(
    org,
    "AsyncOptions o = new AsyncOptions(); o.MinimumQueueableDelayInMinutes = 2; System.enqueueJob(new Note('later'), o);",
  );
  org.async().drain({ until: org.clock.now() + 60_000 });
  assert.deepEqual(logs(org), [], 'not after one minute');
  org.async().drain({ until: org.clock.now() + 60_000 });
  assert.deepEqual(logs(org), ['note: later 2'], 'AsyncInfo tells the job its delay');
});

// Apex Developer Guide, "Execution Governors and Limits" → "Lightning Platform Apex Limits": the
// maximum number of asynchronous Apex method executions per 24-hour period.
test('the 24-hour async execution allowance refuses enqueues once used up, then frees up', () => {
  const org = harshOrg({ dailyAsyncExecutions: 2 });
  runAndDrain(org, "System.enqueueJob(new Note('1')); System.enqueueJob(new Note('2'));");
  assert.deepEqual(apex(org, "System.debug(Note.enqueue('3'));"), [
    'System.AsyncException: Rate Limiting Exception : AsyncApexExecutions Limit exceeded.',
  ]);
  org.clock.set(org.clock.now() + 24 * 60 * 60 * 1000);
  assert.deepEqual(apex(org, "System.debug(Note.enqueue('4'));"), ['queued']);
});

test('the allowance is 250,000 or 200 per user licence, whichever is greater', () => {
  assert.equal(harshOrg().async().orgLimits.dailyAsyncExecutions, 250_000);
  assert.equal(harshOrg({ userLicences: 2000 }).async().orgLimits.dailyAsyncExecutions, 400_000);
});

// Apex Developer Guide, "Execution Governors and Limits" → "Lightning Platform Apex Limits": 5
// queued or active batch jobs, 100 Holding jobs in the flex queue, 100 scheduled Apex jobs.
test('the 106th batch job of a transaction is refused: 5 active plus 100 in the flex queue', () => {
  const org = harshOrg();
  const [line] = apex(
    org,
    `Integer queued = 0;
     try {
       for (Integer i = 0; i < 106; i++) { Database.executeBatch(new QuietItemBatch()); queued++; }
     } catch (AsyncException e) { System.debug(queued + ' ' + e.getMessage()); }`,
  );
  assert.match(line, /^105 You've exceeded the limit of 100 jobs in the flex queue for org /);
});

test('the 101st scheduled Apex job is refused', () => {
  const org = harshOrg();
  assert.deepEqual(
    apex(
      org,
      `Integer scheduled = 0;
       try {
         for (Integer i = 0; i < 101; i++) { System.schedule('tick ' + i, '0 0 13 * * ?', new Tick()); scheduled++; }
       } catch (AsyncException e) { System.debug(scheduled + ' ' + e.getMessage()); }`,
    ),
    ['100 You have exceeded the maximum number (100) of Apex scheduled jobs.'],
  );
});

test('localorg run --edition developer --drain runs a chain in a developer edition org', () => {
  const script = join(mkdtempSync(join(tmpdir(), 'harsh-')), 'chain.apex');
  writeFileSync(script, 'System.enqueueJob(new ChainLink(1));');
  const out: string[] = [];
  const argv = ['run', script, '--project', HARSH_PROJECT, '--drain'];
  assert.equal(
    main([...argv, '--edition', 'developer'], (s) => out.push(s)),
    0,
    out.join('\n'),
  );
  assert.match(out.join('\n'), /refused: Maximum stack depth has been reached\./);
  assert.equal(
    main([...argv, '--edition', 'enterprise'], (s) => out.push(s)),
    2,
  );
  assert.match(out.at(-1) ?? '', /--edition must be one of production, sandbox/);
  assert.equal(parseEdition(['trial']), 'trial');
});
