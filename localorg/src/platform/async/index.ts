/**
 * Async Apex, platform events, callouts, metadata deploys, email and platform cache.
 *
 * - `asyncClasses`: native classes owned here (`Http`, `EventBus`, `Metadata.*`, contexts …).
 * - `asyncClassExtensions`: static methods of classes owned elsewhere (`System.enqueueJob`,
 *   `Database.executeBatch`, `Test.setMock`, `Test.getEventBus`): merge them into those classes.
 * - `createAsyncService` and the hooks the interpreter calls (see the functions below).
 */
import type { NativeClass, Runtime } from '../../runtime/native';
import {
  ApexList,
  NativeObject,
  NotSupportedError,
  typeRef,
  type Value,
} from '../../runtime/values';
import { calloutClasses, setMock } from './callouts';
import { cacheClasses } from './cache';
import { changeEventClasses } from './change-events';
import { connectApiClasses } from './connect-api';
import { dataWeaveClasses } from './dataweave';
import { asyncOf } from './context';
import { emailClasses, type OutboxEmail } from './email';
import { inboundEmailClasses } from './inbound-email';
import { ParentJobResult } from './enums';
import type { TriggerContextState } from './events';
import type { FinalizerContextState } from './queueables';
import { invocableClasses } from './invocable';
import { metadataClasses } from './metadata';
import { queueableOptionClasses, queueableOptions } from './queueable-options';
import { requestClasses } from './request';
import type { AsyncService } from './service';

export { createAsyncService, AsyncService } from './service';
export type {
  AsyncServiceOptions,
  AsyncRecordsProvider,
  DrainOptions,
  DrainResult,
  RunContext,
} from './service';
export type { CustomMetadataStore, CustomMetadataRecordInput } from './metadata';
export type { CalloutTransport } from './transport';
export { workerTransport, processTransport } from './transport';
export { ManualClock, SystemClock, type Clock } from './clock';
export type { OutboxAttachment, OutboxEmail } from './email';
export { ORG_EDITIONS, isOrgEdition, type OrgEdition, type OrgLimitsOptions } from './editions';

const st = <S>(self: Value) => (self as NativeObject<S>).state;

const contextClasses: NativeClass[] = [
  {
    name: 'QueueableContext',
    methods: { getjobid: (_rt, _a, s) => st<{ jobId: string }>(s).jobId },
  },
  {
    name: 'BatchableContext',
    namespace: 'Database',
    methods: {
      getjobid: (_rt, _a, s) => st<{ jobId: string }>(s).jobId,
      getchildjobid: (_rt, _a, s) => st<{ childJobId: string | null }>(s).childJobId,
    },
  },
  {
    name: 'SchedulableContext',
    methods: { gettriggerid: (_rt, _a, s) => st<{ triggerId: string }>(s).triggerId },
  },
  {
    name: 'FinalizerContext',
    methods: {
      getasyncapexjobid: (_rt, _a, s) => st<FinalizerContextState>(s).jobId,
      getrequestid: (_rt, _a, s) => st<FinalizerContextState>(s).requestId,
      getresult: (rt, _a, s) => asyncOf(rt).jobs.finalizerResult(st<FinalizerContextState>(s)),
      getexception: (rt, _a, s) =>
        asyncOf(rt).jobs.finalizerException(st<FinalizerContextState>(s)),
    },
  },
  ParentJobResult.nativeClass('ParentJobResult'),
];

const eventClasses: NativeClass[] = [
  {
    name: 'EventBus',
    statics: {
      publish: (rt, a) => asyncOf(rt).events.publish(rt, a[0] ?? null, a[1] ?? null),
      getoperationid: () => {
        throw new NotSupportedError('EventBus.getOperationId');
      },
    },
  },
  {
    name: 'TriggerContext',
    namespace: 'EventBus',
    statics: { currentcontext: (rt) => asyncOf(rt).events.currentContext() },
    props: {
      retries: { get: (_rt, s) => st<TriggerContextState>(s).subscriber.retries },
      lasterror: { get: (_rt, s) => st<TriggerContextState>(s).subscriber.lastError },
    },
    methods: {
      setresumecheckpoint: (rt, a, s) => {
        asyncOf(rt).events.setResumeCheckpoint(st<TriggerContextState>(s), a[0] ?? null);
        return null;
      },
      getresumecheckpoint: (_rt, _a, s) => st<TriggerContextState>(s).checkpoint,
    },
  },
  {
    name: 'SuccessResult',
    namespace: 'EventBus',
    methods: {
      geteventuuids: (_rt, _a, s) =>
        new ApexList(typeRef('String'), [...st<{ uuids: string[] }>(s).uuids]),
    },
  },
  {
    name: 'FailureResult',
    namespace: 'EventBus',
    methods: {
      geteventuuids: (_rt, _a, s) =>
        new ApexList(typeRef('String'), [...st<{ uuids: string[] }>(s).uuids]),
    },
  },
  {
    name: 'TestBroker',
    namespace: 'EventBus',
    methods: {
      deliver: (rt) => (asyncOf(rt).events.deliverTest(), null),
      fail: (rt) => (asyncOf(rt).events.failTest(), null),
    },
  },
];

