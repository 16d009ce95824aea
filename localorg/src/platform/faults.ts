/**
 * Fault injection: make the platform fail as production does, at a chosen operation, from
 * TypeScript. Built on the operation-hook seam (`hooks.ts`).
 *
 * ```ts
 * const { faults } = createLocalOrg({ projectDir });
 * faults.at({ kind: 'callout', endpoint: /invoices/, nth: 2 }).timeout();
 * faults.at({ kind: 'dml', object: 'Sync_Write__c', operation: 'update' }).lockRow();
 * faults.at({ kind: 'query', object: 'Sync_Run__c', job: 'ImportJob' }).limit();
 * faults.at({ kind: 'enqueue', jobType: 'Queueable' }).refuseEnqueue('stack-depth');
 * faults.at({ kind: 'deliver', eventType: 'Sync_Request__e' }).redeliver();
 * faults.random({ seed: 42, rate: 0.05, kinds: ['callout', 'dml'] });
 * ```
 *
 * What each fault does is what the platform does (Apex Developer Guide): an uncatchable
 * `System.LimitException` ends the transaction and rolls it back ("Execution Governors and
 * Limits"); a locked row fails with `UNABLE_TO_LOCK_ROW` ("Locking Statements"); a callout
 * that times out throws `System.CalloutException: Read timed out` ("Callout Limits and
 * Limitations"); refused enqueues throw the platform's messages ("Queueable Apex").
 */
import { ApexError } from '../runtime/values';
import type { GovernorLimits } from './limits';
import { LIMIT_SPECS } from './limits';
import type {
  HookJobType,
  Operation,
  OperationHooks,
  OperationKind,
  OperationOutcome,
  OperationSite,
} from './hooks';
import type { DmlOperation } from './services';
import { pick, seededRandom, type Random } from './random';

/** `UNABLE_TO_LOCK_ROW`'s message, as the platform reports a row it could not lock in time. */
export const UNABLE_TO_LOCK_ROW_MESSAGE = 'unable to obtain exclusive access to this record';
/** The chain depth limit's message (`System.AsyncException`). */
export const MAX_STACK_DEPTH_MESSAGE = 'Maximum stack depth has been reached.';
/** The org's 24-hour allowance of async executions is used up (`System.AsyncException`). */
export const DAILY_ASYNC_LIMIT_MESSAGE =
  'Rate Limiting Exception : AsyncApexExecutions Limit exceeded.';

interface CommonMatch {
  /** The first matching operation that fails (1-based, default 1). */
  nth?: number;
  /** How many matching operations fail from the `nth` on (default 1; `Infinity` for all). */
  times?: number;
  /** Only operations of a job of this Apex class (the Queueable, Batchable … that runs). */
  job?: string;
  /** Only inside (`true`) or outside (`false`) Apex tests. */
  test?: boolean;
}

/** Which operations a fault hits. Names of objects and classes match case-insensitively. */
export type FaultMatch = CommonMatch &
  (
    | { kind: 'callout'; endpoint?: string | RegExp; method?: string }
    | { kind: 'dml'; object?: string; operation?: DmlOperation }
    | { kind: 'query'; object?: string }
    | { kind: 'enqueue'; jobType?: HookJobType; className?: string }
    | { kind: 'publish' | 'deliver'; eventType?: string }
    | { kind: 'commit' }
  );

/** How the platform refuses an enqueue at its limits. */
export type EnqueueRefusal = 'queueable-limit' | 'daily-limit' | 'stack-depth';

/** A fault that was set: how often its operations were seen and how often it fired. */
export interface Fault {
  readonly seen: number;
  readonly fired: number;
  remove(): void;
}

/** One fault that fired, for tests to read (`faults.log`). */
export interface FiredFault {
  readonly kind: OperationKind;
  readonly action: string;
  /** The endpoint, object, class or event type of the operation. */
  readonly target: string;
  /** The class of the job the operation ran in, or null. */
  readonly job: string | null;
}

type Apply = (op: Operation, site: OperationSite) => OperationOutcome | undefined;

interface Action {
  readonly name: string;
  readonly apply: Apply;
}

/** Faults of any operation that Apex code runs. */
interface LimitFaults {
  /** Kill the transaction with an uncatchable `System.LimitException` (CPU time by default). */
  limit(message?: string): Fault;
}
export interface CalloutFaults extends LimitFaults {
  /** `System.CalloutException: Read timed out`. */
  timeout(): Fault;
  /** Answer with this HTTP status (and body) instead of the server or the mock. */
  status(statusCode: number, body?: string): Fault;
}
export interface DmlFaults extends LimitFaults {
  /** `UNABLE_TO_LOCK_ROW` on the row at `row` (0-based), or on every row of the statement. */
  lockRow(row?: number): Fault;
}
export interface EnqueueFaults extends LimitFaults {
  /** Refuse the enqueue as the platform does at one of its limits. */
  refuseEnqueue(reason: EnqueueRefusal): Fault;
}
export interface DeliverFaults {
  /** The event batch never reaches the triggers. */
  drop(): Fault;
  /** The batch reaches the triggers `ms` later (in an Apex test: at the next `deliver()`). */
  delay(ms: number): Fault;
  /** After the triggers processed the batch, it is delivered again (at-least-once). */
  redeliver(): Fault;
}

