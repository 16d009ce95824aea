/**
 * Fault points × fault kinds. A probe runs a chain once without faults and lists every operation
 * it makes (each callout, each DML statement and query on each object, each enqueue, each event
 * publish and delivery, each job's commit) with the job it runs in; each distinct one is a fault
 * point, and each fault kind localorg's faults have for its kind of operation is one entry of the
 * matrix. Writes the API receives are points too: the API applies the request, then fails it.
 */
import {
  operationTarget,
  type Fault,
  type FaultMatch,
  type Faults,
  type Operation,
  type OperationSite,
} from 'localorg';

/** One fault of the matrix: where (`point`) and what (`kind`). */
export interface MatrixEntry {
  point: string;
  kind: string;
  /** A fault set in localorg (`faults.at(match)`), or null for an API write fault. */
  match: FaultMatch | null;
  /** The write request the API applies and then fails, for API write faults. */
  write?: { nth: number; status: number; retryAfterSeconds?: number };
}

/** What the probe saw: every operation, in order, with its site. */
export interface ProbedOperation {
  op: Operation;
  site: OperationSite;
}

/** The fault kinds of each kind of operation (localorg's `faults.at(…)` actions). */
const KINDS: Record<Operation['kind'], readonly string[]> = {
  callout: ['timeout', 'status 503', 'status 429', 'limit'],
  dml: ['lockRow', 'limit'],
  query: ['limit'],
  enqueue: ['refuseEnqueue stack-depth', 'refuseEnqueue daily-limit', 'limit'],
  publish: ['limit'],
  deliver: ['drop', 'redeliver'],
  commit: ['limit'],
};

/** An operation's target: the path of a callout (its port and query vary), else as faults say. */
function target(op: Operation): string {
  return op.kind === 'callout'
    ? `${op.method} ${new URL(op.endpoint).pathname}`
    : operationTarget(op);
}

function matchOf(op: Operation, job: string | undefined, nth: number): FaultMatch {
  const common = { job, nth, times: 1 };
  switch (op.kind) {
    case 'callout':
      return { ...common, kind: 'callout', method: op.method, endpoint: target(op).split(' ')[1] };
    case 'dml':
      return { ...common, kind: 'dml', object: op.object, operation: op.operation };
    case 'query':
      return { ...common, kind: 'query', object: op.object };
    case 'enqueue':
      return { ...common, kind: 'enqueue', jobType: op.jobType, className: op.className };
    case 'publish':
    case 'deliver':
      return { ...common, kind: op.kind, eventType: op.eventType };
    case 'commit':
      return { ...common, kind: 'commit' };
  }
}

/**
 * The matrix of a chain from its probe: each distinct operation (kind, target, job class; a
 * callout's second occurrence as well) × each fault kind, then each API write × apply-then-503
 * and apply-then-429.
 */
export function buildMatrix(probed: readonly ProbedOperation[], writes: number): MatrixEntry[] {
  const entries: MatrixEntry[] = [];
  const seen = new Map<string, number>();
  const seenAnyJob = new Map<string, number>();
  for (const { op, site } of probed) {
    const job = site.job?.className ?? undefined;
    const where = `${op.kind} ${target(op)}`;
    const anyJob = (seenAnyJob.get(where) ?? 0) + 1;
    seenAnyJob.set(where, anyJob);
    const point = `${where} in ${job ?? site.job?.kind ?? 'a request'}`;
    const count = (seen.get(point) ?? 0) + 1;
    seen.set(point, count);
    if (count > (op.kind === 'callout' ? 2 : 1)) continue;
    const match = matchOf(op, job, job ? count : anyJob);
    const label = count > 1 ? `${point} (#${count})` : point;
    for (const kind of KINDS[op.kind]) entries.push({ point: label, kind, match });
  }
  for (let nth = 1; nth <= writes; nth++) {
    const point = `API write #${nth}`;
    entries.push({ point, kind: 'applied, then 503', match: null, write: { nth, status: 503 } });
    entries.push({
      point,
      kind: 'applied, then 429',
      match: null,
      write: { nth, status: 429, retryAfterSeconds: 120 },
    });
  }
  return entries;
}

/** Sets the entry's fault in the org (API write faults are set in the API instead: null). */
export function inject(faults: Faults, entry: MatrixEntry): Fault | null {
  const match = entry.match;
  if (!match) return null;
  const [action, argument] = entry.kind.split(' ');
  switch (match.kind) {
    case 'callout': {
      const at = faults.at(match);
      if (action === 'timeout') return at.timeout();
      if (action === 'status') return at.status(Number(argument), '{"error": "chaos"}');
      return at.limit();
    }
    case 'dml': {
      const at = faults.at(match);
      return action === 'lockRow' ? at.lockRow() : at.limit();
    }
    case 'enqueue': {
      const at = faults.at(match);
      if (action !== 'refuseEnqueue') return at.limit();
      return at.refuseEnqueue(argument === 'stack-depth' ? 'stack-depth' : 'daily-limit');
    }
    case 'deliver': {
      const at = faults.at({ ...match, kind: 'deliver' as const });
      return action === 'drop' ? at.drop() : at.redeliver();
    }
    case 'publish':
      return faults.at({ ...match, kind: 'publish' as const }).limit();
    case 'query':
      return faults.at(match).limit();
    case 'commit':
      return faults.at(match).limit();
  }
}
