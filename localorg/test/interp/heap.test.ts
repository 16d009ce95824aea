import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debug, failure } from './helpers';

test('Limits.getHeapSize() grows while a big list of strings is held, and falls once released', () => {
  const [before, held, released] = debug(`
    Integer before = Limits.getHeapSize();
    String hundred = '';
    for (Integer i = 0; i < 100; i++) hundred += 'x';
    List<String> big = new List<String>();
    for (Integer i = 0; i < 1000; i++) big.add('row ' + i + ' ' + hundred);
    hundred = null;
    System.debug(before);
    System.debug(Limits.getHeapSize());
    big = null;
    System.debug(Limits.getHeapSize());
  `).map(Number);
  // 1000 strings of at least 106 characters at 2 bytes each: over 200,000 bytes.
  assert.ok(held - before > 200_000, `held ${held}, before ${before}`);
  assert.ok(released < before + 1000, `released ${released}, before ${before}`);
});

test('Limits.getLimitHeapSize() is 6,000,000 in a synchronous transaction', () => {
  assert.deepEqual(debug('System.debug(Limits.getLimitHeapSize());'), ['6000000']);
});

test('filling the heap throws an uncatchable LimitException', () => {
  const f = failure(`
    List<String> rows = new List<String>();
    String kb = '';
    for (Integer i = 0; i < 1000; i++) kb += 'x';
    try {
      for (Integer i = 0; i < 100000; i++) rows.add(kb + i);
    } catch (Exception e) {
      System.debug('caught');
    }
  `);
  assert.equal(f.type, 'System.LimitException');
  assert.match(f.message, /^Apex heap size too large: \d+$/);
});
