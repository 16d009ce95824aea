/**
 * Calls into the org from outside Apex (Apex REST, Lightning's Apex actions): each call is one
 * top-level transaction, with fresh limits and statics, committed when the body returns and
 * rolled back when it throws, run as the org's user or as another User record (`userId`).
 */
import type { Interpreter } from '../interp/interpreter';
import { ApexList, SObjectValue } from '../runtime/values';
import type { LimitName } from './limits';

export interface EntryOptions {
  /** Run as this User (its Id); the org's running user otherwise. */
  userId?: string;
  /** Limits that differ for this kind of call (`@AuraEnabled(cacheable=true)`: no DML). */
  limitOverrides?: Partial<Record<LimitName, number>>;
}

const USER_FIELDS =
  'Id, Username, Name, FirstName, LastName, Email, ProfileId, TimeZoneSidKey, LocaleSidKey, LanguageLocaleKey';

/** The User record of an Id (the query is not counted against the call's limits). */
function userRecord(interp: Interpreter, userId: string): SObjectValue {
  const found = interp.data.query(
    `SELECT ${USER_FIELDS} FROM User WHERE Id = :userId`,
    () => userId,
  );
  interp.limits.reset();
  const user = found instanceof ApexList ? found.items[0] : null;
  if (!(user instanceof SObjectValue)) throw new Error(`localorg: no User with Id ${userId}`);
  return user;
}

/**
 * Run `body` as one transaction of a call from outside Apex (`Interpreter.inTransaction`: fresh
 * limits and statics, rollback and rethrow on an uncaught exception).
 */
export function runEntry<T>(interp: Interpreter, options: EntryOptions, body: () => T): T {
  return interp.inTransaction(
    'sync',
    () => {
      if (!options.userId) return body();
      let result: T | undefined;
      interp.runAs(userRecord(interp, options.userId), () => {
        result = body();
        return 0;
      });
      return result as T;
    },
    options.limitOverrides,
  );
}
