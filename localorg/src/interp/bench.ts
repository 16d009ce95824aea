/**
 * Micro benchmark of the interpreter: a CPU-bound Apex loop, reported as simple statements
 * per second (each iteration runs the condition, the body statement and the update: 1
 * statement counted per iteration, as a user counts them).
 */
import { buildAst } from '../ast/build';
import { Interpreter } from './interpreter';
import { noDataService } from './no-data';

const LOOP = 'Integer s = 0; for (Integer i = 0; i < 3000000; i++) { s += i; } System.debug(s);';

/** Run the 3,000,000-iteration loop and return statements per second. */
export function benchStatementsPerSecond(iterations = 3_000_000): number {
  const interp = new Interpreter({ data: noDataService() });
  const source = LOOP.replace('3000000', String(iterations));
  const ast = buildAst(source, 'anonymous', 'bench');
  const unit = {
    name: 'bench',
    kind: 'anonymous' as const,
    file: 'bench',
    hits: new Uint8Array(4),
    isTest: false,
    ast,
    apiVersion: null,
  };
  interp.beginTransaction('async', false);
  const t0 = performance.now();
  interp.runBlock(unit, null);
  const ms = performance.now() - t0;
  return Math.round(iterations / (ms / 1000));
}
