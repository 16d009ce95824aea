/**
 * `System.AsyncOptions`, `System.QueueableDuplicateSignature` (and its `Builder`) and
 * `System.AsyncInfo` (Apex Reference Guide; Apex Developer Guide, "Queueable Apex" →
 * "Setting Maximum Stack Depth of Chained Queueable Jobs" and "Detecting Duplicate Queueable
 * Jobs").
 */
import type { NativeClass } from '../../runtime/native';
import { ApexError, NativeObject, NotSupportedError, type Value } from '../../runtime/values';
import { asyncOf } from './context';

/** What `System.enqueueJob(queueable, options)` was asked for. */
export interface QueueableOptions {
  delayMinutes?: number;
  /** `MaximumQueueableStackDepth`: the chain stops at this depth (overrides the edition's). */
  maxDepth?: number | null;
  /** `DuplicateSignature`: no two queued or running jobs may share it. */
  signature?: string | null;
}

interface AsyncOptionsState {
  maxDepth: number | null;
  minDelay: number | null;
  signature: NativeObject<SignatureState> | null;
}

interface SignatureState {
  readonly key: string;
}

interface BuilderState {
  parts: string[];
}

export const DUPLICATE_SIGNATURE_MESSAGE =
  'Attempt to enqueue job with duplicate queueable signature';

const st = <S>(self: Value) => (self as NativeObject<S>).state;

const intOrNull = (v: Value): number | null => (v === null ? null : Number(v));

/** The options of an `AsyncOptions` object (or a delay in minutes) as `enqueueJob` reads them. */
export function queueableOptions(arg: Value): QueueableOptions {
  if (arg === null) return {};
  if (typeof arg === 'number') return { delayMinutes: arg };
  if (arg instanceof NativeObject && arg.typeName === 'AsyncOptions') {
    const s = arg.state as AsyncOptionsState;
    if (s.maxDepth !== null && s.maxDepth < 1) {
      throw new NotSupportedError(`AsyncOptions.MaximumQueueableStackDepth of ${s.maxDepth}`);
    }
    return {
      delayMinutes: s.minDelay ?? undefined,
      maxDepth: s.maxDepth,
      signature: s.signature?.state.key ?? null,
    };
  }
  throw new NotSupportedError('System.enqueueJob with a second argument of this type');
}

function builderAdd(part: (v: Value) => string) {
  return (_rt: unknown, args: Value[], self: Value): Value => {
    const v = args[0] ?? null;
    if (v === null) {
      throw new ApexError('System.NullPointerException', 'Argument cannot be null');
    }
    st<BuilderState>(self).parts.push(part(v));
    return self;
  };
}

const sizeNotSupported = () => {
  throw new NotSupportedError('QueueableDuplicateSignature.Builder sizes (bytes)');
};

export const queueableOptionClasses: NativeClass[] = [
  {
    name: 'AsyncOptions',
    construct: () =>
      new NativeObject<AsyncOptionsState>('AsyncOptions', {
        maxDepth: null,
        minDelay: null,
        signature: null,
      }),
    props: {
      maximumqueueablestackdepth: {
        get: (_rt, s) => st<AsyncOptionsState>(s).maxDepth,
        set: (_rt, s, v) => void (st<AsyncOptionsState>(s).maxDepth = intOrNull(v)),
      },
      minimumqueueabledelayinminutes: {
        get: (_rt, s) => st<AsyncOptionsState>(s).minDelay,
        set: (_rt, s, v) => void (st<AsyncOptionsState>(s).minDelay = intOrNull(v)),
      },
      duplicatesignature: {
        get: (_rt, s) => st<AsyncOptionsState>(s).signature,
        set: (_rt, s, v) =>
          void (st<AsyncOptionsState>(s).signature = v as NativeObject<SignatureState> | null),
      },
    },
  },
  {
    name: 'QueueableDuplicateSignature',
    methods: {
      tostring: () => {
        throw new NotSupportedError('QueueableDuplicateSignature.toString()');
      },
    },
  },
  {
    name: 'Builder',
    namespace: 'QueueableDuplicateSignature',
    construct: () =>
      new NativeObject<BuilderState>('QueueableDuplicateSignature.Builder', { parts: [] }),
    methods: {
      addid: builderAdd((v) => `id:${String(v).slice(0, 15)}`),
      addstring: builderAdd((v) => `string:${String(v)}`),
      addinteger: builderAdd((v) => `integer:${String(v)}`),
      build: (_rt, _a, self) =>
        new NativeObject<SignatureState>('QueueableDuplicateSignature', {
          key: st<BuilderState>(self).parts.join('|'),
        }),
      getsize: sizeNotSupported,
      getremainingsize: sizeNotSupported,
      getmaxsize: sizeNotSupported,
    },
  },
  {
    name: 'AsyncInfo',
    statics: {
      getcurrentqueueablestackdepth: (rt) => asyncOf(rt).jobs.chainOf()?.depth ?? 0,
      getmaximumqueueablestackdepth: (rt) => asyncOf(rt).jobs.chainOf()?.maxDepth ?? null,
      hasmaxstackdepth: (rt) => (asyncOf(rt).jobs.chainOf()?.maxDepth ?? null) !== null,
      getminimumqueueabledelayinminutes: (rt) => asyncOf(rt).jobs.chainOf()?.delay ?? null,
    },
  },
];
