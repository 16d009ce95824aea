/** JSON.deserialize into user classes whose fields name sibling inner classes without their outer class. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAst } from '../../src/ast/build';
import { Interpreter } from '../../src/interp/interpreter';
import { noDataService } from '../../src/interp/no-data';
import { runAnonymous } from '../../src/interp/anonymous';
import { standardNatives } from '../../src/org';

const OUTER = `public class Outer {
  public class Option { public String name; public List<Mapping> mappings = new List<Mapping>(); public Mapping main; }
  public class Mapping { public String target; }
}`;

test('a field typed with a sibling inner class (List<Mapping> inside Outer.Option) deserialises', () => {
  const interp = new Interpreter({ data: noDataService(), natives: standardNatives() });
  interp.addUnit(buildAst(OUTER, 'class', 'Outer'), 'Outer', 'Outer');
  interp.linkAll();
  const result = runAnonymous(
    interp,
    `Outer.Option o = (Outer.Option) JSON.deserialize('{"name": "x", "mappings": [{"target": "A"}], "main": {"target": "B"}}', Outer.Option.class);
     System.debug(o.mappings[0].target + o.main.target);`,
  );
  assert.equal(result.error, null, JSON.stringify(result.error));
  assert.deepEqual(
    result.debug.map((d) => d.message),
    ['AB'],
  );
});
