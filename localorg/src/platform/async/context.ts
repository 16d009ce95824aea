/** How native functions reach the platform and the async service from a `Runtime`. */
import type { Runtime } from '../../runtime/native';
import { ApexError, NotSupportedError, type Value } from '../../runtime/values';
import type { Platform } from '../services';
import type { AsyncService } from './service';

export function platformOf(rt: Runtime): Platform {
  return rt.platform as Platform;
}

export function asyncOf(rt: Runtime): AsyncService {
  const svc = platformOf(rt).async;
  if (!svc) throw new NotSupportedError('async services are not wired into this Platform');
  return svc;
}

export function isTest(rt: Runtime): boolean {
  return platformOf(rt).isTest === true;
}

export function argString(v: Value | undefined): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** `System.NullPointerException: Argument cannot be null.` as the platform raises it. */
export function requireArg(v: Value | undefined, what = 'Argument'): Value {
  if (v === null || v === undefined) {
    throw new ApexError('System.NullPointerException', `${what} cannot be null`);
  }
  return v;
}