export type FaultsFor<K extends OperationKind> = K extends 'callout'
  ? CalloutFaults
  : K extends 'dml'
    ? DmlFaults
    : K extends 'enqueue'
      ? EnqueueFaults
      : K extends 'deliver'
        ? DeliverFaults
        : LimitFaults;

/** What `faults.random` may inject, per kind of operation. */
const RANDOM_ACTIONS: Record<OperationKind, readonly string[]> = {
  callout: ['timeout', 'status 503', 'limit'],
  dml: ['lockRow', 'limit'],
  query: ['limit'],
  enqueue: ['queueable-limit', 'stack-depth', 'daily-limit'],
  publish: ['limit'],
  deliver: ['drop', 'redeliver'],
  commit: ['limit'],
};

interface Rule {
  readonly match: FaultMatch;
  readonly action: Action;
  seen: number;
  fired: number;
}

export interface RandomFaultOptions {
  seed: number;
  /** The chance, from 0 to 1, that an operation of the chosen kinds fails. */
  rate: number;
  /** The kinds of operation that may fail (default: callout, dml, query, enqueue). */
  kinds?: readonly OperationKind[];
}

/** The faults of one org (`LocalOrg.faults`). */
export class Faults {
  private readonly rules: Rule[] = [];
  private chance: { rng: Random; rate: number; kinds: ReadonlySet<OperationKind> } | null = null;
  /** Every fault that fired, in order. */
  readonly log: FiredFault[] = [];

  constructor(
    hooks: OperationHooks,
    private readonly limits: () => GovernorLimits,
  ) {
    hooks.on((op, site) => this.onOperation(op, site));
  }

  /** The operations a fault hits; then say what happens to them. */
  at<M extends FaultMatch>(match: M): FaultsFor<M['kind']> {
    const add = (action: Action, kinds: readonly OperationKind[]): Fault => {
      if (!kinds.includes(match.kind)) {
        throw new Error(`a ${action.name} fault cannot hit a ${match.kind} operation`);
      }
      const rule: Rule = { match, action, seen: 0, fired: 0 };
      this.rules.push(rule);
      return {
        get seen() {
          return rule.seen;
        },
        get fired() {
          return rule.fired;
        },
        remove: () => {
          const at = this.rules.indexOf(rule);
          if (at >= 0) this.rules.splice(at, 1);
        },
      };
    };
    const all: CalloutFaults & DmlFaults & EnqueueFaults & DeliverFaults = {
      limit: (message) =>
        add(this.action('limit', message), [
          'callout',
          'dml',
          'query',
          'enqueue',
          'publish',
          'commit',
        ]),
      timeout: () => add(this.action('timeout'), ['callout']),
      status: (statusCode, body) => add(statusAction(statusCode, body), ['callout']),
      lockRow: (row) => add(lockAction(row), ['dml']),
      refuseEnqueue: (reason) => add(this.action(reason), ['enqueue']),
      drop: () => add(this.action('drop'), ['deliver']),
      delay: (ms) => add({ name: `delay ${ms}`, apply: () => ({ delayMs: ms }) }, ['deliver']),
      redeliver: () => add(this.action('redeliver'), ['deliver']),
    };
    return all as FaultsFor<M['kind']>;
  }

  /** Fail operations of the given kinds at random, reproducibly from `seed`. */
  random(options: RandomFaultOptions): void {
    if (options.rate < 0 || options.rate > 1) throw new Error('rate must be between 0 and 1');
    this.chance = {
      rng: seededRandom(options.seed),
      rate: options.rate,
      kinds: new Set(options.kinds ?? ['callout', 'dml', 'query', 'enqueue']),
    };
  }

  /** Remove every fault (set and random); the log stays. */
  clear(): void {
    this.rules.length = 0;
    this.chance = null;
  }

  private onOperation(op: Operation, site: OperationSite): OperationOutcome | undefined {
    // Every matching rule counts the operation; the first one due fires.
    let due: Rule | null = null;
    for (const rule of this.rules) {
      if (!matches(rule.match, op, site)) continue;
      rule.seen++;
      const ready = rule.seen >= (rule.match.nth ?? 1) && rule.fired < (rule.match.times ?? 1);
      if (ready && !due) due = rule;
    }
    if (due) {
      due.fired++;
      return this.fire(due.action, op, site);
    }
    const random = this.chance;
    if (random && random.kinds.has(op.kind) && random.rng() < random.rate) {
      const name = pick(random.rng, RANDOM_ACTIONS[op.kind]);
      return this.fire(this.action(name), op, site);
    }
    return undefined;
  }

