/** Test helpers: an interpreter over a tiny in-memory fake DataService, and Apex runners. */
import assert from 'node:assert/strict';
import { buildAst } from '../../src/ast/build';
import { Interpreter } from '../../src/interp/interpreter';
import { runAnonymous, type AnonymousResult } from '../../src/interp/anonymous';
import { fakeDataService } from '../fixtures/fake-data';
import { standardNatives } from '../../src/org';

/**
 * A fresh interpreter with the given class sources (name → source); with `stdlib`, the
 * standard library natives (String, Date, JSON …) too.
 */
export function interpreterWith(classes: Record<string, string> = {}, stdlib = false): Interpreter {
  const interp = new Interpreter({
    data: fakeDataService(['Account', 'Contact', 'User']),
    natives: stdlib ? standardNatives() : [],
  });
  for (const [name, src] of Object.entries(classes)) {
    interp.addUnit(
      buildAst(src, src.trimStart().startsWith('trigger') ? 'trigger' : 'class', name),
      name,
      name,
    );
  }
  interp.linkAll();
  return interp;
}

/** Run anonymous Apex; returns the result. */
export function run(source: string, classes: Record<string, string> = {}): AnonymousResult {
  return runAnonymous(interpreterWith(classes), source);
}

/** Run anonymous Apex that must succeed; returns its debug messages. */
export function debug(
  source: string,
  classes: Record<string, string> = {},
  stdlib = false,
): string[] {
  const r = runAnonymous(interpreterWith(classes, stdlib), source);
  if (!r.success) assert.fail(`${r.error?.type}: ${r.error?.message}\n${r.error?.trace}`);
  return r.debug.map((d) => d.message);
}

/** The single debug line of `System.debug(expr)`. */
export function value(expr: string, classes: Record<string, string> = {}): string {
  return debug(`System.debug(${expr});`, classes)[0];
}

/** Run anonymous Apex that must fail; returns the failure. */
export function failure(source: string, classes: Record<string, string> = {}) {
  const r = run(source, classes);
  assert.equal(r.success, false, 'expected the Apex to fail');
  return r.error!;
}
