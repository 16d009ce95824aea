/**
 * Conformance: collections keep the type they were created with, and the smaller semantics
 * foreign suites rely on (String.valueOf(null), accessors, default toString, exception types).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debug, failure } from '../interp/helpers';

// Apex Developer Guide, "Lists" and "Classes and Casting": a list of SObjects can be cast to a
// list of the concrete type of its records.
test('a List<Contact> held as List<SObject> casts back, and instanceof sees its type', () => {
  assert.deepEqual(
    debug(
      `List<SObject> held = new List<Contact>{ new Contact() };
       List<Contact> back = (List<Contact>) held;
       System.debug(back.size()); System.debug(held instanceof List<Contact>);
       System.debug(held instanceof List<Account>);`,
    ),
    ['1', 'true', 'false'],
  );
});

test('a list built as new List<SObject>() of Accounts casts to List<Account>', () => {
  assert.deepEqual(
    debug(
      `List<SObject> rows = new List<SObject>(); rows.add(new Account());
       List<Account> accounts = (List<Account>) rows; System.debug(accounts.size());
       Map<Id, SObject> byId = new Map<Id, SObject>{ null => new Account() };
       System.debug(((Map<Id, Account>) byId).size());`,
    ),
    ['1', '1'],
  );
});

test('a List<SObject> holding a Contact does not cast to List<Account>', () => {
  const f = failure(
    'List<SObject> rows = new List<SObject>{ new Contact() }; List<Account> a = (List<Account>) rows;',
  );
  assert.equal(f.type, 'System.TypeException');
  assert.equal(f.message, 'Invalid conversion from runtime type List<SObject> to List<Account>');
});

test('a List<Object> of Strings does not cast to List<String>', () => {
  const f = failure("List<Object> l = new List<Object>{ 'a' }; List<String> s = (List<String>) l;");
  assert.equal(f.type, 'System.TypeException');
});

test('List<SObject>.getSObjectType() is null; a typed list answers its type', () => {
  assert.deepEqual(
    debug(
      'System.debug(new List<SObject>().getSObjectType()); System.debug(new List<Account>().getSObjectType());',
    ),
    ['null', 'Account.SObjectType'],
  );
});

// Apex Developer Guide, "String Class" (valueOf): null in, null out.
test('String.valueOf of null is null, not the text null', () => {
  assert.deepEqual(debug('Object o = null; System.debug(String.valueOf(o) == null);', {}, true), [
    'true',
  ]);
});

// Apex Developer Guide, "Using Properties": an accessor reads and writes the property's own
// value, without calling itself.
test('this.prop inside its own getter and setter uses the backing value', () => {
  const P = `public class P {
    public List<String> items {
      get { this.items = this.items ?? new List<String>{ 'first' }; return this.items; }
      set { this.items = value; }
    }
  }`;
  assert.deepEqual(
    debug(
      "P p = new P(); System.debug(p.items); p.items = new List<String>{ 'x' }; System.debug(p.items);",
      { P },
    ),
    ['(first)', '(x)'],
  );
});

// Apex Developer Guide, "String Class" (valueOf(Object)): an object without toString() prints
// as its class name and fields; an inner class prints its own name.
test('the default toString of an inner class names the inner class only', () => {
  const Host = `public class Host {
    public class Nested { public Integer a = 1; }
    public static String text() { return String.valueOf(new Nested()); }
  }`;
  assert.deepEqual(debug('System.debug(Host.text());', { Host }, true), ['Nested:[a=1]']);
});

// Apex Developer Guide, "Exception Class and Built-In Exceptions".
test('platform exception types of System and other namespaces can be thrown and caught', () => {
  assert.deepEqual(
    debug(
      `try { throw new System.UnsupportedOperationException('u'); }
       catch (UnsupportedOperationException e) { System.debug(e.getTypeName() + ' ' + e.getMessage()); }
       try { throw new Cache.Org.OrgCacheException('c'); }
       catch (Exception e) { System.debug(e.getTypeName()); }
       try { throw new FormulaValidationException('f'); }
       catch (System.FormulaValidationException e) { System.debug(e.getMessage()); }`,
    ),
    ['System.UnsupportedOperationException u', 'Cache.Org.OrgCacheException', 'f'],
  );
});

// Apex Developer Guide, "List Class" (hashCode): a list hashes by its elements.
test('lists of different Types hash differently, equal lists alike', () => {
  assert.deepEqual(
    debug(
      `System.debug(new List<Type>{ Integer.class }.hashCode() == new List<Type>{ String.class }.hashCode());
       System.debug(new List<Type>{ Integer.class }.hashCode() == new List<Type>{ Integer.class }.hashCode());`,
    ),
    ['false', 'true'],
  );
});

// Apex Developer Guide, "JSON Class" (deserialize): the result has the type asked for.
test('JSON.deserialize into a collection type gives a collection of that runtime type', () => {
  assert.deepEqual(
    debug(
      `Object l = JSON.deserialize('[{"Name":"x"}]', List<Account>.class);
       Object m = JSON.deserialize('{"a":{"Name":"x"}}', Map<String, Account>.class);
       Object s = JSON.deserialize('["a"]', Set<String>.class);
       System.debug(l instanceof List<Account>); System.debug(m instanceof Map<String, Account>);
       System.debug(s instanceof Set<String>); System.debug(((List<Account>) l).size());`,
      {},
      true,
    ),
    ['true', 'true', 'true', '1'],
  );
});

// The guide is silent; fflib-apex-mocks' MatcherDefinitions tests, which pass on the platform,
// show that instanceof widens numbers as assignment does (Integer → Long → Double/Decimal).
test('a number held as Object is an instance of its type and of the types it widens to', () => {
  assert.deepEqual(
    debug(
      `List<Object> values = new List<Object>{ 9, 9L, 9.99, 9.5d };
       for (Object o : values) {
         System.debug((o instanceof Integer) + ' ' + (o instanceof Long) + ' ' +
           (o instanceof Double) + ' ' + (o instanceof Decimal));
       }`,
    ),
    [
      'true true true true',
      'false true true true',
      'false false true true',
      'false false true true',
    ],
  );
});

test('a number held as Object casts to a type it is an instance of, never to a narrower one', () => {
  assert.deepEqual(debug('Object o = 5; Decimal d = (Decimal) o; System.debug(d + 0.5);'), ['5.5']);
  const e = failure('Object o = 5.2; Integer i = (Integer) o;');
  assert.equal(e.type, 'System.TypeException');
  assert.equal(e.message, 'Invalid conversion from runtime type Decimal to Integer');
});

test('switch on a number held as Object with a when of a wider type is refused', () => {
  const e = failure(
    `Object o = 5;
     switch on o { when Decimal d { System.debug('Decimal'); } when else { System.debug('else'); } }`,
  );
  assert.match(e.message, /not supported in localorg: switch on a Integer held as Object/);
});