/** Native classes of the async/integration layer. */
export const asyncClasses: NativeClass[] = [
  ...contextClasses,
  ...calloutClasses,
  ...eventClasses,
  ...metadataClasses,
  ...emailClasses,
  ...inboundEmailClasses,
  ...cacheClasses,
  ...queueableOptionClasses,
  ...invocableClasses,
  ...requestClasses,
  ...changeEventClasses,
  ...connectApiClasses,
  ...dataWeaveClasses,
];

const num = (v: Value | undefined, dflt: number) =>
  v === null || v === undefined ? dflt : Number(v);

/** Static methods to merge into `System`, `Database` and `Test` (owned by other areas). */
export const asyncClassExtensions: NativeClass[] = [
  {
    name: 'System',
    statics: {
      enqueuejob: (rt, a) =>
        asyncOf(rt).jobs.enqueueJob(rt, a[0] ?? null, queueableOptions(a[1] ?? null)),
      attachfinalizer: (rt, a) => (asyncOf(rt).jobs.attachFinalizer(a[0] ?? null), null),
      schedule: (rt, a) => asyncOf(rt).jobs.schedule(rt, a[0] ?? null, a[1] ?? null, a[2] ?? null),
      schedulebatch: (rt, a) =>
        asyncOf(rt).jobs.scheduleBatch(
          rt,
          a[0] ?? null,
          a[1] ?? null,
          num(a[2], 0),
          num(a[3], 200),
        ),
      abortjob: (rt, a) => (asyncOf(rt).jobs.abortJob(a[0] ?? null), null),
      isbatch: (rt) => asyncOf(rt).current()?.kind === 'batch',
      isfuture: (rt) => asyncOf(rt).current()?.kind === 'future',
      isqueueable: (rt) => asyncOf(rt).current()?.kind === 'queueable',
      isscheduled: (rt) => asyncOf(rt).current()?.kind === 'scheduled',
    },
  },
  {
    name: 'Database',
    statics: {
      executebatch: (rt, a) => asyncOf(rt).jobs.executeBatch(rt, a[0] ?? null, num(a[1], 200)),
    },
  },
  {
    name: 'Test',
    statics: {
      setmock: (rt, a) => (setMock(rt, a[0] ?? null, a[1] ?? null), null),
      geteventbus: () => new NativeObject('EventBus.TestBroker', {}),
    },
  },
];

/**
 * Exception types this layer raises or user code throws that are not `System.*`: the
 * interpreter registers them as exception classes (all extend `Exception`).
 */
export const asyncExceptionTypes: readonly string[] = [
  'EventBus.RetryableException',
  'System.DuplicateMessageException',
  'Cache.Org.OrgCacheException',
  'Cache.Session.SessionCacheException',
  'Cache.InvalidParamException',
  'Cache.ItemSizeLimitExceededException',
];

// ---- hooks for the interpreter (helper A) --------------------------------------------------

/** `Test.stopTest()`: run the jobs and deliver the events queued by the test. */
export function runQueuedForStopTest(rt: Runtime): void {
  asyncOf(rt).runQueuedForStopTest();
}

/** `ApexInvoker.inTransaction`: call at the start of every transaction. */
export function onBegin(svc: AsyncService): void {
  svc.beginTransaction();
}

/** … after the body succeeded and DML was committed. */
export function onCommit(svc: AsyncService): void {
  svc.commitTransaction();
}

/** … after the body threw and DML was rolled back. */
export function onRollback(svc: AsyncService): void {
  svc.rollbackTransaction();
}

/** Emails sent so far (committed ones and those sent in tests). */
export function getOutbox(svc: AsyncService): readonly OutboxEmail[] {
  return svc.email.getOutbox();
}
