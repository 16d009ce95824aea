/**
 * The seams between the interpreter (`interp/`) and the platform services (`platform/`).
 *
 * The interpreter knows nothing of how records are stored or jobs are queued: it calls these
 * interfaces for the language constructs that reach the platform (inline SOQL, DML statements,
 * `Account.Name` tokens, `Foo__mdt.getAll()`), and the platform calls back into the interpreter
 * through `ApexInvoker` to run triggers and jobs. `Runtime.platform` is a `Platform`.
 */
import type { GovernorLimits, LimitName } from './limits';
import type { ApexList, SObjectValue, TypeRef, Value } from '../runtime/values';
import type { AsyncService } from './async/service';

/** Evaluates the Apex expression after `:` in an inline SOQL bind (`:acc.Id`, `:ids`). */
export type BindResolver = (expression: string) => Value;

export type DmlOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'undelete' | 'merge';

export interface DmlOptions {
  /** `true` for DML statements and `Database.x(records)`; failures throw `System.DmlException`. */
  allOrNone: boolean;
  /** Upsert only: the external ID field to match on (`null` = by Id). */
  externalIdField?: string | null;
  accessLevel?: 'SYSTEM_MODE' | 'USER_MODE';
  /** Rows (by index) that fail with these errors before anything else is checked (injected faults). */
  rowErrors?: ReadonlyMap<number, { statusCode: string; message: string; fields: string[] }>;
}

/** Records, schema and SOQL: implemented by `platform/data/`. */
export interface DataService {
  /**
   * Run a DML operation. Returns the list of `Database.SaveResult`/`UpsertResult`/`DeleteResult`
   * (native objects); with `allOrNone` it throws `System.DmlException` on the first failing row.
   */
  dml(op: DmlOperation, records: SObjectValue[], options: DmlOptions): ApexList;
  /**
   * Run SOQL. Returns a `List<SObject>` (`ApexList`), an Integer for `SELECT COUNT() …`, or a
   * `List<AggregateResult>`. Counts queries and rows against the transaction's limits.
   */
  query(soql: string, binds: BindResolver, options?: { userMode?: boolean }): Value;
  /**
   * Optional: run an inline SOSL search (`[FIND … RETURNING …]`), giving a `List<List<SObject>>`.
   * In tests it returns the records `Test.setFixedSearchResults` named; outside tests localorg
   * has no search index.
   */
  search?(sosl: string, binds: BindResolver, isTest: boolean): Value;
  /**
   * Optional: the errors of a new record's required fields and field values (an event about to
   * be published), its values stored in their saved form; empty when it is valid.
   */
  fieldErrors?(record: SObjectValue): { statusCode: string; message: string; fields: string[] }[];
  /** The canonical API name of an SObject type (`account` → `Account`), or null. */
  sobjectType(name: string): string | null;
  newSObject(type: string): SObjectValue;
  /** `rec.Field__c` and `rec.Parent__r` with the platform's checks (field queried, exists). */
  getField(record: SObjectValue, field: string): Value;
  /** `rec.Field__c = v` with the platform's checks (type, field exists, not read-only). */
  putField(record: SObjectValue, field: string, value: Value): void;
  /** The canonical spelling of a field or relationship (`name` → `Name`), or null. */
  fieldName?(type: string, field: string): string | null;
  /** The declared Apex type of a field (`Decimal`, `String`, `Id`, `Account` for `Account`). */
  fieldType(type: string, field: string): TypeRef | null;
  /**
   * Static members of an SObject type: `Account.Name` (SObjectField token),
   * `Account.SObjectType`, `Schema.SObjectType.Account` … Returns undefined when unknown.
   */
  staticMember(type: string, member: string): Value | undefined;
  /** Static methods of SObject types: `Foo__mdt.getAll()`, `My_Setting__c.getInstance()`. */
  callStatic(type: string, method: string, args: Value[]): Value | undefined;
  /** Database state for test isolation, `Database.setSavepoint` and rollback. */
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  /**
   * A transaction starts (`ApexInvoker.inTransaction`), before its snapshot is taken; under
   * transaction isolation its writes stay its own until `endTransaction(true)` commits them.
   */
  beginTransaction?(): void;
  /** … and ends, committed or (after `restore`) rolled back: its row locks are released. */
  endTransaction?(committed: boolean): void;
  /**
   * The records of a `Database.QueryLocator` (what `Database.getQueryLocator` returned), for
   * Batch Apex whose `start` returns one. Optional: async/ asks for it only when a batch runs.
   */
  queryLocatorRecords?(locator: Value): SObjectValue[];
}

