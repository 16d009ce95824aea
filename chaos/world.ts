/**
 * The worlds the chaos suite runs Conduit in: a fresh org of the project (parsed once per
 * process, so each scenario costs a few hundred milliseconds) with a manual clock, the chaos API
 * as `Test_API`, the dispatcher scheduled, and the options of one chain: an incremental import, an
 * export with an `Idempotency-Key`, a plan of two imports, or a live export from a trigger.
 */
import { Decimal } from 'decimal.js';
import {
  createLocalOrg,
  ManualClock,
  type AnonymousResult,
  type LocalOrg,
  type SObjectValue,
  type Value,
} from 'localorg';
import {
  field,
  PROJECT_DIR,
  registerInvoiceExport,
  registerOption,
  registerPlan,
} from '../test/integration/harness';
import { query } from 'localorg/harness';
import type { ApiSetup, ApiState, SourceRecord } from './api';

export type ChainName = 'import' | 'export' | 'plan' | 'live' | 'deletes';

/** How the chain is started: what runs beside what. */
export type Shape =
  | 'one start'
  | 'two run nows'
  | 'capture beside the worker'
  | 'two event slices'
  | 'retry beside the worker';

export type ChaosOrg = LocalOrg & { clock: ManualClock };

/** When the scenario acts: the dispatcher's first tick, so it runs beside what is started. */
export const ACT_AT = Date.UTC(2026, 0, 5, 9, 15, 0);
const SETUP_AT = Date.UTC(2026, 0, 5, 9, 0, 0);

/** One customer or admin transaction: anonymous Apex, run as a sync request. */
export interface Action {
  label: string;
  apex: string;
  /** A customer's own transaction: Conduit must never make it fail. */
  customer: boolean;
}

export interface Chain {
  name: ChainName;
  shapes: readonly Shape[];
  /** The API's records (writes faults are added per scenario). */
  api: Omit<ApiSetup, 'writeFaults'>;
  /** Options and data, before the scenario acts. */
  setup(org: ChaosOrg): void;
  /** The transactions that start the chain in this shape. */
  start(shape: Shape): Action[];
  /** After recovery: a clean start that must bring everything home. */
  followUp: Action[];
  /** The chain's own invariants, checked with the others at the end. */
  invariants?(org: ChaosOrg, api: ApiState): string[];
}

export function newOrg(apiBaseUrl: string): ChaosOrg {
  const clock = new ManualClock(SETUP_AT);
  const org = createLocalOrg({
    projectDir: PROJECT_DIR,
    clock,
    credentials: { Test_API: apiBaseUrl },
  });
  return { ...org, clock };
}

/** Runs anonymous Apex; the result says whether it failed (never throws). */
export function runApex(org: ChaosOrg, source: string): AnonymousResult {
  return org.org.runAnonymous(source);
}

export function text(row: SObjectValue, name: string): string | null {
  const value = field(row, name);
  return value === undefined || value === null ? null : String(value);
}

export { field, query };

const source = (prefix: string, count: number, minute: number): SourceRecord[] =>
  Array.from({ length: count }, (_v, n) => ({
    id: `${prefix}-${n}`,
    name: `${prefix} ${n}`,
    amount: n + 1,
    updated: new Date(Date.UTC(2026, 0, 5, 8, minute, n)).toISOString().replace('.000', ''),
  }));

const importFields = {
  Active__c: true,
  Direction__c: 'Import',
  Operation__c: 'Upsert',
  Match_Field__c: 'External_Id__c',
  Method__c: 'GET',
  Records_Path__c: 'data',
  Paging__c: 'Page_Number',
  Page_Size__c: new Decimal(2),
  Pages_Per_Transaction__c: new Decimal(1),
  Skip_Unchanged__c: true,
  Max_Attempts__c: new Decimal(3),
  Incremental__c: true,
  Watermark_Parameter__c: 'updated_since',
};

/** The incremental import `Invoices` (or `Payments`) of the chaos API; `extra` adds or replaces. */
export function registerImport(org: ChaosOrg, name: string, extra: Record<string, Value>): void {
  const invoices = name === 'Invoices';
  registerOption(
    org,
    name,
    {
      ...importFields,
      Object__c: invoices ? 'Test_Invoice__c' : 'Test_Payment__c',
      Endpoint__c: invoices ? 'callout:Test_API/invoices' : 'callout:Test_API/payments',
      ...extra,
    },
    [
      { source: 'id', target: 'External_Id__c', required: true },
      ...(invoices ? [{ source: 'name', target: 'Name' }] : []),
      { source: 'amount', target: 'Amount__c' },
    ],
  );
}

