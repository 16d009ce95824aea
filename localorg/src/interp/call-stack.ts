/**
 * The Apex call stack and exceptions: stack traces (`Class.Outer.method: line L, column C`),
 * exception objects for native errors, and turning anything thrown into an `ApexThrow`.
 */
import { ApexError, type Value } from '../runtime/values';
import { ApexThrow, ClassInfo, Frame, Instance, POS_SHIFT } from './model';
import { SCRIPT_THROWN } from './exceptions';
import { ClassLinker } from './linker';

export abstract class CallStack extends ClassLinker {
  readonly stack: Frame[] = [];

  captureStack(): string[] {
    const out: string[] = [];
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i];
      out.push(`${f.label}: line ${Math.floor(f.pos / POS_SHIFT)}, column ${f.pos % POS_SHIFT}`);
    }
    return out;
  }

  protected setThrowPosition(obj: Instance): void {
    const top = this.stack[this.stack.length - 1];
    if (top && obj.exc) {
      obj.exc.line = Math.floor(top.pos / POS_SHIFT);
      obj.exc.column = top.pos % POS_SHIFT;
    }
  }

  exceptionClass(apexType: string): ClassInfo {
    const found = this.resolveClass(apexType, null);
    if (found && found.isException()) return found;
    const name = apexType.includes('.') ? apexType : `System.${apexType}`;
    return this.builtinClass(name, this.exceptionRoot);
  }

  /** Create an exception object, e.g. for a native error. */
  newException(apexType: string, message: string, catchable = true, data?: unknown): Instance {
    const cls = this.exceptionClass(apexType);
    const obj = new Instance(cls, new Array<Value>(cls.nInstanceSlots).fill(null));
    obj.exc = {
      message,
      cause: null,
      trace: this.captureStack(),
      line: 0,
      column: 0,
      catchable,
      data,
    };
    this.setThrowPosition(obj);
    return obj;
  }

  /** Turn anything thrown inside Apex code into an `ApexThrow`; rethrows non-Apex errors. */
  toThrow(e: unknown): ApexThrow {
    if (e instanceof ApexThrow) return e;
    if (e instanceof ApexError)
      return new ApexThrow(this.newException(e.apexType, e.message, e.catchable, e.data));
    if (e instanceof RangeError && /call stack/i.test(e.message))
      return new ApexThrow(
        this.newException('System.LimitException', 'Maximum stack depth reached: 1001', false),
      );
    throw e;
  }

  /** `Type: message` followed by the stack trace: how an uncaught exception is reported. */
  describeThrow(t: ApexThrow): { type: string; message: string; trace: string } {
    const exc = t.exc.exc;
    return {
      type: t.exc.cls.name,
      message: exc?.message ?? SCRIPT_THROWN,
      trace: (exc?.trace ?? []).join('\n'),
    };
  }
}
