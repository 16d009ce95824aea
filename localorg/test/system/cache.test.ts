/**
 * Platform Cache, following the Apex Developer Guide, "Platform Cache" (partitions, limits,
 * considerations) and the Apex Reference Guide, "Cache Namespace" (Org, Session, Partition,
 * CacheBuilder, the cache exceptions).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/platform/async';
import { debugOf, failureOf, systemOrg } from './helpers';

// "Session Class" / "SessionPartition Class": keys name the partition or use the default one.
test('Cache.Session and Cache.SessionPartition put, get, contains and remove', () => {
  assert.deepEqual(
    debugOf(`
      Cache.Session.put('local.Main.city', 'Lyon');
      Cache.SessionPartition p = Cache.Session.getPartition('local.Main');
      System.debug(p.get('city') + ' ' + Cache.Session.get('city') + ' ' + p.getName());
      System.debug(p.contains(new Set<String>{ 'city', 'zip' }));
      System.debug(Cache.Session.remove('city') + ' ' + Cache.Session.contains('city'));`),
    ['Lyon Lyon local.Main', '{city=true, zip=false}', 'true false'],
  );
});

// "Org Class" and "Platform Cache Partitions": the org segment is shared by later requests.
test('org cache values outlive the request, session values belong to their session', () => {
  const local = systemOrg();
  debugOf(`Cache.Org.put('total', 42);`, local);
  assert.deepEqual(debugOf(`System.debug(Cache.Org.get('total'));`, local), ['42']);
});

// "Platform Cache Partitions": a segment without capacity neither stores nor fails.
test('a partition with no allocated capacity drops puts without an error', () => {
  assert.deepEqual(
    debugOf(`
      Cache.OrgPartition p = Cache.Org.getPartition('local.Unallocated');
      p.put('k', 'v');
      System.debug(p.get('k') + ' ' + p.contains('k') + ' ' + p.getCapacity());`),
    ['null false 100.0'],
  );
});

// "Platform Cache Limits": one item holds at most 100 KB.
test('an item over 100 KB is a Cache.ItemSizeLimitExceededException', () => {
  const f = failureOf(`Cache.Org.put('big', 'x'.repeat(102400));`);
  assert.equal(f.type, 'Cache.ItemSizeLimitExceededException');
  assert.match(f.message, /more than the 102400 bytes/);
});

// "Platform Cache Partitions": a full segment evicts its least recently used values.
test('a full segment evicts the least recently used value and reports its capacity', () => {
  const out = debugOf(`
    String chunk = 'x'.repeat(90000);
    for (Integer i = 0; i < 12; i++) {
      Cache.Org.put('k' + i, chunk);
      if (i > 0) Cache.Org.get('k0');
    }
    System.debug(Cache.Org.contains('k0') + ' ' + Cache.Org.contains('k1') + ' ' + Cache.Org.contains('k11'));
    System.debug(Cache.Org.getPartition('local.Main').getNumKeys());
    System.debug(Cache.Org.getCapacity() > 80);`);
  assert.deepEqual(out, ['true false true', '11', 'true']);
});

// "Session Class" (put): a session value lives at most 8 hours, an org value 48.
test('time-to-live is checked per cache and values expire on the org clock', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const local = systemOrg({ clock });
  const f = failureOf(`Cache.Session.put('k', 1, 28801);`, local);
  assert.equal(f.type, 'Cache.InvalidParamException');
  assert.match(f.message, /between 300 and 28800/);
  debugOf(`Cache.Org.put('short', 1, 300);`, local);
  clock.advance(299_000);
  assert.deepEqual(debugOf(`System.debug(Cache.Org.contains('short'));`, local), ['true']);
  clock.advance(1_000);
  assert.deepEqual(debugOf(`System.debug(Cache.Org.contains('short'));`, local), ['false']);
});

// "CacheBuilder Interface": doLoad runs on a miss only.
test('Cache.CacheBuilder loads a missing value once, lists it under its class and removes it', () => {
  assert.deepEqual(
    debugOf(`
      System.debug(Cache.Org.get(GreetingBuilder.class, 'Ada'));
      System.debug(Cache.Org.getPartition('local.Main').get(GreetingBuilder.class, 'Ada'));
      System.debug(GreetingBuilder.loads);
      System.debug(Cache.Org.getKeys());
      System.debug(Cache.Org.remove(GreetingBuilder.class, 'Ada') + ' ' + Cache.Org.getKeys());`),
    ['Hello Ada', 'Hello Ada', '1', '{GreetingBuilderAda}', 'true {}'],
  );
});

// "Org Class": unknown partitions and malformed keys raise the platform's exceptions.
test('an unknown partition is a Cache.Session.SessionCacheException, a bad key an InvalidParamException', () => {
  assert.equal(
    failureOf(`Cache.Session.getPartition('local.Nope');`).type,
    'Cache.Session.SessionCacheException',
  );
  assert.equal(failureOf(`Cache.Session.put('a-b', 1);`).type, 'Cache.InvalidParamException');
  assert.equal(
    debugOf(`System.debug(Cache.OrgPartition.createFullyQualifiedKey('local', 'Main', 'k'));`)[0],
    'local.Main.k',
  );
});

// "Platform Cache Considerations": session cache does not support asynchronous Apex.
test('Apex tests get a fresh session each; a Queueable has none and localorg refuses it', () => {
  const run = systemOrg().org.runTests({ classes: ['SessionCache_Tests'] });
  const byName = new Map(run.results.map((r) => [r.methodName, r]));
  assert.equal(byName.get('it_keeps_session_values_for_the_test')?.outcome, 'Pass');
  assert.equal(byName.get('it_starts_each_test_with_an_empty_session')?.outcome, 'Pass');
  const queueable = byName.get('it_has_no_session_in_a_queueable');
  assert.equal(queueable?.outcome, 'Fail');
  assert.match(
    String(queueable?.failure?.message),
    /not supported in localorg: Cache.Session in asynchronous Apex/,
  );
});
