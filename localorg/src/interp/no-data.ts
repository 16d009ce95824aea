/**
 * The DataService used when none is plugged in: an org without SObject types. Every data
 * operation throws `NotSupportedError`, so code that needs the database fails loudly.
 */
import { NotSupportedError } from '../runtime/values';
import type { DataService } from '../platform/services';

export function noDataService(): DataService {
  const fail = (what: string): never => {
    throw new NotSupportedError(`${what} (no DataService plugged into this org)`);
  };
  return {
    dml: () => fail('DML'),
    query: () => fail('SOQL'),
    sobjectType: () => null,
    newSObject: (t) => fail(`new ${t}()`),
    getField: (_r, f) => fail(`SObject field ${f}`),
    putField: (_r, f) => fail(`SObject field ${f}`),
    fieldType: () => null,
    staticMember: () => undefined,
    callStatic: () => undefined,
    snapshot: () => null,
    restore: () => undefined,
  };
}
