/** Conformance: List, Set and Map methods (Apex Reference Guide, List/Set/Map Class). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debug, failure } from '../interp/helpers';

const cases: [string, string, string[]][] = [
  // List
  [
    'List.add and size',
    "List<String> l = new List<String>(); l.add('a'); l.add('b'); System.debug(l.size()); System.debug(l);",
    ['2', '(a, b)'],
  ],
  [
    'List.add(index, value) inserts',
    "List<String> l = new List<String>{'a', 'c'}; l.add(1, 'b'); System.debug(l);",
    ['(a, b, c)'],
  ],
  [
    'List.addAll from a list and a set',
    'List<Integer> l = new List<Integer>{1}; l.addAll(new List<Integer>{2, 3}); l.addAll(new Set<Integer>{4}); System.debug(l);',
    ['(1, 2, 3, 4)'],
  ],
  [
    'List.clear and isEmpty',
    'List<Integer> l = new List<Integer>{1}; System.debug(l.isEmpty()); l.clear(); System.debug(l.isEmpty());',
    ['false', 'true'],
  ],
  [
    'List.clone is a shallow, independent copy',
    'List<Integer> a = new List<Integer>{1}; List<Integer> b = a.clone(); b.add(2); System.debug(a.size()); System.debug(b.size());',
    ['1', '2'],
  ],
  [
    'List.contains uses equality',
    "List<String> l = new List<String>{'Hello'}; System.debug(l.contains('Hello')); System.debug(l.contains('x'));",
    ['true', 'false'],
  ],
  [
    'List.equals compares element by element',
    'System.debug(new List<Integer>{1, 2}.equals(new List<Integer>{1, 2})); System.debug(new List<Integer>{1, 2}.equals(new List<Integer>{2, 1}));',
    ['true', 'false'],
  ],
  [
    'List.get and array index',
    "List<String> l = new List<String>{'a', 'b'}; System.debug(l.get(1)); System.debug(l[0]);",
    ['b', 'a'],
  ],
  [
    'List.hashCode is equal for equal lists',
    'System.debug(new List<Integer>{1, 2}.hashCode() == new List<Integer>{1, 2}.hashCode());',
    ['true'],
  ],
  [
    'List.indexOf',
    "List<String> l = new List<String>{'a', 'b'}; System.debug(l.indexOf('b')); System.debug(l.indexOf('z'));",
    ['1', '-1'],
  ],
  [
    'List.iterator',
    "Iterator<String> it = new List<String>{'x', 'y'}.iterator(); while (it.hasNext()) System.debug(it.next());",
    ['x', 'y'],
  ],
  [
    'List.remove(index) returns the element',
    "List<String> l = new List<String>{'a', 'b', 'c'}; System.debug(l.remove(1)); System.debug(l);",
    ['b', '(a, c)'],
  ],
  [
    'List.set and array assignment',
    "List<String> l = new List<String>{'a', 'b'}; l.set(0, 'x'); l[1] = 'y'; System.debug(l);",
    ['(x, y)'],
  ],
  [
    'List.sort of Integers',
    'List<Integer> l = new List<Integer>{3, 1, 2}; l.sort(); System.debug(l);',
    ['(1, 2, 3)'],
  ],
  [
    'List.sort of Strings (documented example)',
    "List<String> colors = new List<String>{'Yellow', 'Red', 'Green'}; colors.sort(); System.debug(colors);",
    ['(Green, Red, Yellow)'],
  ],
  ['List.toString', "System.debug(new List<String>{'a', 'b'}.toString());", ['(a, b)']],
  [
    'arrays: new String[n] has n null elements',
    "String[] a = new String[3]; System.debug(a.size()); System.debug(a[0]); a[2] = 'z'; System.debug(a);",
    ['3', 'null', '(null, null, z)'],
  ],
  [
    'array initialiser',
    'Integer[] a = new Integer[]{4, 5}; System.debug(a.size()); System.debug(a[1]);',
    ['2', '5'],
  ],
  [
    'List<Long>.add converts Integers to Longs',
    'List<Long> l = new List<Long>(); l.add(1); Object o = l[0]; System.debug(o instanceof Integer);',
    ['false'],
  ],
  [
    'List copy constructor',
    "List<Integer> a = new List<Integer>{1, 2}; List<Integer> b = new List<Integer>(a); b.add(3); System.debug(a.size() + ' ' + b.size());",
    ['2 3'],
  ],
  [
    'List of SObjects deepClone copies the records',
    "List<Account> l = new List<Account>{new Account(Name = 'A')}; List<Account> c = l.deepClone(); c[0].Name = 'B'; System.debug(l[0].Name + c[0].Name);",
    ['AB'],
  ],
  [
    'nested lists',
    'List<List<Integer>> m = new List<List<Integer>>{new List<Integer>{1}, new List<Integer>{2, 3}}; System.debug(m); System.debug(m[1][1]);',
    ['((1), (2, 3))', '3'],
  ],
  // Set
  [
    'Set.add returns whether the element was added',
    "Set<String> s = new Set<String>(); System.debug(s.add('a')); System.debug(s.add('a')); System.debug(s.size());",
    ['true', 'false', '1'],
  ],
  ['Set of Strings is case-sensitive', "System.debug(new Set<String>{'a', 'A'}.size());", ['2']],
  [
    'Set.addAll',
    'Set<Integer> s = new Set<Integer>{1}; System.debug(s.addAll(new List<Integer>{1, 2})); System.debug(s);',
    ['true', '{1, 2}'],
  ],
  [
    'Set.clear, isEmpty',
    'Set<Integer> s = new Set<Integer>{1}; s.clear(); System.debug(s.isEmpty());',
    ['true'],
  ],
  [
    'Set.clone is independent',
    'Set<Integer> a = new Set<Integer>{1}; Set<Integer> b = a.clone(); b.add(2); System.debug(a.size());',
    ['1'],
  ],
  [
    'Set.contains and containsAll',
    'Set<Integer> s = new Set<Integer>{1, 2, 3}; System.debug(s.contains(2)); System.debug(s.containsAll(new List<Integer>{1, 3})); System.debug(s.containsAll(new Set<Integer>{1, 4}));',
    ['true', 'true', 'false'],
  ],
  [
    'Set.equals ignores order',
    'System.debug(new Set<Integer>{1, 2}.equals(new Set<Integer>{2, 1})); System.debug(new Set<Integer>{1, 2} == new Set<Integer>{2, 1});',
    ['true', 'true'],
  ],
  [
    'Set.remove returns whether it removed',
    'Set<Integer> s = new Set<Integer>{1}; System.debug(s.remove(1)); System.debug(s.remove(1));',
    ['true', 'false'],
  ],
  [
    'Set.removeAll and retainAll',
    'Set<Integer> s = new Set<Integer>{1, 2, 3, 4}; s.removeAll(new List<Integer>{1}); System.debug(s); s.retainAll(new Set<Integer>{2, 4, 9}); System.debug(s);',
    ['{2, 3, 4}', '{2, 4}'],
  ],
  [
    'Set from a list removes duplicates',
    'Set<Integer> s = new Set<Integer>(new List<Integer>{3, 1, 3}); System.debug(s);',
    ['{3, 1}'],
  ],
  // Map
  [
    'Map.put returns the previous value',
    "Map<String, Integer> m = new Map<String, Integer>(); System.debug(m.put('a', 1)); System.debug(m.put('a', 2)); System.debug(m.get('a'));",
    ['null', '1', '2'],
  ],
  [
    'Map.get of a missing key is null',
    "System.debug(new Map<String, Integer>().get('x'));",
    ['null'],
  ],
  [
    'Map keys are case-sensitive',
    "Map<String, Integer> m = new Map<String, Integer>{'a' => 1}; System.debug(m.containsKey('a')); System.debug(m.containsKey('A'));",
    ['true', 'false'],
  ],
  [
    'Map.keySet and values keep insertion order',
    "Map<String, Integer> m = new Map<String, Integer>{'b' => 2, 'a' => 1}; System.debug(m.keySet()); System.debug(m.values());",
    ['{b, a}', '(2, 1)'],
  ],
  [
    'Map.remove returns the removed value',
    "Map<String, Integer> m = new Map<String, Integer>{'a' => 1}; System.debug(m.remove('a')); System.debug(m.size());",
    ['1', '0'],
  ],
  [
    'Map.putAll from a map',
    "Map<String, Integer> m = new Map<String, Integer>{'a' => 1}; m.putAll(new Map<String, Integer>{'b' => 2, 'a' => 9}); System.debug(m);",
    ['{a=9, b=2}'],
  ],
  [
    'Map.clone and clear',
    "Map<String, Integer> m = new Map<String, Integer>{'a' => 1}; Map<String, Integer> c = m.clone(); m.clear(); System.debug(m.isEmpty()); System.debug(c.size());",
    ['true', '1'],
  ],
  ['Map.toString', "System.debug(new Map<String, Integer>{'a' => 1, 'b' => 2});", ['{a=1, b=2}']],
  [
    'Map.equals compares keys and values',
    "System.debug(new Map<String, Integer>{'a' => 1} == new Map<String, Integer>{'a' => 1}); System.debug(new Map<String, Integer>{'a' => 1} == new Map<String, Integer>{'a' => 2});",
    ['true', 'false'],
  ],
  [
    'Map with Integer keys',
    "Map<Integer, String> m = new Map<Integer, String>{1 => 'one'}; System.debug(m.get(1));",
    ['one'],
  ],
  [
    'Map of lists',
    "Map<String, List<Integer>> m = new Map<String, List<Integer>>(); m.put('k', new List<Integer>()); m.get('k').add(5); System.debug(m);",
    ['{k=(5)}'],
  ],
  [
    'new Map<Id, Account>(list) keys records by Id',
    "List<Account> accs = new List<Account>{new Account(Name = 'A'), new Account(Name = 'B')}; insert accs; Map<Id, Account> m = new Map<Id, Account>(accs); System.debug(m.size()); System.debug(m.get(accs[1].Id).Name);",
    ['2', 'B'],
  ],
  [
    'Map.putAll(List<SObject>)',
    "List<Account> accs = new List<Account>{new Account(Name = 'A')}; insert accs; Map<Id, Account> m = new Map<Id, Account>(); m.putAll(accs); System.debug(m.containsKey(accs[0].Id));",
    ['true'],
  ],
  [
    'Map copy constructor',
    "Map<String, Integer> a = new Map<String, Integer>{'x' => 1}; Map<String, Integer> b = new Map<String, Integer>(a); b.put('y', 2); System.debug(a.size());",
    ['1'],
  ],
  [
    'Sets of SObjects compare records by field values',
    "Set<Account> s = new Set<Account>{new Account(Name = 'A'), new Account(Name = 'A'), new Account(Name = 'B')}; System.debug(s.size());",
    ['2'],
  ],
  [
    'a List<String> is a List<Object>',
    'Object o = new List<String>(); System.debug(o instanceof List<Object>); System.debug(o instanceof List<String>); System.debug(o instanceof Set<String>);',
    ['true', 'true', 'false'],
  ],
  [
    'Map values can be null and containsKey tells them apart',
    "Map<String, String> m = new Map<String, String>{'k' => null}; System.debug(m.get('k')); System.debug(m.containsKey('k')); System.debug(m.containsKey('z'));",
    ['null', 'true', 'false'],
  ],
  [
    'Id keys match in their 15- and 18-character forms',
    "Id full = '001000000000001AAA'; Map<Id, String> m = new Map<Id, String>{full => 'x'}; System.debug(m.get('001000000000001')); Set<Id> s = new Set<Id>{'001000000000001'}; System.debug(s.contains(full)); System.debug(s.contains('001000000000001'));",
    ['x', 'true', 'true'],
  ],
  [
    'nested collections print recursively',
    "List<Map<String, Integer>> l = new List<Map<String, Integer>>{new Map<String, Integer>{'a' => 1}}; System.debug(l); System.debug(new Map<String, List<Integer>>{'k' => new List<Integer>{1, 2}});",
    ['({a=1})', '{k=(1, 2)}'],
  ],
  [
    'a removed and re-added map key goes to the end',
    "Map<String, Integer> m = new Map<String, Integer>{'a' => 1, 'b' => 2}; m.remove('a'); m.put('a', 3); System.debug(m.keySet());",
    ['{b, a}'],
  ],
  [
    'List.sort of Longs and Decimals',
    'List<Long> l = new List<Long>{3L, 1L, 2L}; l.sort(); System.debug(l); List<Decimal> d = new List<Decimal>{2.5, 0.5, 1.0}; d.sort(); System.debug(d);',
    ['(1, 2, 3)', '(0.5, 1.0, 2.5)'],
  ],
];

for (const [name, src, expected] of cases) {
  test(name, () => assert.deepEqual(debug(src), expected));
}

test('List.get out of bounds throws System.ListException', () => {
  const e = failure('List<Integer> l = new List<Integer>{1}; l.get(3);');
  assert.equal(e.type, 'System.ListException');
  assert.equal(e.message, 'List index out of bounds: 3');
});

test('array index out of bounds throws System.ListException', () => {
  const e = failure("String[] a = new String[1]; a[-1] = 'x';");
  assert.equal(e.message, 'List index out of bounds: -1');
});

test('iterating past the end throws System.NoSuchElementException', () => {
  const e = failure('Iterator<Integer> it = new List<Integer>().iterator(); it.next();');
  assert.equal(e.type, 'System.NoSuchElementException');
});