/** The `Trigger` context handed to a trigger body. */
export interface TriggerInvocation {
  object: string;
  operation:
    | 'BEFORE_INSERT'
    | 'BEFORE_UPDATE'
    | 'BEFORE_DELETE'
    | 'AFTER_INSERT'
    | 'AFTER_UPDATE'
    | 'AFTER_DELETE'
    | 'AFTER_UNDELETE';
  newList: SObjectValue[] | null;
  oldList: SObjectValue[] | null;
  /** Platform events only: the `EventBus.TriggerContext` state. */
  eventContext?: unknown;
}

/** What the platform asks of the interpreter. Implemented by `interp/`. */
export interface ApexInvoker {
  /** The trigger names (from `.trigger` files) declared on an object for an operation. */
  hasTriggers(object: string): boolean;
  /** Run every trigger on `object` for the operation, in the current transaction. */
  runTriggers(invocation: TriggerInvocation): void;
  /** Call an instance method of an Apex object (`execute`, `start`, `finish`, `respond` …). */
  invoke(target: Value, method: string, args: Value[]): Value;
  /** Call a static method by class name (`@future` methods). */
  invokeStatic(className: string, method: string, args: Value[]): Value;
  /**
   * Run `body` as its own transaction (a job, an event trigger batch): fresh limits of the
   * given kind, commit on success, rollback of DML on an uncaught exception, which is rethrown.
   */
  inTransaction<T>(kind: 'sync' | 'async', body: () => T, options?: TransactionOptions): T;
  /**
   * A deep copy of an Apex object, as the platform's serialisation of a job makes one: a
   * non-stateful batch restarts every chunk from such a copy; queued jobs are copied when
   * enqueued. Optional; async/ falls back to the same instance where it is absent.
   */
  cloneObject?(target: Value): Value;
  /** `target instanceof typeName` for interfaces such as `Database.Stateful`. */
  isInstanceOf?(target: Value, typeName: string): boolean;
  /** The Apex exception object for an error a job threw (`FinalizerContext.getException()`). */
  toExceptionObject?(error: unknown): Value;
  /** The Apex type and message of an error thrown by Apex code (user exceptions included). */
  describeError?(error: unknown): { type: string; message: string; trace?: string } | null;
}

/** Options of one transaction run by a platform service. */
export interface TransactionOptions {
  /**
   * Limits that differ from the sync/async table for this kind of job, e.g. a Queueable may
   * call 50 `@future` methods although the async table says 0 (batch and future contexts).
   */
  limitOverrides?: Partial<Record<LimitName, number>>;
}

/** One Apex transaction's view of the platform. */
export interface Platform {
  readonly data: DataService;
  readonly limits: GovernorLimits;
  /** True while an Apex test method runs (`Test.isRunningTest()`). */
  readonly isTest: boolean;
  /** True while an Apex test method annotated `@IsTest(SeeAllData=true)` (or in such a class) runs. */
  readonly seeAllData?: boolean;
  /** Async Apex, events, callouts, deploys, email and cache (`platform/async/`). */
  readonly async?: AsyncService;
  /**
   * True when the transaction has DML (or enqueued work) not yet committed: a callout then
   * throws `You have uncommitted work pending`. `Test.startTest()` starts afresh.
   */
  hasUncommittedWork?(): boolean;
}
