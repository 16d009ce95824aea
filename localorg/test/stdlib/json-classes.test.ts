/** JSON.deserialize into user classes whose fields name sibling inner classes without their outer class. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAst } from '../../src/ast/build';
import { Interpreter } from '../../src/interp/interpreter';
import { noDataService } from '../../src/interp/no-data';
import { runAnonymous } from '../../src/interp/anonymous';
import { standardNatives } from '../../src/org';

const HOST = `public class Host {
  public class Option { public String name; public List<Mapping> mappings = new List<Mapping>(); public Mapping main; }
  public class Mapping { public String target; }
}`;

test('a field typed with a sibling inner class (List<Mapping> inside Host.Option) deserialises', () => {
  const interp = new Interpreter({ data: noDataService(), natives: standardNatives() });
  interp.addUnit(buildAst(HOST, 'class', 'Host'), 'Host', 'Host');
  interp.linkAll();
  const result = runAnonymous(
    interp,
    `Host.Option o = (Host.Option) JSON.deserialize('{"name": "x", "mappings": [{"target": "A"}], "main": {"target": "B"}}', Host.Option.class);
     System.debug(o.mappings[0].target + o.main.target);`,
  );
  assert.equal(result.error, null, JSON.stringify(result.error));
  assert.deepEqual(
    result.debug.map((d) => d.message),
    ['AB'],
  );
});
