/**
 * One chaos scenario, all from its seed: a chain (import, export, plan, live), one fault of the
 * chain's matrix (seed after seed walks through every entry), the shape it starts in (what runs
 * beside what), a seeded interleaving of the concurrent jobs, and sometimes random faults on top.
 * The chain runs, then recovers (async drained, the manual clock moving on: retries, dispatcher
 * ticks and their sweeper), then starts once more cleanly; then the invariants.
 */
import { seededRandom, type InterleaveStep, type Random } from 'localorg';
import { ChaosApi, type ApiSetup, type ReceivedWrite } from './api';
import {
  everyWriteEnded,
  exportedOnce,
  deletesOnlyGone,
  importedOnce,
  noRunStuck,
  runsAccountFor,
  watermarkBehindUnread,
} from './invariants';
import { buildMatrix, inject, type MatrixEntry, type ProbedOperation } from './matrix';
import {
  CHAINS,
  newOrg,
  query,
  runApex,
  text,
  setUp,
  type Action,
  type Chain,
  type ChaosOrg,
  type Shape,
} from './world';

const QUARTER_MS = 15 * 60_000;
/** Idle dispatcher ticks that end a recovery: enough for the sweeper to find a dead run twice. */
const QUIET_TICKS = 2;
/** Six hours of the clock, or this many jobs, is a chain that never ends. */
const MAX_STEPS = 24;
const MAX_JOBS = 2_000;
const DISPATCHER = 'Scheduled Conduit dispatcher';

export interface ScenarioResult {
  seed: number;
  chain: string;
  shape: Shape;
  fault: string;
  randomFaults: boolean;
  /** The faults that fired and the jobs that failed, in order. */
  trace: string[];
  /** Pauses at which the interleaving ran other jobs. */
  interleavings: number;
  violations: string[];
}

/** The chaos API and each chain's matrix, made once per process. */
export class Suite {
  private constructor(
    readonly api: ChaosApi,
    readonly matrices: ReadonlyMap<string, readonly MatrixEntry[]>,
    readonly chains: readonly Chain[],
  ) {}

  /** A suite of these chains (seed after seed takes the next one). */
  static async start(chains: readonly Chain[] = CHAINS): Promise<Suite> {
    const api = await ChaosApi.start();
    const matrices = new Map<string, MatrixEntry[]>();
    for (const chain of chains) matrices.set(chain.name, await probe(api, chain));
    return new Suite(api, matrices, chains);
  }

  /** Fault points × kinds of every chain. */
  get entries(): number {
    return [...this.matrices.values()].reduce((n, m) => n + m.length, 0);
  }

  /** The chain, fault and shape of a seed, without running it. */
  plan(seed: number): { chain: Chain; entry: MatrixEntry; shape: Shape; rng: Random } {
    const chain = this.chains[seed % this.chains.length];
    const matrix = this.matrices.get(chain.name)!;
    const entry = matrix[Math.floor(seed / this.chains.length) % matrix.length];
    const rng = seededRandom(seed);
    const shape = chain.shapes[Math.floor(rng() * chain.shapes.length)];
    return { chain, entry, shape, rng };
  }

  async run(seed: number): Promise<ScenarioResult> {
    const { chain, entry, shape, rng } = this.plan(seed);
    const randomFaults = rng() < 0.2;
    await this.api.reset(apiSetup(chain, entry));
    return withSeededMathRandom(rng, async () => {
      const org = newOrg(this.api.baseUrl);
      setUp(org, chain);
      const interleaving = org.interleave({ seed, switchChance: 0.5 });
      let fault = inject(org.faults, entry);
      if (randomFaults) org.faults.random({ seed, rate: 0.02 });
      const trace: string[] = [];
      const violations = act(org, chain.start(shape));
      chaosWindow(org, trace);
      if (randomFaults) {
        // random faults hit the first quarter of an hour only; then the system must recover
        const fired = fault?.fired ?? 0;
        org.faults.clear();
        if (!fired) fault = inject(org.faults, entry);
      }
      recover(org, violations, trace);
      trace.unshift(
        ...org.faults.log.map(
          (f) => `fault ${f.action} at ${f.kind} ${f.target} in ${f.job ?? 'a request'}`,
        ),
      );
      org.faults.clear();
      violations.push(...afterRecovery(org, chain));
      const interleavings = interleaving.steps.length;
      interleaving.stop();
      for (const action of chain.followUp) {
        const result = runApex(org, action.apex);
        if (!result.success)
          violations.push(`the clean follow-up ${action.label} failed: ${result.error?.message}`);
      }
      recover(org, violations);
      violations.push(...(await finalInvariants(org, chain, this.api)));
      if (violations.length) {
        trace.push(...runs(org), ...interleaving.steps.map(describeStep));
        trace.push(...(await this.api.state()).writes.map(describeWrite));
      }
      return {
        seed,
        chain: chain.name,
        shape,
        fault: `${entry.kind} at ${entry.point}`,
        randomFaults,
        interleavings,
        violations: [...new Set(violations)],
        trace,
      };
    });
  }

  stop(): Promise<void> {
    return this.api.stop();
  }
}

function apiSetup(chain: Chain, entry: MatrixEntry | null): ApiSetup {
  return { ...chain.api, writeFaults: entry?.write ? [entry.write] : [] };
}