function registerExport(org: ChaosOrg): void {
  registerInvoiceExport(
    org,
    { Operation__c: 'Insert', Method__c: 'POST', Batch_Size__c: new Decimal(2) },
    [
      { source: 'Name', target: 'name' },
      { source: 'Amount__c', target: 'total' },
    ],
  );
}

function schedule(org: ChaosOrg, extra = ''): void {
  const result = runApex(org, `SyncDispatcher.scheduleEvery15Minutes();${extra}`);
  if (!result.success) throw new Error(`setup failed: ${JSON.stringify(result.error)}`);
}

const act = (label: string, apex: string, customer = false): Action => ({ label, apex, customer });
const handOff = (start: string) =>
  `SyncStartJob.handOff(new List<SyncStartJob.Start>{ ${start} });`;

const INSERT_INVOICES = (from: number, count: number) =>
  `List<Test_Invoice__c> rows = new List<Test_Invoice__c>();
   for (Integer i = ${from}; i < ${from + count}; i++) {
     rows.add(new Test_Invoice__c(Name = 'Invoice ' + i, Amount__c = i + 1));
   }
   insert rows;`;

const importChain: Chain = {
  name: 'import',
  shapes: ['one start', 'two run nows', 'retry beside the worker'],
  api: { invoices: source('INV', 7, 0), payments: [] },
  setup(org) {
    registerImport(org, 'Invoices', {});
    schedule(org);
  },
  start(shape) {
    const runNow = act('Run now', handOff(`SyncStartJob.run('Invoices', 'Manual', null)`));
    if (shape === 'one start') return [runNow];
    if (shape === 'two run nows') return [runNow, runNow];
    return [runNow, act('Run now (sync)', `SyncLauncher.startOption('Invoices', 'Api');`)];
  },
  followUp: [act('Run now', `SyncLauncher.startOption('Invoices', 'Manual');`)],
};

const exportChain: Chain = {
  name: 'export',
  shapes: ['one start', 'two run nows', 'capture beside the worker'],
  api: { invoices: [], payments: [] },
  setup(org) {
    registerExport(org);
    schedule(org, INSERT_INVOICES(0, 5));
  },
  start(shape) {
    const capture = act('Run now', handOff(`SyncStartJob.run('Invoice_Export', 'Manual', null)`));
    if (shape === 'one start') return [capture];
    if (shape === 'two run nows') return [capture, capture];
    return [
      capture,
      act('new invoices', INSERT_INVOICES(5, 2), true),
      act(
        'Send records',
        `Sync.runRecords('Invoice_Export', new List<Id>(new Map<Id, Test_Invoice__c>([SELECT Id FROM Test_Invoice__c]).keySet()));`,
      ),
    ];
  },
  followUp: [act('Run now', `SyncLauncher.startOption('Invoice_Export', 'Manual');`)],
};

const planChain: Chain = {
  name: 'plan',
  shapes: ['one start', 'two run nows'],
  api: { invoices: source('INV', 5, 0), payments: source('PAY', 3, 30) },
  setup(org) {
    const planId = registerPlan(org, 'Billing');
    registerImport(org, 'Invoices', { Plan__c: planId, Step_Order__c: new Decimal(1) });
    registerImport(org, 'Payments', {
      Plan__c: planId,
      Step_Order__c: new Decimal(2),
      Depends_On__c: 'Invoices',
    });
    schedule(org);
  },
  start(shape) {
    const runNow = act('Run plan', `PlanRunner.start('Billing', 'Manual');`);
    return shape === 'one start' ? [runNow] : [runNow, runNow];
  },
  followUp: [act('Run plan', `PlanRunner.start('Billing', 'Manual');`)],
};

const LIVE = 'SyncTestData.exportLive = true;';

const liveChain: Chain = {
  name: 'live',
  shapes: ['one start', 'two event slices'],
  api: { invoices: [], payments: [] },
  setup(org) {
    registerExport(org);
    schedule(org);
  },
  start(shape) {
    const first = act('customer inserts', LIVE + INSERT_INVOICES(0, 3), true);
    if (shape === 'one start') return [first];
    return [
      first,
      act(
        'customer updates',
        `${LIVE} List<Test_Invoice__c> rows = [SELECT Id FROM Test_Invoice__c WHERE Name = 'Invoice 0'];
         for (Test_Invoice__c row : rows) { row.Amount__c = 100; }
         update rows;`,
        true,
      ),
      act('customer inserts more', LIVE + INSERT_INVOICES(3, 2), true),
    ];
  },
  // a capture run brings home what live missed (an event the platform never delivered)
  followUp: [act('Run now', `SyncLauncher.startOption('Invoice_Export', 'Manual');`)],
};

export const CHAINS: readonly Chain[] = [importChain, exportChain, planChain, liveChain];

export function setUp(org: ChaosOrg, chain: Chain): void {
  chain.setup(org);
  org.clock.set(ACT_AT);
}
