import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idSuffix, isValidId, to18, to18OrNull } from '../../src/platform/data/index';
import { IdGenerator, sameId } from '../../src/runtime/ids';

// Published examples of the 15 → 18 character conversion.
const VECTORS: [string, string][] = [
  ['a01M00000062mPg', 'a01M00000062mPgIAI'],
  ['001M000000qfPyS', '001M000000qfPySIAU'],
  ['a0FE000000D6r3F', 'a0FE000000D6r3FMAR'],
  ['0F9E000000092w2', '0F9E000000092w2KAA'],
  ['aaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaAAA'],
  ['AbCdEfGhIjKlMnO', 'AbCdEfGhIjKlMnOVKV'],
  ['aBcDEfgHIJKLMNO', 'aBcDEfgHIJKLMNO025'],
  ['500x000000003TR', '500x000000003TRAAY'],
];

for (const [id15, id18] of VECTORS) {
  test(`the case-safe suffix of ${id15} is ${id18.slice(15)}`, () => {
    assert.equal(idSuffix(id15), id18.slice(15));
    assert.equal(to18(id15), id18);
  });
}

test('an 18-character Id converts to itself and is valid', () => {
  assert.equal(to18('001M000000qfPySIAU'), '001M000000qfPySIAU');
  assert.equal(isValidId('001M000000qfPySIAU'), true);
});

test('an 18-character Id with a wrong suffix is not valid', () => {
  assert.equal(isValidId('001M000000qfPySAAA'), false);
  assert.equal(to18OrNull('001M000000qfPySAAA'), null);
});

test('Id.valueOf-style conversion of a non-Id raises System.StringException: Invalid id', () => {
  assert.throws(() => to18('abc'), { name: 'System.StringException', message: 'Invalid id: abc' });
});

test('generated Ids carry the key prefix, are 18 characters and valid', () => {
  const g = new IdGenerator();
  const a = g.next('001');
  const b = g.next('001');
  assert.equal(a.length, 18);
  assert.ok(a.startsWith('001'));
  assert.ok(isValidId(a));
  assert.notEqual(a, b);
  assert.ok(a < b, 'later Ids sort after earlier ones');
});

test('the 15- and 18-character forms of an Id name the same record, another Id does not', () => {
  assert.ok(sameId('001M000000qfPyS', '001M000000qfPySIAU'));
  assert.ok(!sameId('001M000000qfPyS', '001M000000qfPyT'));
});
