/**
 * `npm run bench`: figures to improve, not timed tests.
 *
 * - localorg: parse time of the project's Apex, interpreter throughput (simple Apex statements
 *   per second), database throughput (rows inserted per second, indexed SOQL queries per second
 *   over 100,000 rows);
 * - the engine: a real import and a real export in localorg against a local HTTP API (pages of
 *   200 with no cap on pages per transaction, capture chunks as the mapping allows, exports sent
 *   in requests of 50), at 1,000, 10,000 and 100,000 records (or the
 *   sizes given: `npm run bench -- --sizes 1000,10000 --directions export`), each as a first run, a second run with
 *   nothing changed and a run with 10% changed. The jobs run as they would in an org — the
 *   Queueable chain, the capture batch, the worker chain — and every transaction's governor
 *   usage is read as it ends (`Interpreter.onTransactionEnd`): API requests, transactions,
 *   SOQL queries, query rows, DML statements, DML rows and CPU time per 1,000 records, the peak
 *   heap estimate at the end of a transaction, and wall time (localorg's CPU time is its cost
 *   model, not the host's clock); then per transaction: the async executions (Queueables, batch
 *   steps; not finalizers or event triggers), the records per transaction that sent requests and
 *   per async execution, and that as a share of the ceiling — the records one async transaction
 *   could carry at the run's cost per record before its first limit — and
 *   `async executions per 100,000 imported records: N`.
 *
 * Exits non-zero when any transaction came within 80% of a governor limit. Prints a table and
 * writes the figures to `bench-results.json` (or `--out FILE`), so a later change can be
 * compared against them.
 */
import { writeFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { benchDatabase, benchStatementsPerSecond, buildAst, loadProject } from 'localorg/bench';
import { LIMIT_SPECS, type LimitName, type TransactionUsage } from 'localorg';
import { apex, LocalApi, query } from 'localorg/harness';
import {
  localOrg,
  PROJECT_DIR,
  registerInvoiceImport,
  registerOption,
} from '../test/integration/harness';

type Org = ReturnType<typeof localOrg>;

interface RunCost {
  records: number;
  transactions: number;
  callouts: number;
  soql: number;
  queryRows: number;
  dmlStatements: number;
  dmlRows: number;
  cpuMs: number;
  peakHeapBytes: number;
  wallMs: number;
  /** The highest share of any governor limit one transaction used, and which. */
  worst: { share: number; limit: string };
  /** Queueables, batch steps, future and scheduled jobs: what counts against the daily limit. */
  asyncExecutions: number;
  /** Transactions that sent requests: an import's pages, an export's sending transactions. */
  workingTransactions: number;
}

/** Work items that count as async Apex executions (finalizers and event triggers do not). */
const ASYNC_EXECUTION = /^(Queueable|Batch|Future|Scheduled) /;

/** The limits that grow with the records a transaction takes on. */
const PER_RECORD: { limit: LimitName; used: (c: RunCost) => number }[] = [
  { limit: 'queries', used: (c) => c.soql },
  { limit: 'queryRows', used: (c) => c.queryRows },
  { limit: 'dmlStatements', used: (c) => c.dmlStatements },
  { limit: 'dmlRows', used: (c) => c.dmlRows },
  { limit: 'callouts', used: (c) => c.callouts },
  { limit: 'cpuTime', used: (c) => c.cpuMs },
];

/** Records per transaction that sent requests, on average. */
function recordsPerTransaction(c: RunCost): number {
  return c.workingTransactions ? c.records / c.workingTransactions : 0;
}

/**
 * The most records one async transaction could carry with the run's cost per record (its whole
 * cost, overheads included, spread over its records) before the first limit it meets.
 */
function ceiling(c: RunCost): { records: number; limit: string } {
  let best = { records: Infinity, limit: '' };
  for (const { limit, used } of PER_RECORD) {
    const perRecord = used(c) / c.records;
    if (perRecord > 0 && LIMIT_SPECS[limit].async / perRecord < best.records) {
      best = { records: LIMIT_SPECS[limit].async / perRecord, limit };
    }
  }
  return best;
}

const WATCHED: LimitName[] = [
  'queries',
  'queryRows',
  'dmlStatements',
  'dmlRows',
  'callouts',
  'cpuTime',
  'heapSize',
];

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const SIZES = (arg('sizes') ?? '1000,10000,100000').split(',').map(Number);
const DIRECTIONS = (arg('directions') ?? 'import,export').split(',');
const PAGE_SIZE = 200;

function measureParse(): { files: number; lines: number; ms: number } {
  const project = loadProject(PROJECT_DIR);
  const started = performance.now();
  let lines = 0;
  for (const file of project.files) {
    buildAst(file.source, file.kind, file.path);
    lines += file.source.split('\n').length;
  }
  return { files: project.files.length, lines, ms: Math.round(performance.now() - started) };
}

/** Runs `start` (anonymous Apex) and every job it leads to, reading each transaction's usage. */
function measure(org: Org, records: number, start: string): RunCost {
  const cost: RunCost = {
    records,
    transactions: 0,
    callouts: 0,
    soql: 0,
    queryRows: 0,
    dmlStatements: 0,
    dmlRows: 0,
    cpuMs: 0,
    peakHeapBytes: 0,
    wallMs: 0,
    worst: { share: 0, limit: '' },
    asyncExecutions: 0,
    workingTransactions: 0,
  };
  const add = (u: TransactionUsage) => {
    cost.transactions++;
    if (u.callouts > 0) cost.workingTransactions++;
    cost.callouts += u.callouts;
    cost.soql += u.queries;
    cost.queryRows += u.queryRows;
    cost.dmlStatements += u.dmlStatements;
    cost.dmlRows += u.dmlRows;
    cost.cpuMs += u.cpuMs;
    cost.peakHeapBytes = Math.max(cost.peakHeapBytes, u.heapBytes);
    const used: Record<string, number> = {
      queries: u.queries,
      queryRows: u.queryRows,
      dmlStatements: u.dmlStatements,
      dmlRows: u.dmlRows,
      callouts: u.callouts,
      cpuTime: u.cpuMs,
      heapSize: u.heapBytes,
    };
    for (const name of WATCHED) {
      const share = used[name] / u.limit(name);
      if (share > cost.worst.share) cost.worst = { share, limit: name };
    }
  };
  const started = performance.now();
  const stop = org.org.interpreter.onTransactionEnd(add);
  try {
    apex(org, start);
    const drained = org.async().drain({ until: org.clock.now() + 24 * 3_600_000 });
    if (drained.errors.length) {
      throw new Error(`a job failed: ${JSON.stringify(drained.errors[0])}`);
    }
    cost.asyncExecutions = drained.log.filter((item) => ASYNC_EXECUTION.test(item.label)).length;
  } finally {
    stop();
  }
  cost.wallMs = Math.round(performance.now() - started);
  return cost;
}

/** A paged invoices API over `total` records; `POST /_change` changes every tenth record. */
function invoicesApi(total: number): Promise<LocalApi> {
  return LocalApi.start(`
    globalThis.version ??= 0;
    if (req.method === 'POST' && url.pathname === '/_change') {
      globalThis.version++;
      res.writeHead(204);
      return res.end();
    }
    if (req.method !== 'GET') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const records = JSON.parse(body).data ?? [];
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ data: records.map((r, i) => ({ id: 'EXT-' + r.name })) }));
      });
      return;
    }
    const page = Number(url.searchParams.get('page'));
    const size = Number(url.searchParams.get('per_page'));
    const data = [];
    for (let n = (page - 1) * size; n < Math.min(page * size, ${total}); n++) {
      const bump = n % 10 === 0 ? globalThis.version : 0;
      data.push({ id: 'INV-' + n, customer: 'Customer ' + n, total: (n + bump + 0.5).toFixed(2), status: n % 2 ? 'paid' : 'open', due: '2026-02-01' });
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ data }));
  `);
}

async function measureImport(total: number): Promise<Record<string, RunCost>> {
  const api = await invoicesApi(total);
  try {
    const org = localOrg(api);
    // no cap on pages per transaction: each job takes on what its governor limits allow
    registerInvoiceImport(org, 'Bench_Invoices', PAGE_SIZE, null);
    const start = "ImportJob.start('Bench_Invoices', 'Manual');";
    const first = measure(org, total, start);
    const unchanged = measure(org, total, start);
    await fetch(`${api.baseUrl}/_change`, { method: 'POST' });
    const tenth = measure(org, total, start);
    const [run] = query(
      org,
      'SELECT Records_Updated__c FROM Sync_Run__c ORDER BY CreatedDate DESC, Id DESC LIMIT 1',
    );
    const updated = Number(String(run.fields.get('conduit__records_updated__c')));
    if (updated !== total / 10) throw new Error(`10% changed: ${updated} updated`);
    return { first, unchanged, '10% changed': tenth };
  } finally {
    await api.stop();
  }
}

async function measureExport(total: number): Promise<Record<string, RunCost>> {
  const api = await invoicesApi(0);
  try {
    const org = localOrg(api);
    registerOption(
      org,
      'Bench_Export',
      {
        Active__c: true,
        Direction__c: 'Export',
        Object__c: 'Test_Invoice__c',
        Operation__c: 'Upsert',
        Match_Field__c: 'External_Id__c',
        Endpoint__c: 'callout:Test_API/invoices',
        Method__c: 'POST',
        Records_Path__c: 'data',
        Payload_Format__c: 'JSON',
        Batch_Size__c: new Decimal(50),
        Skip_Unchanged__c: true,
        Max_Attempts__c: new Decimal(3),
      },
      [
        { source: 'Name', target: 'name' },
        { source: 'Amount__c', target: 'total' },
        { source: 'Status__c', target: 'status' },
        { source: 'Due_Date__c', target: 'due' },
      ],
    );
    for (let done = 0; done < total; done += 10_000) {
      apex(
        org,
        `List<Test_Invoice__c> invoices = new List<Test_Invoice__c>();
         for (Integer i = ${done}; i < ${Math.min(done + 10_000, total)}; i++) {
           invoices.add(new Test_Invoice__c(Name = 'INV-' + i, Amount__c = i, Status__c = 'Open', Due_Date__c = Date.newInstance(2026, 2, 1)));
         }
         insert invoices;`,
      );
    }
    const start = "ExportCapture.start('Bench_Export', 'Manual');";
    const first = measure(org, total, start);
    const unchanged = measure(org, total, start);
    // every tenth invoice (names ending in 0) changes, 5,000 per transaction after the last Id
    let last = '';
    for (let done = 0; done < total / 10; done += 5_000) {
      [last] = apex(
        org,
        `List<Test_Invoice__c> some = [SELECT Id, Amount__c FROM Test_Invoice__c WHERE Name LIKE 'INV-%0' ${last ? `AND Id > '${last}'` : ''} ORDER BY Id LIMIT 5000];
         for (Test_Invoice__c invoice : some) { invoice.Amount__c += 1; }
         update some;
         System.debug(some[some.size() - 1].Id);`,
      );
    }
    const tenth = measure(org, total, start);
    return { first, unchanged, '10% changed': tenth };
  } finally {
    await api.stop();
  }
}

function best(times: number, run: () => number): number {
  return Math.max(...Array.from({ length: times }, run));
}

function printTable(title: string, runs: Record<string, Record<string, RunCost>>): void {
  const n = (v: number) => v.toLocaleString('en-US');
  console.log(`\n${title}, per 1,000 records (peak heap and wall time per run)`);
  console.log(
    '  records  run           requests   txns   SOQL  query rows   DML  DML rows  CPU ms  peak heap   wall s  worst limit use',
  );
  for (const [size, bySize] of Object.entries(runs)) {
    for (const [name, c] of Object.entries(bySize)) {
      const per = (v: number) =>
        ((v * 1000) / c.records).toLocaleString('en-US', { maximumFractionDigits: 1 });
      console.log(
        `  ${n(Number(size)).padStart(7)}  ${name.padEnd(12)} ${per(c.callouts).padStart(9)} ${per(c.transactions).padStart(6)} ${per(c.soql).padStart(6)} ${per(c.queryRows).padStart(11)} ${per(c.dmlStatements).padStart(5)} ${per(c.dmlRows).padStart(9)} ${per(c.cpuMs).padStart(7)} ${n(c.peakHeapBytes).padStart(10)} ${(c.wallMs / 1000).toFixed(1).padStart(8)}  ${Math.round(c.worst.share * 100)}% ${c.worst.limit}`,
      );
    }
  }
  console.log(
    `\n${title}, per transaction, first runs (every record carried; working: the transactions that sent requests; the ceiling: the records one async transaction could carry at the run's cost per record before its first limit)`,
  );
  console.log(
    '  records  run          async exec  working txns  records/txn  records/async exec     ceiling  of ceiling',
  );
  for (const [size, bySize] of Object.entries(runs)) {
    for (const [name, c] of Object.entries(bySize).filter(([run]) => run === 'first')) {
      const most = ceiling(c);
      const perTxn = recordsPerTransaction(c);
      console.log(
        `  ${n(Number(size)).padStart(7)}  ${name.padEnd(12)} ${n(c.asyncExecutions).padStart(10)} ${n(c.workingTransactions).padStart(13)} ${n(Math.round(perTxn)).padStart(12)} ${n(Math.round(c.records / Math.max(1, c.asyncExecutions))).padStart(19)} ${`${n(Math.round(most.records))} ${most.limit}`.padStart(11)} ${`${Math.round((100 * perTxn) / most.records)}%`.padStart(11)}`,
      );
    }
  }
}

/** Async executions of the largest import's first run, scaled to 100,000 records. */
function executionsPer100k(imports: Record<string, Record<string, RunCost>>): number | null {
  const largest = Object.values(imports).at(-1)?.first;
  return largest ? Math.round((largest.asyncExecutions * 100_000) / largest.records) : null;
}

async function main(): Promise<void> {
  const parse = measureParse();
  const statementsPerSecond = best(3, () => benchStatementsPerSecond());
  const database = benchDatabase();
  const n = (v: number) => v.toLocaleString('en-US');
  console.log('localorg');
  console.log(
    `  parse force-app, unpackaged and demo: ${parse.files} files, ${n(parse.lines)} lines in ${n(parse.ms)} ms`,
  );
  console.log(`  interpreter: ${n(statementsPerSecond)} simple Apex statements/s`);
  console.log(`  DML insert: ${n(database.insertRowsPerSecond)} rows/s (${n(database.rows)} rows)`);
  console.log(
    `  SOQL, indexed external ID over ${n(database.rows)} rows: ${n(database.queriesPerSecond)} queries/s`,
  );
  const imports: Record<string, Record<string, RunCost>> = {};
  const exports: Record<string, Record<string, RunCost>> = {};
  for (const size of SIZES) {
    if (DIRECTIONS.includes('import')) imports[size] = await measureImport(size);
    if (DIRECTIONS.includes('export')) exports[size] = await measureExport(size);
  }
  printTable(`import, page size ${PAGE_SIZE}`, imports);
  const per100k = executionsPer100k(imports);
  if (per100k !== null) {
    console.log(`\nasync executions per 100,000 imported records: ${n(per100k)}`);
  }
  printTable('export, capture chunks as the mapping allows, requests of 50 records', exports);
  const results = {
    date: new Date().toISOString(),
    parse,
    statementsPerSecond,
    database,
    imports,
    exports,
  };
  const out = arg('out') ?? 'bench-results.json';
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nfigures written to ${out}`);
  const near = [...Object.values(imports), ...Object.values(exports)]
    .flatMap((bySize) => Object.entries(bySize))
    .filter(([, c]) => c.worst.share >= 0.8);
  if (near.length) {
    console.error(
      `\nFAIL: a transaction came within 80% of a governor limit: ${near.map(([name, c]) => `${name} ${c.records}: ${Math.round(c.worst.share * 100)}% of ${c.worst.limit}`).join('; ')}`,
    );
    process.exitCode = 1;
  }
}

await main();
