/**
 * Fault injection (`LocalOrg.faults`) end to end on the `fixtures/harsh` Apex: each fault does
 * what the platform does, as the Apex Developer Guide section named in each test describes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apex, apexError, harshOrg, logs, query, runAndDrain } from './harness';

const ITEMS = `insert new List<Item__c>{
  new Item__c(Name = 'a', Number__c = 1), new Item__c(Name = 'b', Number__c = 2),
  new Item__c(Name = 'c', Number__c = 3), new Item__c(Name = 'd', Number__c = 4) };`;

function jobStatus(org: ReturnType<typeof harshOrg>, className: string): string {
  const [job] = query(
    org,
    `SELECT Status, ExtendedStatus FROM AsyncApexJob WHERE ApexClass.Name = '${className}'`,
  );
  return `${String(job.fields.get('status'))} ${String(job.fields.get('extendedstatus'))}`;
}

// Apex Developer Guide: "Execution Governors and Limits" (a LimitException cannot be caught and
// rolls the transaction back) and "Transaction Finalizers" (the finalizer runs with the
// exception, ParentJobResult.UNHANDLED_EXCEPTION).
test('a limit at a query kills the Queueable: its DML rolls back, the finalizer sees the LimitException', () => {
  const org = harshOrg();
  const fault = org.faults.at({ kind: 'query', object: 'Item__c', job: 'GuardedCall' }).limit();
  const drained = runAndDrain(org, 'System.enqueueJob(new GuardedCall());');
  assert.equal(fault.fired, 1);
  assert.deepEqual(
    logs(org),
    ['finalizer: UNHANDLED_EXCEPTION System.LimitException: Apex CPU time limit exceeded'],
    'the answer logged before the limit is rolled back; the finalizer runs after',
  );
  assert.deepEqual(
    drained.errors.map((e) => `${e.type}: ${e.message}`),
    ['System.LimitException: Apex CPU time limit exceeded'],
  );
  assert.equal(
    jobStatus(org, 'GuardedCall'),
    'Failed System.LimitException: Apex CPU time limit exceeded',
  );
});

test('a limit fault takes the message of the limit it stands for', () => {
  const org = harshOrg();
  org.faults.at({ kind: 'dml', object: 'Log__c' }).limit('Too many DML statements: 151');
  assert.equal(
    apexError(org, "try { Logs.add('x', 'y'); } catch (Exception e) { System.debug('caught'); }"),
    'System.LimitException: Too many DML statements: 151',
    'catch (Exception e) does not catch it',
  );
});

test('a limit at the commit of a Queueable rolls back everything it did', () => {
  const org = harshOrg();
  org.faults.at({ kind: 'commit', job: 'GuardedCall' }).limit();
  runAndDrain(org, 'System.enqueueJob(new GuardedCall());');
  assert.deepEqual(logs(org), [
    'finalizer: UNHANDLED_EXCEPTION System.LimitException: Apex CPU time limit exceeded',
  ]);
});

test('a limit at an event publish fails the publishing transaction', () => {
  const org = harshOrg();
  org.faults.at({ kind: 'publish', eventType: 'Ping__e' }).limit('Too many DML statements: 151');
  assert.equal(
    apexError(org, "Logs.add('before', 'publish'); EventBus.publish(new Ping__e(Key__c = 'a'));"),
    'System.LimitException: Too many DML statements: 151',
  );
  org.async().drain();
  assert.deepEqual(logs(org), [], 'the DML before the publish is rolled back, no event is sent');
});

// Apex Developer Guide: "Callout Limits and Limitations" (Read timed out) and "Invoking
// Callouts Using Apex" (HttpResponse.getStatusCode).
test('the second callout to /invoices times out; the first is answered', () => {
  const org = harshOrg();
  org.faults.at({ kind: 'callout', endpoint: /invoices/, nth: 2 }).timeout();
  runAndDrain(org, 'System.enqueueJob(new GuardedCall());');
  runAndDrain(org, 'System.enqueueJob(new GuardedCall());');
  assert.deepEqual(
    logs(org).filter((l) => !l.startsWith('finalizer') && !l.startsWith('items')),
    ['answer: 200 ok', 'callout failed: Read timed out'],
  );
});

test('a callout is answered with the chosen HTTP status', () => {
  const org = harshOrg();
  const fault = org.faults
    .at({ kind: 'callout', method: 'GET', times: Infinity })
    .status(503, 'busy');
  runAndDrain(org, 'System.enqueueJob(new GuardedCall()); System.enqueueJob(new GuardedCall());');
  assert.equal(fault.fired, 2);
  assert.deepEqual(
    logs(org).filter((l) => l.startsWith('answer')),
    ['answer: 503 busy', 'answer: 503 busy'],
  );
});

// Apex Developer Guide: "Locking Statements" / "Locking Considerations" (UNABLE_TO_LOCK_ROW) and
// "DmlException Methods".
test('a locked row fails an update statement with a DmlException of UNABLE_TO_LOCK_ROW', () => {
  const org = harshOrg();
  apex(org, ITEMS);
  org.faults.at({ kind: 'dml', object: 'Item__c', operation: 'update' }).lockRow();
  const [line] = apex(
    org,
    `List<Item__c> items = [SELECT Id FROM Item__c ORDER BY Number__c];
     try { update items; } catch (DmlException e) {
       System.debug(e.getDmlType(0) + ' | ' + e.getMessage());
     }`,
  );
  const [first] = query(org, 'SELECT Id FROM Item__c ORDER BY Number__c');
  assert.equal(
    line,
    `UNABLE_TO_LOCK_ROW | Update failed. First exception on row 0 with id ${String(first.fields.get('id'))}; first error: UNABLE_TO_LOCK_ROW, unable to obtain exclusive access to this record: []`,
  );
});

test('with partial success only the locked row fails; the others are saved', () => {
  const org = harshOrg();
  apex(org, ITEMS);
  org.faults.at({ kind: 'dml', object: 'Item__c', operation: 'update' }).lockRow(1);
  const lines = apex(
    org,
    `List<Item__c> items = [SELECT Id, Number__c FROM Item__c ORDER BY Number__c];
     for (Item__c item : items) { item.Number__c += 10; }
     for (Database.SaveResult r : Database.update(items, false)) {
       System.debug(r.isSuccess() ? 'saved' : r.getErrors()[0].getStatusCode() + ' ' + r.getErrors()[0].getMessage());
     }`,
  );
  assert.deepEqual(lines, [
    'saved',
    'UNABLE_TO_LOCK_ROW unable to obtain exclusive access to this record',
    'saved',
    'saved',
  ]);
  assert.deepEqual(
    query(org, 'SELECT Number__c FROM Item__c ORDER BY Name').map((r) =>
      Number(r.fields.get('number__c')),
    ),
    [11, 2, 13, 14],
  );
});

// Apex Developer Guide: "Firing Platform Events from Batch Apex" (BatchApexErrorEvent, also for
// uncatchable limits) and "Using Batch Apex" (each chunk is its own transaction).
test('a limit in one batch chunk fails that chunk only and raises a BatchApexErrorEvent', () => {
  const org = harshOrg();
  apex(org, ITEMS);
  org.faults.at({ kind: 'dml', object: 'Item__c', operation: 'update', nth: 2 }).limit();
  runAndDrain(org, 'Database.executeBatch(new ItemBatch(), 2);');
  const items = query(org, 'SELECT Id, Number__c FROM Item__c ORDER BY Name');
  assert.deepEqual(
    items.map((r) => Number(r.fields.get('number__c'))),
    [101, 102, 3, 4],
    'the second chunk rolled back',
  );
  const scope = items
    .slice(2)
    .map((r) => String(r.fields.get('id')))
    .join(',');
  assert.deepEqual(logs(org).sort(), [
    'batch error EXECUTE: System.LimitException: Apex CPU time limit exceeded ' + `[${scope}]`,
    'batch finished: ItemBatch',
  ]);
  const [job] = query(
    org,
    "SELECT NumberOfErrors FROM AsyncApexJob WHERE ApexClass.Name = 'ItemBatch'",
  );
  assert.equal(Number(job.fields.get('numberoferrors')), 1);
});

test('a batch without Database.RaisesPlatformEvents raises no event when a chunk fails', () => {
  const org = harshOrg();
  apex(org, ITEMS);
  org.faults.at({ kind: 'dml', object: 'Item__c', operation: 'update' }).limit();
  runAndDrain(org, 'Database.executeBatch(new QuietItemBatch(), 2);');
  assert.deepEqual(logs(org), ['batch finished: QuietItemBatch']);
});

// Apex Developer Guide: "Execution Governors and Limits" (50 enqueued jobs per transaction, 1 in
// an async one) and "Queueable Apex" (stack depth, AsyncException).
test('a refused enqueue throws what the platform throws at each of its limits', () => {
  const org = harshOrg();
  org.faults.at({ kind: 'enqueue', className: 'Note', nth: 1 }).refuseEnqueue('stack-depth');
  org.faults.at({ kind: 'enqueue', className: 'Note', nth: 2 }).refuseEnqueue('daily-limit');
  assert.deepEqual(
    apex(
      org,
      "System.debug(Note.enqueue('a')); System.debug(Note.enqueue('b')); System.debug(Note.enqueue('c'));",
    ),
    [
      'System.AsyncException: Maximum stack depth has been reached.',
      'System.AsyncException: Rate Limiting Exception : AsyncApexExecutions Limit exceeded.',
      'queued',
    ],
  );
  org.faults.at({ kind: 'enqueue', jobType: 'Queueable' }).refuseEnqueue('queueable-limit');
  assert.equal(
    apexError(org, "System.debug(Note.enqueue('d'));"),
    'System.LimitException: Too many queueable jobs added to the queue: 51',
  );
  org.faults
    .at({ kind: 'enqueue', jobType: 'Queueable', job: 'ChainLink' })
    .refuseEnqueue('queueable-limit');
  const drained = runAndDrain(org, 'System.enqueueJob(new ChainLink(9));');
  assert.deepEqual(
    drained.errors.map((e) => e.message),
    ['Too many queueable jobs added to the queue: 2'],
    'in an async transaction the limit is 1',
  );
});

// Platform Events Developer Guide: "Platform Event Allocations"/"Subscription" (at-least-once
// delivery), "Retry Event Triggers with EventBus.RetryableException" and "Resume a Platform Event
// Trigger After an Uncaught Exception" (checkpoints).
test('a dropped event batch never reaches the trigger; later events do', () => {
  const org = harshOrg();
  org.faults.at({ kind: 'deliver', eventType: 'Ping__e' }).drop();
  runAndDrain(
    org,
    "EventBus.publish(new List<Ping__e>{ new Ping__e(Key__c = 'a'), new Ping__e(Key__c = 'b') });",
  );
  runAndDrain(org, "EventBus.publish(new Ping__e(Key__c = 'c'));");
  assert.deepEqual(logs(org), ['ping: c retries 0']);
});

test('a delayed event batch reaches the trigger only after the delay', () => {
  const org = harshOrg();
  org.faults.at({ kind: 'deliver', eventType: 'Ping__e' }).delay(600_000);
  apex(org, "EventBus.publish(new Ping__e(Key__c = 'a'));");
  org.async().drain({ until: org.clock.now() + 300_000 });
  assert.deepEqual(logs(org), [], 'not yet after five minutes');
  org.async().drain({ until: org.clock.now() + 600_000 });
  assert.deepEqual(logs(org), ['ping: a retries 0']);
});

test('a redelivered batch comes again from its start, whatever checkpoint the trigger set', () => {
  const org = harshOrg();
  org.faults.at({ kind: 'deliver', eventType: 'Ping__e' }).redeliver();
  runAndDrain(
    org,
    "EventBus.publish(new List<Ping__e>{ new Ping__e(Key__c = 'a'), new Ping__e(Key__c = 'b') });",
  );
  assert.deepEqual(
    logs(org),
    ['ping: a retries 0', 'ping: a retries 0', 'ping: b retries 0'],
    'at-least-once: the trigger sees a twice; the checkpoint then sends b alone',
  );
});

test('EventBus.RetryableException resends the whole batch with retries counted', () => {
  const org = harshOrg();
  runAndDrain(
    org,
    "EventBus.publish(new List<Ping__e>{ new Ping__e(Key__c = 'retry'), new Ping__e(Key__c = 'x') });",
  );
  assert.deepEqual(logs(org), ['ping: retry retries 1', 'ping: x retries 0']);
});

test('random faults are reproducible from their seed', () => {
  const run = (seed: number) => {
    const org = harshOrg();
    org.faults.random({ seed, rate: 0.5, kinds: ['callout'] });
    for (let i = 0; i < 6; i++) runAndDrain(org, 'System.enqueueJob(new GuardedCall());');
    return { fired: org.faults.log.map((f) => `${f.action} ${f.target}`), logs: logs(org) };
  };
  const first = run(17);
  assert.ok(first.fired.length > 0 && first.fired.length < 6, `some callouts fail: ${first.fired}`);
  assert.deepEqual(run(17), first, 'the same seed fails the same callouts the same way');
});

test('a fault cannot be set on an operation it does not apply to', () => {
  const org = harshOrg();
  const at = org.faults.at({ kind: 'query' }) as unknown as { timeout(): void };
  assert.throws(() => at.timeout(), /a timeout fault cannot hit a query operation/);
});
