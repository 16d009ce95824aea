/**
 * Conformance: the static types the Apex compiler gives expressions, and what follows from
 * them: overload selection, implicit conversions and compile errors at load.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debug, interpreterWith } from '../interp/helpers';
import { ApexCompileErrors } from '../../src/interp/compile-scope';

const OVERLOADS = `public class O {
  public static String f(String s) { return 'String'; }
  public static String f(Integer i) { return 'Integer'; }
  public static String f(Object o) { return 'Object'; }
  public static String g(Long l) { return 'Long'; }
  public static String g(Decimal d) { return 'Decimal'; }
  public static String h(List<String> l) { return 'List<String>'; }
  public static String h(List<Integer> l) { return 'List<Integer>'; }
  public static String i(String s) { return 'String'; }
  public static String i(Id s) { return 'Id'; }
}`;

// Apex Developer Guide, "Class Methods": overloaded methods are chosen by the static types of
// the arguments, the most specific applicable method winning.
test('a typed null goes to the overload of its static type, not to the first one', () => {
  assert.deepEqual(
    debug(
      'System.debug(O.f((String) null)); Integer n = null; System.debug(O.f(n)); System.debug(O.f((Object) null));',
      { O: OVERLOADS },
    ),
    ['String', 'Integer', 'Object'],
  );
});

test('an argument typed Object goes to the Object overload even when it holds a String', () => {
  assert.deepEqual(debug("Object x = 'a'; System.debug(O.f(x));", { O: OVERLOADS }), ['Object']);
});

test('List<T> overloads are told apart by their element type', () => {
  assert.deepEqual(
    debug("System.debug(O.h(new List<Integer>{1})); System.debug(O.h(new List<String>{'a'}));", {
      O: OVERLOADS,
    }),
    ['List<Integer>', 'List<String>'],
  );
});

test('an Integer widens to the nearest numeric overload, a String prefers String to Id', () => {
  assert.deepEqual(debug("System.debug(O.g(1)); System.debug(O.i('a'));", { O: OVERLOADS }), [
    'Long',
    'String',
  ]);
});

test('a statically chosen signature still dispatches to the override of the run-time class', () => {
  const classes = {
    Base: `public virtual class Base {
      public virtual String f(Object o) { return 'Base.Object'; }
      public String f(String s) { return 'Base.String'; }
    }`,
    Child: `public class Child extends Base {
      public override String f(Object o) { return 'Child.Object'; }
    }`,
  };
  assert.deepEqual(
    debug(
      "Base b = new Child(); Object x = 'a'; System.debug(b.f(x)); System.debug(b.f('a'));",
      classes,
    ),
    ['Child.Object', 'Base.String'],
  );
});

test('constructors are chosen from static types too', () => {
  const C = `public class C {
    public String made;
    public C(String s) { made = 'String'; }
    public C(Integer i) { made = 'Integer'; }
  }`;
  assert.deepEqual(debug('System.debug(new C((Integer) null).made);', { C }), ['Integer']);
});

// Apex Developer Guide, "Rules of Conversion": numbers widen Integer → Long → Double → Decimal;
// a Date assigned to a Datetime is midnight GMT of that day.
test('implicit conversions: Integer to Long and Decimal, Date to Datetime, String to Id', () => {
  assert.deepEqual(
    debug(
      `Long l = 5; Decimal d = 5; Datetime dt = Date.newInstance(2024, 3, 1);
       Id i = '001000000000001AAA';
       System.debug(((Object) l) instanceof Integer); System.debug(((Object) d) instanceof Long);
       System.debug(dt.formatGmt('yyyy-MM-dd HH:mm:ss')); System.debug(((Object) i) instanceof Id);`,
      {},
      true,
    ),
    ['false', 'false', '2024-03-01 00:00:00', 'true'],
  );
});

// A Date held as Object is also an instanceof Datetime; a Datetime is no Date (not in the Apex
// Developer Guide: shown on the platform in force201.wordpress.com, "Instanceof for Apex Date and
// DateTime", and relied on by fflib-apex-mocks' AnyDatetime matcher tests).
test('a Date is an instanceof Datetime, a Datetime no instanceof Date', () => {
  assert.deepEqual(
    debug(
      `Object d = Date.newInstance(2024, 1, 31); Object t = Datetime.now();
       System.debug(d instanceof Date); System.debug(d instanceof Datetime);
       System.debug(t instanceof Date); System.debug(t instanceof Datetime);`,
      {},
      true,
    ),
    ['true', 'true', 'false', 'true'],
  );
});

test('a Date passed where a Datetime parameter is declared arrives as a Datetime', () => {
  const D = `public class D {
    public static String f(Datetime t) { return t.formatGmt('yyyy-MM-dd HH:mm'); }
  }`;
  assert.deepEqual(debug('System.debug(D.f(Date.newInstance(2024, 1, 5)));', { D }, true), [
    '2024-01-05 00:00',
  ]);
});

function compileErrors(classes: Record<string, string>): string[] {
  try {
    interpreterWith(classes);
  } catch (e) {
    if (e instanceof ApexCompileErrors) return e.errors;
    throw e;
  }
  return [];
}

// Apex Developer Guide, "Classes, Objects, and Interfaces": a class that does not compile
// cannot be saved; localorg reports it when the project loads, with the compiler's wording.
test('a call no overload accepts is a load-time error with the compiler wording', () => {
  const errors = compileErrors({
    O: OVERLOADS,
    U: 'public class U { public static void run() { O.h(true); } }',
  });
  assert.equal(errors.length, 1);
  assert.match(
    errors[0],
    /^Method does not exist or incorrect signature: void h\(Boolean\) from the type O \(U: line 1, column \d+\)$/,
  );
});

test('a call to a method a known class does not have is a load-time error', () => {
  const errors = compileErrors({
    X: 'public class X { public Integer one() { return 1; } }',
    U: `public class U {
      public static void run() { new X().of(); }
      public static void runStatic() { X.missing(1, 'a'); }
    }`,
  });
  assert.deepEqual(errors.map((e) => e.replace(/ \(U: line.*/, '')).sort(), [
    'Method does not exist or incorrect signature: void missing(Integer, String) from the type X',
    'Method does not exist or incorrect signature: void of() from the type X',
  ]);
});

