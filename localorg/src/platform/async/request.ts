/**
 * `System.Request.getCurrent()` and `System.Quiddity` (Apex Reference Guide, "Request Class",
 * "Quiddity Enum"): the request Id of the running transaction and the kind of execution it is.
 * localorg knows the kind for Apex tests (run synchronously: `RUNTEST_SYNC`) and for the async
 * jobs it runs; it refuses to name the others (anonymous Apex, Apex REST and Lightning calls
 * are not told apart yet) rather than guess.
 */
import { randomBytes } from 'node:crypto';
import type { NativeClass, Runtime } from '../../runtime/native';
import { NativeObject, NotSupportedError } from '../../runtime/values';
import { NativeEnum } from '../../runtime/stdlib/support';
import { asyncOf, isTest, platformOf } from './context';
import type { RunKind } from './service';

export const quiddities = new NativeEnum('System.Quiddity', [
  'ANONYMOUS',
  'AURA',
  'BATCH_ACS',
  'BATCH_APEX',
  'BATCH_CHUNK_PARALLEL',
  'BATCH_CHUNK_SERIAL',
  'BULK_API',
  'COMMERCE_INTEGRATION',
  'DISCOVERABLE_LOGIN',
  'FUTURE',
  'INBOUND_EMAIL_SERVICE',
  'INVOCABLE_ACTION',
  'IOT',
  'PLATFORM_EVENT_PUBLISH_CALLBACK',
  'POST_INSTALL_SCRIPT',
  'QUEUEABLE',
  'QUICK_ACTION',
  'REMOTE_ACTION',
  'REST',
  'RUNTEST_ASYNC',
  'RUNTEST_DEPLOY',
  'RUNTEST_SYNC',
  'SCHEDULED',
  'SOAP',
  'SYNCHRONOUS',
  'TRANSACTION_FINALIZER_QUEUEABLE',
  'VF',
]);

const BY_JOB: Partial<Record<RunKind, string>> = {
  queueable: 'QUEUEABLE',
  batch: 'BATCH_APEX',
  future: 'FUTURE',
  scheduled: 'SCHEDULED',
  finalizer: 'TRANSACTION_FINALIZER_QUEUEABLE',
};

function quiddity(rt: Runtime): string {
  const job = asyncOf(rt).current();
  if (job) {
    const q = BY_JOB[job.kind];
    if (!q) throw new NotSupportedError(`Request.getQuiddity() in a ${job.kind} run`);
    return q;
  }
  if (isTest(rt)) return 'RUNTEST_SYNC';
  throw new NotSupportedError(
    'Request.getQuiddity() outside Apex tests and async jobs (anonymous Apex, Apex REST and Lightning calls are not told apart)',
  );
}

/** One request Id per transaction (its governor limits object). */
const requestIds = new WeakMap<object, string>();

function requestId(rt: Runtime): string {
  const limits = platformOf(rt).limits;
  let id = requestIds.get(limits);
  if (!id) requestIds.set(limits, (id = randomBytes(16).toString('base64url').slice(0, 22)));
  return id;
}

export const requestClasses: NativeClass[] = [
  {
    name: 'Request',
    statics: { getcurrent: () => new NativeObject('System.Request', {}) },
    methods: {
      getrequestid: (rt) => requestId(rt),
      getquiddity: (rt) => quiddities.get(quiddity(rt)),
    },
  },
  quiddities.nativeClass('Quiddity'),
];
