/**
 * Platform events: `EventBus.publish`, publish-after-commit vs publish-immediately, event
 * triggers (`after insert` on `X__e`) run in their own transaction in batches of up to 2,000,
 * `EventBus.TriggerContext` (retries, lastError, resume checkpoints), `EventBus.RetryableException`
 * (up to 9 retries, then the subscriber is in error) and `Test.getEventBus()`.
 */
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../runtime/native';
import {
  ApexDatetime,
  ApexList,
  NativeObject,
  NotSupportedError,
  SObjectValue,
  typeRef,
  type Value,
} from '../../runtime/values';
import { isTest, platformOf, requireArg } from './context';
import { KEY_PREFIX } from './ids';
import type { AsyncService, RunContext } from './service';

export type EventPublishBehavior = 'PublishAfterCommit' | 'PublishImmediately';

export const MAX_EVENT_BATCH = 2000;
export const MAX_EVENT_RETRIES = 9;
/** Delay before a retried batch is redelivered outside tests (grows with each retry). */
const RETRY_DELAY_MS = 5_000;

export interface EventMessage {
  readonly object: string;
  readonly replayId: string;
  readonly uuid: string;
  readonly record: SObjectValue;
  readonly test: boolean;
  /** The Apex publish callback (`EventBus.publish(events, callback)`), told once. */
  callback: Value;
}

/** One subscriber: the triggers on one event object. */
export interface EventSubscriber {
  readonly object: string;
  readonly test: boolean;
  queue: EventMessage[];
  retries: number;
  lastError: string | null;
  state: 'Running' | 'Error';
  /** Events delivered successfully so far. */
  position: number;
  /** A retried batch is waiting for its delay (worker) or the next `deliver()` (tests). */
  retryPending: boolean;
  /** A delivery work item is already queued (outside tests): later events join its batch. */
  deliveryQueued?: boolean;
}

export interface TriggerContextState {
  readonly subscriber: EventSubscriber;
  readonly batch: EventMessage[];
  checkpoint: string | null;
}

/** The `Database.SaveResult` state used when no `makeSaveResult` is configured. */
export interface SaveResultState {
  readonly id: string | null;
  readonly success: boolean;
  /** Same shape as platform/data's `RowResult`, so its `Database.SaveResult` methods apply. */
  readonly created: boolean;
  readonly errors: { statusCode: string; message: string; fields: string[] }[];
}

export class EventBusService {
  private replay = 0;
  private readonly subscribers = new Map<string, EventSubscriber>();

  constructor(private readonly svc: AsyncService) {}

  private subscriber(object: string, test: boolean): EventSubscriber {
    const key = `${test ? 'test' : 'org'}:${object.toLowerCase()}`;
    let s = this.subscribers.get(key);
    if (!s) {
      s = {
        object,
        test,
        queue: [],
        retries: 0,
        lastError: null,
        state: 'Running',
        position: 0,
        retryPending: false,
      };
      this.subscribers.set(key, s);
    }
    return s;
  }

  /** The subscriber state of an event object (EventBusSubscriber's Retries, LastError …). */
  subscriberInfo(object: string, test = false): Readonly<EventSubscriber> | undefined {
    return this.subscribers.get(`${test ? 'test' : 'org'}:${object.toLowerCase()}`);
  }

  publishBehavior(object: string): EventPublishBehavior {
    const configured =
      this.svc.options.eventPublishBehavior?.(object) ??
      this.svc.project.eventPublishBehavior(object);
    return configured === 'PublishImmediately' ? 'PublishImmediately' : 'PublishAfterCommit';
  }

