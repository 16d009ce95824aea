/**
 * Type names read back into types (`parseTypeName`), as `Type.forName`, `JSON.deserialize` and
 * `instanceof` by name need them: generics, arrays as lists, dotted names, and text that names no
 * type.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTypeRef, parseTypeName, typeRef } from '../../src/runtime/values';

test('a generic type name reads back as the type formatTypeRef writes', () => {
  for (const name of ['String', 'Map<String, List<Integer>>', 'Sync.Options', 'Set<Id>']) {
    const ref = parseTypeName(name);
    assert.ok(ref, `${name} is a type name`);
    assert.equal(formatTypeRef(ref), name, name);
  }
  assert.deepEqual(
    parseTypeName(' Map<String,List<Integer>> '),
    typeRef('Map', typeRef('String'), typeRef('List', typeRef('Integer'))),
    'spaces around the names do not matter',
  );
});

test('an array type name is a list, one level for each pair of brackets', () => {
  assert.deepEqual(parseTypeName('String[]'), typeRef('List', typeRef('String')));
  assert.deepEqual(
    parseTypeName('Account[][]'),
    typeRef('List', typeRef('List', typeRef('Account'))),
  );
  assert.deepEqual(
    parseTypeName('List<Integer[]>'),
    typeRef('List', typeRef('List', typeRef('Integer'))),
  );
});

test('text that names no type reads as null', () => {
  for (const text of ['', '<String>', 'Map<String, ', 'List<Integer', 'String Integer', 'a-b']) {
    assert.equal(parseTypeName(text), null, JSON.stringify(text));
  }
});
