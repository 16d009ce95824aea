/**
 * Running anonymous Apex (`localorg run script.apex`, `Org.runAnonymous`): one transaction,
 * `System.debug` output collected, an uncaught exception reported with its Apex stack trace.
 */
import { buildAst } from '../ast/build';
import { ApexSyntaxError } from '../load/parse';
import { ApexThrow } from './model';
import type { DebugLine, Interpreter } from './interpreter';

export interface ApexFailure {
  /** `System.NullPointerException`, `MyException`, `CompileError`, `NotSupportedError` … */
  type: string;
  message: string;
  /** Apex stack trace, one frame per line (empty for compile errors). */
  trace: string;
}

export interface AnonymousResult {
  success: boolean;
  /** `System.debug` output in order. */
  debug: DebugLine[];
  error: ApexFailure | null;
}

/** Describe anything thrown while running Apex as an `ApexFailure`. */
export function describeFailure(interp: Interpreter, e: unknown): ApexFailure {
  if (e instanceof ApexThrow) return interp.describeThrow(e);
  if (e instanceof ApexSyntaxError) return { type: 'CompileError', message: e.message, trace: '' };
  if (e instanceof Error) {
    const type = e.name === 'Error' ? 'InternalError' : e.name;
    return { type, message: e.message, trace: type === 'InternalError' ? (e.stack ?? '') : '' };
  }
  return { type: 'InternalError', message: String(e), trace: '' };
}

export function runAnonymous(interp: Interpreter, source: string): AnonymousResult {
  const start = interp.debugLines.length;
  interp.beginTransaction('sync', false);
  const snapshot = interp.data.snapshot();
  let cls = null;
  try {
    const ast = buildAst(source, 'anonymous', 'AnonymousBlock');
    const unit = {
      name: 'AnonymousBlock',
      kind: 'anonymous' as const,
      file: 'AnonymousBlock',
      hits: new Uint8Array(source.split('\n').length + 2),
      isTest: false,
      ast,
      apiVersion: null,
    };
    cls = interp.declareAnonymous(unit);
    interp.runBlock(unit, cls);
    interp.endTransaction(true);
    return { success: true, debug: interp.debugLines.slice(start), error: null };
  } catch (e) {
    interp.data.restore(snapshot);
    interp.endTransaction(false);
    return {
      success: false,
      debug: interp.debugLines.slice(start),
      error: describeFailure(interp, e),
    };
  } finally {
    if (cls) interp.removeClass(cls);
  }
}