  /** `EventBus.publish(event)` / `EventBus.publish(events)`. */
  publish(rt: Runtime, arg: Value, callback: Value = null): Value {
    requireArg(arg);
    const single = arg instanceof SObjectValue;
    const events = single ? [arg] : arg instanceof ApexList ? arg.items : null;
    if (!events) throw new NotSupportedError('EventBus.publish of something other than SObjects');
    const test = isTest(rt);
    const limits = platformOf(rt).limits;
    const first = events.find((e) => e instanceof SObjectValue);
    if (first) {
      this.svc.hooks.before({ kind: 'publish', eventType: first.type, events: events.length });
    }
    const results: Value[] = [];
    const byBehavior = new Map<EventPublishBehavior, EventMessage[]>();
    for (const e of events) {
      if (!(e instanceof SObjectValue)) {
        throw new NotSupportedError('EventBus.publish of a value that is not an SObject');
      }
      if (!/__e$/i.test(e.type)) {
        throw new NotSupportedError(`EventBus.publish of ${e.type} (not a platform event)`);
      }
      const uuid = (e.fields.get('eventuuid') as string | null | undefined) ?? randomUUID();
      const copy = new SObjectValue(e.type);
      for (const [k, v] of e.fields) copy.fields.set(k, v);
      // Platform Events Developer Guide, "Get the Result of Asynchronous Platform Event
      // Publishing with Apex Publish Callbacks": a missing required field (or another invalid
      // value) fails the publish at once, in the SaveResult, and the event is not published.
      const errors = platformOf(rt).data.fieldErrors?.(copy) ?? [];
      if (errors.length) {
        results.push(this.saveResult(null, errors));
        continue;
      }
      copy.fields.set('replayid', String(++this.replay));
      copy.fields.set('eventuuid', uuid);
      // the platform stamps the publisher (System.runAs included) and the time on each message
      copy.fields.set('createdbyid', rt.user.id);
      copy.fields.set('createddate', new ApexDatetime(this.svc.clock.now()));
      const message: EventMessage = {
        object: e.type,
        replayId: String(this.replay),
        uuid,
        record: copy,
        test,
        callback,
      };
      const behavior = this.publishBehavior(e.type);
      byBehavior.set(behavior, [...(byBehavior.get(behavior) ?? []), message]);
      results.push(this.saveResult(this.svc.ids.next(KEY_PREFIX.eventPublish), []));
    }
    const immediate = byBehavior.get('PublishImmediately') ?? [];
    const afterCommit = byBehavior.get('PublishAfterCommit') ?? [];
    // Publish-after-commit counts as a DML statement; publish-immediately has its own limit.
    if (afterCommit.length) {
      limits.consume('dmlStatements');
      limits.consume('dmlRows', afterCommit.length);
    }
    if (immediate.length) limits.consume('publishImmediateDml');
    this.accept(immediate);
    this.svc.afterCommit(rt, () => this.accept(afterCommit));
    return single ? results[0] : new ApexList(typeRef('Database.SaveResult'), results);
  }

  /**
   * An event the platform itself publishes (`BatchApexErrorEvent`): on the bus at once,
   * whatever happens to the transaction that raised it.
   */
  publishFromPlatform(record: SObjectValue, test: boolean): void {
    const uuid = randomUUID();
    record.fields.set('replayid', String(++this.replay));
    record.fields.set('eventuuid', uuid);
    this.accept([
      { object: record.type, replayId: String(this.replay), uuid, record, test, callback: null },
    ]);
  }

  private saveResult(id: string | null, errors: SaveResultState['errors']): Value {
    if (this.svc.options.makeSaveResult) return this.svc.options.makeSaveResult(id, errors);
    return new NativeObject<SaveResultState>('Database.SaveResult', {
      id,
      success: errors.length === 0,
      created: errors.length === 0,
      errors,
    });
  }

  /** Events reach the bus: queued for their subscriber, delivered by the worker or tests. */
  private accept(messages: EventMessage[]): void {
    for (const m of messages) {
      const s = this.subscriber(m.object, m.test);
      if (!m.test) this.notify([m], 'success');
      if (s.state === 'Error') continue;
      s.queue.push(m);
      if (!m.test) this.scheduleDelivery(s, 0);
    }
  }

  /**
   * Apex publish callbacks: `onSuccess(EventBus.SuccessResult)` once the events are published,
   * `onFailure(EventBus.FailureResult)` when publishing failed; each in its own transaction.
   */
  private notify(messages: EventMessage[], outcome: 'success' | 'failure'): void {
    const byCallback = new Map<Value, string[]>();
    for (const m of messages) {
      if (m.callback === null) continue;
      byCallback.set(m.callback, [...(byCallback.get(m.callback) ?? []), m.uuid]);
      m.callback = null;
    }
    for (const [callback, uuids] of byCallback) {
      const iface =
        outcome === 'success'
          ? 'EventBus.EventPublishSuccessCallback'
          : 'EventBus.EventPublishFailureCallback';
      if (!this.svc.isInstanceOf(callback, iface)) continue;
      const test = messages[0].test;
      const run = () => {
        const result = new NativeObject<{ uuids: string[] }>(
          outcome === 'success' ? 'EventBus.SuccessResult' : 'EventBus.FailureResult',
          { uuids },
        );
        const ctx: RunContext = { kind: 'eventTrigger', job: null, allowsCallouts: false, test };
        const error = this.svc.runJob(ctx, 'async', () => {
          this.svc.invoker.invoke(callback, outcome === 'success' ? 'onSuccess' : 'onFailure', [
            result,
          ]);
        });
        if (error) this.svc.reportFailure(ctx, null, 'Event publish callback', error);
      };
      if (test) run();
      else {
        this.svc.enqueue({
          due: this.svc.clock.now(),
          jobId: null,
          label: 'Event publish callback',
          test: false,
          followUp: true,
          run,
        });
      }
    }
  }

  private scheduleDelivery(s: EventSubscriber, delay: number): void {
    if (s.test || s.deliveryQueued) return;
    s.deliveryQueued = true;
    this.svc.enqueue({
      due: this.svc.clock.now() + delay,
      jobId: null,
      label: `Event trigger ${s.object}`,
      test: false,
      followUp: true,
      run: () => {
        s.deliveryQueued = false;
        s.retryPending = false;
        this.deliverBatch(s);
      },
    });
  }

