/**
 * Connect in Apex (`ConnectApi`). Apex Developer Guide, "Testing ConnectApi Code": most of its
 * methods need real org data and fail in data-siloed tests, which OrgShape-style code relies on
 * to detect `@IsTest(SeeAllData=true)`; localorg answers that failure. Everywhere else Connect
 * in Apex is refused loudly: an offline org has no Chatter, feeds or named credential API.
 */
import type { NativeClass, NativeFn } from '../../runtime/native';
import { ApexError, NotSupportedError } from '../../runtime/values';
import { isTest, platformOf } from './context';

/** The ConnectApi classes foreign suites call. */
const CLASSES = ['ChatterUsers', 'ChatterFeeds', 'ChatterGroups', 'NamedCredentials'];

function call(className: string, method: string): NativeFn {
  return (rt) => {
    if (isTest(rt) && !platformOf(rt).seeAllData) {
      throw new ApexError(
        'System.UnsupportedOperationException',
        'ConnectApi methods are not supported in data siloed tests. Please use @IsTest(SeeAllData=true).',
      );
    }
    throw new NotSupportedError(`ConnectApi.${className}.${method}()`);
  };
}

/** Every static method of the class, whatever its name. */
function anyStatic(className: string): Readonly<Record<string, NativeFn>> {
  return new Proxy({} as Record<string, NativeFn>, {
    get: (_t, method) => (typeof method === 'string' ? call(className, method) : undefined),
  });
}

export const connectApiClasses: NativeClass[] = CLASSES.map((name) => ({
  name,
  namespace: 'ConnectApi',
  statics: anyStatic(name),
}));
