/** Conformance: exceptions (Apex Developer Guide, "Exception Class and Built-In Exceptions"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debug, failure } from './helpers';

const CLASSES = {
  SyncException: 'public class SyncException extends Exception {}',
  Holder: `public class Holder {
    public class InnerException extends Exception {}
    public static void fail() {
      throw new InnerException('inner failure');
    }
    public static void level1() {
      level2();
    }
    public static void level2() {
      Integer x = null;
      x++;
    }
  }`,
  Deep: 'public class Deep { public static Integer down(Integer n) { return down(n + 1); } }',
  WithData: `public class WithData extends Exception {
    public Integer code;
    public WithData(String msg, Integer code) { this(msg); this.code = code; }
  }`,
};

const cases: [string, string, string[]][] = [
  [
    'custom exception with a message',
    "try { throw new SyncException('bad config'); } catch (SyncException e) { System.debug(e.getMessage()); }",
    ['bad config'],
  ],
  [
    'custom exception without arguments has the script-thrown message',
    'try { throw new SyncException(); } catch (Exception e) { System.debug(e.getMessage()); }',
    ['Script-thrown exception'],
  ],
  [
    'custom exception with a cause',
    "Exception cause = new SyncException('root'); SyncException e = new SyncException(cause); System.debug(e.getCause().getMessage());",
    ['root'],
  ],
  [
    'custom exception with a message and a cause',
    "SyncException e = new SyncException('outer', new SyncException('inner')); System.debug(e.getMessage()); System.debug(e.getCause().getMessage());",
    ['outer', 'inner'],
  ],
  [
    'getTypeName of custom, inner and system exceptions',
    'System.debug(new SyncException().getTypeName()); try { Holder.fail(); } catch (Exception e) { System.debug(e.getTypeName()); } try { Integer i = 1 / 0; } catch (Exception e) { System.debug(e.getTypeName()); }',
    ['SyncException', 'Holder.InnerException', 'System.MathException'],
  ],
  [
    'setMessage replaces the message',
    "SyncException e = new SyncException('a'); e.setMessage('b'); System.debug(e.getMessage());",
    ['b'],
  ],
  [
    'initCause sets the cause',
    "SyncException e = new SyncException('a'); e.initCause(new SyncException('why')); System.debug(e.getCause().getMessage());",
    ['why'],
  ],
  [
    'toString is Type: message',
    "System.debug(new SyncException('m').toString()); try { Integer i = 1 / 0; } catch (Exception e) { System.debug('' + e); }",
    ['SyncException: m', 'System.MathException: Divide by 0'],
  ],
  [
    'getLineNumber is the line that threw',
    "Integer a = 1;\ntry {\n  throw new SyncException('x');\n} catch (Exception e) {\n  System.debug(e.getLineNumber());\n}",
    ['3'],
  ],
  [
    'the stack trace lists every frame, innermost first',
    'try { Holder.level1(); } catch (NullPointerException e) { System.debug(e.getStackTraceString()); }',
    [
      'Class.Holder.level2: line 11, column 7\nClass.Holder.level1: line 7, column 7\nAnonymousBlock: line 1, column 7',
    ],
  ],
  [
    'exceptions with custom constructors and fields',
    "try { throw new WithData('coded', 7); } catch (WithData e) { System.debug(e.getMessage() + ' ' + e.code); }",
    ['coded 7'],
  ],
  [
    'catch (Exception e) catches custom exceptions',
    "try { throw new SyncException('x'); } catch (Exception e) { System.debug(e instanceof SyncException); }",
    ['true'],
  ],
  [
    'List index out of bounds',
    'try { new List<Integer>().get(0); } catch (ListException e) { System.debug(e.getMessage()); }',
    ['List index out of bounds: 0'],
  ],
  [
    'NullPointerException on a method call on null',
    'try { String s; s.length(); } catch (NullPointerException e) { System.debug(e.getMessage()); }',
    ['Attempt to de-reference a null object'],
  ],
  [
    'NullPointerException on a field read of null',
    "try { Holder.InnerException h; Object o = ((SyncException) null).getMessage(); } catch (NullPointerException e) { System.debug('npe'); }",
    ['npe'],
  ],
  [
    'finally runs while an exception propagates',
    "try { try { throw new SyncException('x'); } finally { System.debug('cleanup'); } } catch (Exception e) { System.debug('caught ' + e.getMessage()); }",
    ['cleanup', 'caught x'],
  ],
  [
    'a rethrown exception keeps its original line',
    "Integer a = 1;\ntry {\n  try {\n    throw new SyncException('x');\n  } catch (Exception e) {\n    throw e;\n  }\n} catch (Exception e) {\n  System.debug(e.getLineNumber());\n}",
    ['4'],
  ],
  [
    'getCause is null without a cause',
    "System.debug(new SyncException('x').getCause());",
    ['null'],
  ],
  [
    'Integer.MAX_VALUE + 1 wraps around',
    'System.debug(Integer.MAX_VALUE + 1); System.debug(Long.MAX_VALUE);',
    ['-2147483648', '9223372036854775807'],
  ],
];

for (const [name, src, expected] of cases) {
  test(name, () => assert.deepEqual(debug(src, CLASSES), expected));
}

test('an uncaught exception fails with its type, message and Apex stack trace', () => {
  const e = failure('Integer x = 1;\nHolder.fail();', CLASSES);
  assert.equal(e.type, 'Holder.InnerException');
  assert.equal(e.message, 'inner failure');
  assert.equal(e.trace, 'Class.Holder.fail: line 4, column 7\nAnonymousBlock: line 2, column 1');
});

test('System.AssertException cannot be caught', () => {
  const e = failure(
    "try { System.assert(false, 'must hold'); } catch (Exception e) { System.debug('caught'); }",
  );
  assert.equal(e.type, 'System.AssertException');
  assert.equal(e.message, 'Assertion Failed: must hold');
});

test('System.LimitException for stack depth cannot be caught', () => {
  const e = failure(
    "try { Deep.down(0); } catch (Exception e) { System.debug('caught'); }",
    CLASSES,
  );
  assert.equal(e.type, 'System.LimitException');
  assert.equal(e.message, 'Maximum stack depth reached: 1001');
});

test('unsupported constructs throw NotSupportedError naming the construct', () => {
  const e = failure("List<List<SObject>> r = [FIND 'x' IN ALL FIELDS RETURNING Account];");
  assert.equal(e.type, 'NotSupportedError');
  assert.equal(e.message, 'not supported in localorg: SOSL queries');
});

test('an undefined variable is a compile error', () => {
  const e = failure('System.debug(nope);');
  assert.equal(e.type, 'ApexCompileError');
  assert.match(e.message, /^Variable does not exist: nope/);
});

test('adding to a list while iterating over it throws System.FinalException', () => {
  const e = failure('List<Integer> l = new List<Integer>{1, 2}; for (Integer i : l) { l.add(i); }');
  assert.equal(e.type, 'System.FinalException');
  assert.equal(e.message, 'Cannot modify a collection while it is being iterated.');
});

test('removing from a set while iterating over it throws System.FinalException', () => {
  const e = failure(
    'Set<Integer> s = new Set<Integer>{1, 2}; for (Integer i : s) { s.remove(i); }',
  );
  assert.equal(e.type, 'System.FinalException');
});
