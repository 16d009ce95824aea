/**
 * `npm run bench`: figures to improve, not timed tests.
 *
 * - localorg: parse time of the project's Apex, interpreter throughput (simple Apex statements
 *   per second), database throughput (rows inserted per second, indexed SOQL queries per second
 *   over 100,000 rows);
 * - the import engine: governor cost per 1,000 records of a real import run in localorg against
 *   a local API (page size 200, one page per transaction), first run (inserts) and a second run
 *   with nothing changed (skip-unchanged).
 *
 * Prints a table and writes the figures to `bench-results.json` (or the path given), so a later
 * change can be compared against them.
 */
import { writeFileSync } from 'node:fs';
import { loadProject } from '../localorg/src/load/project';
import { buildAst } from '../localorg/src/ast/build';
import { benchStatementsPerSecond } from '../localorg/src/interp/bench';
import { benchDatabase } from '../localorg/src/platform/data/bench';
import {
  apex,
  invoicesApi,
  localOrg,
  PROJECT_DIR,
  registerInvoiceImport,
} from '../localorg/test/integration/harness';

interface ImportCost {
  records: number;
  transactions: number;
  callouts: number;
  soql: number;
  dmlStatements: number;
  dmlRows: number;
  cpuMs: number;
  endHeapBytes: number;
  wallMs: number;
}

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

const RECORDS = 1000;
const PAGE_SIZE = 200;

async function measureImport(): Promise<{ first: ImportCost; unchanged: ImportCost }> {
  const api = await invoicesApi(RECORDS);
  try {
    const org = localOrg(api);
    registerInvoiceImport(org, 'Bench_Invoices', PAGE_SIZE);
    return { first: runImport(org), unchanged: runImport(org) };
  } finally {
    await api.stop();
  }
}

/** One run, a transaction per page as the Queueable chain has, with each one's Limits. */
function runImport(org: ReturnType<typeof localOrg>): ImportCost {
  const [runId] = apex(
    org,
    "System.debug(RunLedger.create(ConfigSelector.getOption('Bench_Invoices'), 'Manual').run.Id);",
  );
  const cost: ImportCost = {
    records: RECORDS,
    transactions: 0,
    callouts: 0,
    soql: 0,
    dmlStatements: 0,
    dmlRows: 0,
    cpuMs: 0,
    endHeapBytes: 0,
    wallMs: 0,
  };
  const started = performance.now();
  for (let done = false; !done;) {
    const [line] = apex(
      org,
      `RunLedger l = RunLedger.load('${runId}');
       ImportStep.Outcome o = new ImportStep(ConfigSelector.getOption('Bench_Invoices'), l, PageCursor.fromJson(l.run.Cursor__c)).run();
       System.debug(o + ',' + Limits.getCallouts() + ',' + Limits.getQueries() + ',' + Limits.getDmlStatements() + ',' + Limits.getDmlRows() + ',' + Limits.getCpuTime() + ',' + Limits.getHeapSize());`,
    );
    const [outcome, callouts, soql, dml, rows, cpu, heap] = line.split(',');
    cost.transactions++;
    cost.callouts += Number(callouts);
    cost.soql += Number(soql);
    cost.dmlStatements += Number(dml);
    cost.dmlRows += Number(rows);
    cost.cpuMs += Number(cpu);
    cost.endHeapBytes = Math.max(cost.endHeapBytes, Number(heap));
    done = outcome !== 'NEXT_PAGE';
  }
  cost.wallMs = Math.round(performance.now() - started);
  return cost;
}

function best(times: number, run: () => number): number {
  return Math.max(...Array.from({ length: times }, run));
}

async function main(): Promise<void> {
  const parse = measureParse();
  const statementsPerSecond = best(3, () => benchStatementsPerSecond());
  const database = benchDatabase();
  const imports = await measureImport();
  const results = { date: new Date().toISOString(), parse, statementsPerSecond, database, imports };

  const n = (v: number) => v.toLocaleString('en-US');
  console.log('localorg');
  console.log(
    `  parse force-app + unpackaged: ${parse.files} files, ${n(parse.lines)} lines in ${n(parse.ms)} ms`,
  );
  console.log(`  interpreter: ${n(statementsPerSecond)} simple Apex statements/s`);
  console.log(`  DML insert: ${n(database.insertRowsPerSecond)} rows/s (${n(database.rows)} rows)`);
  console.log(
    `  SOQL, indexed external ID over ${n(database.rows)} rows: ${n(database.queriesPerSecond)} queries/s`,
  );
  console.log(`\nimport of ${n(RECORDS)} records, page size ${PAGE_SIZE}, per 1,000 records`);
  console.log('  run        txns  callouts  SOQL  DML  DML rows  CPU ms  end heap   wall ms');
  for (const [name, c] of Object.entries(imports)) {
    const per = (v: number) => String(Math.round((v * 1000) / c.records));
    console.log(
      `  ${name.padEnd(9)} ${per(c.transactions).padStart(5)} ${per(c.callouts).padStart(9)} ${per(c.soql).padStart(5)} ${per(c.dmlStatements).padStart(4)} ${per(c.dmlRows).padStart(9)} ${per(c.cpuMs).padStart(7)} ${(c.endHeapBytes ? n(c.endHeapBytes) : 'n/a').padStart(10)} ${n(c.wallMs).padStart(8)}`,
    );
  }
  const out = process.argv[2] ?? 'bench-results.json';
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    '  (end heap: the largest heap estimate at the end of a transaction, in bytes; no peak yet)',
  );
  console.log(`\nfigures written to ${out}`);
}

await main();