  private fire(action: Action, op: Operation, site: OperationSite): OperationOutcome | undefined {
    this.log.push({
      kind: op.kind,
      action: action.name,
      target: operationTarget(op),
      job: site.job?.className ?? null,
    });
    return action.apply(op, site);
  }

  /** The action of a name (as `random` picks them). */
  private action(name: string, message?: string): Action {
    const raise = (type: string, text: string, catchable = true): Action => ({
      name,
      apply: () => {
        throw new ApexError(type, text, catchable);
      },
    });
    switch (name) {
      case 'limit':
        return raise('System.LimitException', message ?? LIMIT_SPECS.cpuTime.message, false);
      case 'timeout':
        return raise('System.CalloutException', 'Read timed out');
      case 'status 503':
        return statusAction(503);
      case 'lockRow':
        return lockAction();
      case 'queueable-limit': {
        const limits = this.limits;
        return {
          name,
          apply: () => {
            const n = limits().limit('queueableJobs') + 1;
            const text = LIMIT_SPECS.queueableJobs.message.replace('{n}', String(n));
            throw new ApexError('System.LimitException', text, false);
          },
        };
      }
      case 'stack-depth':
        return raise('System.AsyncException', MAX_STACK_DEPTH_MESSAGE);
      case 'daily-limit':
        return raise('System.AsyncException', DAILY_ASYNC_LIMIT_MESSAGE);
      case 'drop':
        return { name, apply: () => ({ drop: true }) };
      case 'redeliver':
        return { name, apply: () => ({ redeliver: true }) };
      default:
        throw new Error(`unknown fault ${name}`);
    }
  }
}

function statusAction(statusCode: number, body = ''): Action {
  return { name: `status ${statusCode}`, apply: () => ({ response: { statusCode, body } }) };
}

function lockAction(row?: number): Action {
  return {
    name: row === undefined ? 'lockRow' : `lockRow ${row}`,
    apply: (op) => {
      if (op.kind !== 'dml') return undefined;
      const error = { statusCode: 'UNABLE_TO_LOCK_ROW', message: UNABLE_TO_LOCK_ROW_MESSAGE };
      const rows = row === undefined ? op.rows.map((_r, i) => i) : [row];
      return { rowErrors: new Map(rows.map((i) => [i, { ...error, fields: [] }])) };
    },
  };
}

/** `Sync_Run__c` matches `conduit__Sync_Run__c` too (the package's objects as it sees them). */
function sameName(wanted: string | undefined, actual: string | null | undefined): boolean {
  if (wanted === undefined) return true;
  if (!actual) return false;
  const w = wanted.toLowerCase();
  const a = actual.toLowerCase();
  return a === w || a.endsWith(`__${w}`) || a.endsWith(`.${w}`);
}

function matches(m: FaultMatch, op: Operation, site: OperationSite): boolean {
  if (m.kind !== op.kind) return false;
  if (m.test !== undefined && m.test !== site.test) return false;
  if (!sameName(m.job, site.job?.className)) return false;
  if (m.kind === 'callout' && op.kind === 'callout') {
    const endpoint = m.endpoint;
    const hit =
      endpoint === undefined ||
      (typeof endpoint === 'string' ? op.endpoint.includes(endpoint) : endpoint.test(op.endpoint));
    return hit && (m.method === undefined || m.method.toUpperCase() === op.method);
  }
  if (m.kind === 'dml' && op.kind === 'dml') {
    return sameName(m.object, op.object) && (!m.operation || m.operation === op.operation);
  }
  if (m.kind === 'query' && op.kind === 'query') return sameName(m.object, op.object);
  if (m.kind === 'enqueue' && op.kind === 'enqueue') {
    return (!m.jobType || m.jobType === op.jobType) && sameName(m.className, op.className);
  }
  if ((m.kind === 'publish' || m.kind === 'deliver') && 'eventType' in op) {
    return sameName(m.eventType, op.eventType);
  }
  return true;
}

/** What an operation acts on: a callout's method and endpoint, a DML statement's object … */
export function operationTarget(op: Operation): string {
  switch (op.kind) {
    case 'callout':
      return `${op.method} ${op.endpoint}`;
    case 'dml':
      return `${op.operation} ${op.object}`;
    case 'query':
      return op.object;
    case 'enqueue':
      return `${op.jobType} ${op.className}`;
    case 'publish':
    case 'deliver':
      return op.eventType;
    case 'commit':
      return 'commit';
  }
}