  /** `Test.getEventBus().deliver()`: deliver every test event published so far. */
  deliverTest(): void {
    for (const s of this.subscribers.values()) {
      if (!s.test) continue;
      this.notify(s.queue, 'success');
      s.retryPending = false;
      // A retried batch waits for the next deliver() call, as the platform documents.
      while (s.queue.length && s.state === 'Running' && !s.retryPending) this.deliverBatch(s);
    }
  }

  /** `Test.getEventBus().fail()`: the published test events fail and are not delivered. */
  failTest(): void {
    for (const s of this.subscribers.values()) {
      if (!s.test) continue;
      this.notify(s.queue, 'failure');
      s.queue = [];
    }
  }

  resetTest(): void {
    for (const [k, s] of this.subscribers) if (s.test) this.subscribers.delete(k);
  }

  private deliverBatch(s: EventSubscriber): void {
    if (s.state === 'Error' || s.queue.length === 0) return;
    const triggerObject = this.triggerObject(s.object);
    if (!triggerObject) {
      s.position += s.queue.length;
      s.queue = [];
      return;
    }
    const batch = s.queue.slice(0, MAX_EVENT_BATCH);
    const outcome = this.svc.hooks.before({
      kind: 'deliver',
      eventType: s.object,
      events: batch.length,
    });
    if (outcome?.drop) {
      s.queue = s.queue.slice(batch.length);
      s.position += batch.length;
      if (s.queue.length && !s.test) this.scheduleDelivery(s, 0);
      return;
    }
    if (outcome?.delayMs !== undefined) {
      // Outside tests the batch comes back after the delay; in a test at the next deliver().
      s.retryPending = true;
      this.scheduleDelivery(s, outcome.delayMs);
      return;
    }
    const eventState: TriggerContextState = { subscriber: s, batch, checkpoint: null };
    const ctx: RunContext = {
      kind: 'eventTrigger',
      job: null,
      allowsCallouts: false,
      test: s.test,
      eventState,
    };
    const error = this.svc.runJob(ctx, 'async', () =>
      this.svc.invoker.runTriggers({
        object: triggerObject,
        operation: 'AFTER_INSERT',
        newList: batch.map((m) => m.record),
        oldList: null,
        eventContext: eventState,
      }),
    );
    const info = error ? this.svc.errorInfo(error) : null;
    if (info && info.type.toLowerCase() === 'eventbus.retryableexception') {
      s.lastError = info.message;
      if (s.retries >= MAX_EVENT_RETRIES) {
        s.state = 'Error';
        s.queue = [];
        return;
      }
      s.retries++;
      s.retryPending = true;
      this.scheduleDelivery(s, RETRY_DELAY_MS * s.retries);
      return;
    }
    let done = batch.length;
    if (eventState.checkpoint !== null) {
      const at = batch.findIndex((m) => m.replayId === eventState.checkpoint);
      done = at + 1;
    }
    // A redelivered batch (at-least-once delivery) comes again from the same position.
    if (!outcome?.redeliver) {
      s.queue = s.queue.slice(done);
      s.position += done;
    }
    s.retries = 0;
    // An uncaught exception loses the batch (after the checkpoint, if any, it is resent).
    if (error && !s.test) this.svc.reportFailure(ctx, null, `Event trigger ${s.object}`, error);
    if (s.queue.length && !s.test) this.scheduleDelivery(s, 0);
  }

  /**
   * The name the event's triggers are declared on: a namespaced event (`ns__Name__e`, as a
   * managed package's own code sees it) has triggers written `on Name__e` in the package.
   */
  private triggerObject(object: string): string | null {
    if (this.svc.invoker.hasTriggers(object)) return object;
    const parts = object.split('__');
    const local = parts.length === 3 ? `${parts[1]}__${parts[2]}` : null;
    return local && this.svc.invoker.hasTriggers(local) ? local : null;
  }

  /** `EventBus.TriggerContext.currentContext()`. */
  currentContext(): Value {
    const ctx = this.svc.current();
    if (!ctx || ctx.kind !== 'eventTrigger') {
      throw new NotSupportedError(
        'EventBus.TriggerContext.currentContext() outside an event trigger',
      );
    }
    return new NativeObject<TriggerContextState>(
      'EventBus.TriggerContext',
      ctx.eventState as TriggerContextState,
    );
  }

  setResumeCheckpoint(state: TriggerContextState, replayId: Value): void {
    const id = String(requireArg(replayId));
    if (!state.batch.some((m) => m.replayId === id)) {
      throw new NotSupportedError(`setResumeCheckpoint(${id}) for an event outside the batch`);
    }
    state.checkpoint = id;
  }
}
