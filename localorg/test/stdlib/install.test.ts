/** Package install scripts: `System.Version`, `InstallContext` and `Test.testInstall`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAst } from '../../src/ast/build';
import { Interpreter } from '../../src/interp/interpreter';
import { noDataService } from '../../src/interp/no-data';
import { runAnonymous } from '../../src/interp/anonymous';
import { standardNatives } from '../../src/org';

const SETUP = `public class Setup implements InstallHandler {
  public void onInstall(InstallContext context) {
    System.debug(context.isUpgrade() + ' ' + context.previousVersion() + ' ' + context.isPush());
  }
}`;

function debugOf(source: string): string[] {
  const interp = new Interpreter({ data: noDataService(), natives: standardNatives() });
  interp.addUnit(buildAst(SETUP, 'class', 'Setup'), 'Setup', 'Setup');
  interp.linkAll();
  const result = runAnonymous(interp, source);
  assert.equal(result.error, null, JSON.stringify(result.error));
  return result.debug.map((d) => d.message);
}

test('Test.testInstall runs onInstall with the previous version, null on a first install', () => {
  assert.deepEqual(
    debugOf(
      'Test.testInstall(new Setup(), null); Test.testInstall(new Setup(), new Version(1, 2), true);',
    ),
    ['false null false', 'true 1.2 true'],
  );
});

test('Version parts, text and comparison', () => {
  assert.deepEqual(
    debugOf(
      "Version v = new Version(2, 0, 1); System.debug(v.major() + '.' + v.minor() + '.' + v.patch() + ' ' + v.compareTo(new Version(2, 1)) + ' ' + new Version(3, 0).compareTo(v));",
    ),
    ['2.0.1 -1 1'],
  );
});
