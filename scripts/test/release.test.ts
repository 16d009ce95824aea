import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packageAliasProblem } from '../release';

test('the placeholder package Id refuses a release and says what to run', () => {
  assert.match(
    packageAliasProblem({ packageAliases: { Conduit: '0Ho000000000000AAA' } }) ?? '',
    /is the placeholder 0Ho000000000000AAA: replace it with the Id that `sf package create --name Conduit/,
  );
});

test('a missing or malformed package Id refuses a release; a real one is accepted', () => {
  assert.equal(packageAliasProblem({}), 'sfdx-project.json has no packageAliases.Conduit');
  assert.equal(
    packageAliasProblem({ packageAliases: { Conduit: '04t5g000000abcd' } }),
    'packageAliases.Conduit is 04t5g000000abcd, not a package Id (0Ho…)',
  );
  assert.equal(packageAliasProblem({ packageAliases: { Conduit: '0Ho5g000000XyZaCAK' } }), null);
});