test("the methods every object has and an enum constant's are not reported missing", () => {
  const U = `public class U {
    public enum Kind { A }
    public static void run() {
      U u = new U();
      Boolean same = u.equals(u);
      Integer h = u.hashCode();
      String s = u.toString() + Kind.A.name() + Kind.A.ordinal();
      try { throw new DmlException('x'); } catch (DmlException e) { e.getDmlMessage(0); }
    }
  }`;
  assert.deepEqual(compileErrors({ U }), []);
});

test('an illegal assignment is a load-time error with the compiler wording', () => {
  const errors = compileErrors({
    U: 'public class U { public static void run() { Object o = 1; String s = o; } }',
  });
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^Illegal assignment from Object to String \(U: line 1/);
});

test('a constructor no overload accepts is a load-time error', () => {
  const errors = compileErrors({
    C: 'public class C { public C(String s) {} }',
    U: 'public class U { public static void run() { new C(true); } }',
  });
  assert.match(errors[0] ?? '', /^Constructor not defined: \[C\]\.<Constructor>\(Boolean\)/);
});

test('an argument of a type localorg does not know falls back to the run-time choice', () => {
  const U = `public class U {
    public static String f(String s) { return 'String'; }
    public static String f(Integer i) { return 'Integer'; }
    public static String run() { return f(Unknown.make()); }
  }`;
  assert.deepEqual(compileErrors({ U }), []);
});

test('a null of a platform type never goes to a String overload', () => {
  const Q = `public class Q {
    public static String f(String s) { return 'String'; }
    public static String f(Schema.SObjectField t) { return 'SObjectField'; }
  }`;
  assert.deepEqual(debug('Schema.SObjectField token = null; System.debug(Q.f(token));', { Q }), [
    'SObjectField',
  ]);
});

test('a platform type is the same type with or without its namespace', () => {
  const Q = `public class Q {
    public Integer size;
    public Q(List<Schema.SObjectType> types) { size = types.size(); }
    public Q(String name) { size = -1; }
    public static String f(List<Schema.SObjectField> fields) { return 'fields'; }
    public static String f(String name) { return 'String'; }
  }`;
  assert.deepEqual(
    debug(
      'List<SObjectType> types = new List<SObjectType>(); System.debug(new Q(types).size); List<SObjectField> fields = new List<SObjectField>(); System.debug(Q.f(fields));',
      { Q },
      true,
    ),
    ['0', 'fields'],
  );
});