/** Runs the actions; a customer transaction that fails is a violation unless a fault hit it. */
function act(org: ChaosOrg, actions: readonly Action[]): string[] {
  const violations: string[] = [];
  for (const action of actions) {
    const before = org.faults.log.length;
    const result = runApex(org, action.apex);
    if (result.success) continue;
    const hit = org.faults.log.slice(before).filter((f) => f.job === null);
    const excused = hit.some(
      (f) => f.action.endsWith('limit') || /Test_Invoice__c/i.test(f.target),
    );
    if (action.customer && !excused) {
      violations.push(
        `the customer's transaction (${action.label}) failed: ${result.error?.message}`,
      );
    }
  }
  return violations;
}

/** The first quarter of an hour after the start: the jobs run, faults and interleavings hit. */
function chaosWindow(org: ChaosOrg, trace: string[]): void {
  const drained = org.async().drain({ until: org.clock.now() + QUARTER_MS, maxJobs: MAX_JOBS });
  for (const e of drained.errors) trace.push(`job ${e.label} failed: ${e.type}: ${e.message}`);
}

/** A pause that ran other jobs, for the trace of a scenario with violations. */
function describeStep(step: InterleaveStep): string {
  return `${step.paused} paused before its ${step.at} ${step.nth}: ran ${step.ran.join(', ')}`;
}

/** A write the API received, for the trace of a scenario with violations. */
function describeWrite(write: ReceivedWrite): string {
  return `API ${write.method} ${write.path} key ${write.key}: ${write.names.join(', ')} → ${write.status}${write.applied ? '' : ' (a repeat)'}`;
}

/** Every run, for the trace of a scenario with violations. */
function runs(org: ChaosOrg): string[] {
  return query(
    org,
    'SELECT Id, Option__c, Plan__c, Parent_Run__c, Status__c, Message__c FROM Sync_Run__c ORDER BY CreatedDate',
  ).map(
    (r) =>
      `run ${text(r, 'Id')} ${text(r, 'Option__c') ?? 'plan ' + text(r, 'Plan__c')}${text(r, 'Parent_Run__c') ? ' step of ' + text(r, 'Parent_Run__c') : ''}: ${text(r, 'Status__c')} (${text(r, 'Message__c')})`,
  );
}

/**
 * Drains async work a quarter of an hour of the clock at a time (jobs, retries, dispatcher ticks
 * and their sweeps) until only the dispatcher's schedule is left for three ticks in a row.
 */
function recover(org: ChaosOrg, violations: string[], trace: string[] = []): void {
  let ran = 0;
  let quiet = 0;
  for (let step = 0; quiet < QUIET_TICKS; step++) {
    if (step >= MAX_STEPS || ran >= MAX_JOBS) {
      violations.push(`recovery ran ${ran} jobs in ${step} quarters of an hour and did not settle`);
      return;
    }
    const drained = org.async().drain({ until: org.clock.now() + QUARTER_MS, maxJobs: MAX_JOBS });
    ran += drained.ran;
    for (const e of drained.errors) trace.push(`job ${e.label} failed: ${e.type}: ${e.message}`);
    const busy = org
      .async()
      .pending()
      .some((item) => !item.label.startsWith(DISPATCHER));
    quiet = busy ? 0 : quiet + 1;
  }
}

const importsOf = (chain: Chain) =>
  chain.name === 'plan'
    ? [
        { option: 'Invoices', object: 'Test_Invoice__c' as const, records: chain.api.invoices },
        { option: 'Payments', object: 'Test_Payment__c' as const, records: chain.api.payments },
      ]
    : chain.name === 'import'
      ? [{ option: 'Invoices', object: 'Test_Invoice__c' as const, records: chain.api.invoices }]
      : [];

/** What must hold once the faulty run recovered, before the clean follow-up. */
function afterRecovery(org: ChaosOrg, chain: Chain): string[] {
  return [
    ...noRunStuck(org),
    ...importsOf(chain).flatMap((i) => watermarkBehindUnread(org, i.option, i.object, i.records)),
  ];
}

async function finalInvariants(org: ChaosOrg, chain: Chain, api: ChaosApi): Promise<string[]> {
  const violations = [...noRunStuck(org), ...everyWriteEnded(org), ...runsAccountFor(org)];
  for (const i of importsOf(chain)) violations.push(...importedOnce(org, i.object, i.records));
  if (chain.name === 'export' || chain.name === 'live') {
    const state = await api.state();
    violations.push(...exportedOnce(org, state), ...deletesOnlyGone(org, state));
  }
  if (chain.invariants) violations.push(...chain.invariants(org, await api.state()));
  return violations;
}

/** Conduit's retry jitter uses `Math.random`: seeded per scenario, so a seed repeats. */
async function withSeededMathRandom<T>(rng: Random, body: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = rng;
  try {
    return await body();
  } finally {
    Math.random = original;
  }
}

/** Runs the chain once without faults and lists its operations: the matrix's fault points. */
async function probe(api: ChaosApi, chain: Chain): Promise<MatrixEntry[]> {
  await api.reset(apiSetup(chain, null));
  const org = newOrg(api.baseUrl);
  setUp(org, chain);
  const probed: ProbedOperation[] = [];
  const stop = org.hooks.on((op, site) => {
    if (!site.test) probed.push({ op, site });
  });
  act(org, chain.start('one start'));
  recover(org, []);
  stop();
  const state = await api.state();
  return buildMatrix(probed, state.writes.length);
}
