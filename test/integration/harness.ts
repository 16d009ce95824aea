/**
 * Integration runs of Conduit's Apex in localorg, outside Apex test context: the real
 * Queueable chains, real HTTP callouts to a local API (`localorg/harness`), and a manual clock
 * for delayed jobs.
 */
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import {
  createLocalOrg,
  ManualClock,
  type LocalOrg,
  type LocalOrgOptions,
  type SObjectValue,
  type Value,
} from 'localorg';
import { apex, LocalApi, query } from 'localorg/harness';

export { apex, LocalApi, query };

export const PROJECT_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** A request `keyedApi` received: its `Idempotency-Key`, its body and the status it answered. */
export interface KeyedRequest {
  key: string;
  body: string;
  status: number;
}

/**
 * A local export API that remembers every request by its `Idempotency-Key` (`GET` lists them as
 * `KeyedRequest`s) and answers with the status `statusSource` computes (a JavaScript expression
 * over `repeat`, whether the key came before): on a 2xx the records' ids (`EXT-<name>`), else an
 * error — the request was applied all the same.
 */
export function keyedApi(statusSource: string): Promise<LocalApi> {
  return LocalApi.start(`
    globalThis.received = globalThis.received || [];
    if (req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(globalThis.received));
      return;
    }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      const repeat = globalThis.received.some((r) => r.key === key);
      const status = ${statusSource};
      globalThis.received.push({ key, body, status });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      const records = JSON.parse(body).data;
      res.end(status < 300 ? JSON.stringify({ data: records.map((r) => ({ id: 'EXT-' + r.name })) }) : '{"error": "applied, then the gateway failed"}');
    });
  `);
}

/**
 * Every request a `keyedApi` received, in order. Asked again once if the connection fails: after
 * a long drain the kept-alive socket may be closed by the API just as it is reused.
 */
export async function keyedRequests(api: LocalApi): Promise<KeyedRequest[]> {
  const read = async (): Promise<KeyedRequest[]> =>
    (await (await fetch(`${api.baseUrl}/received`)).json()) as KeyedRequest[];
  try {
    return await read();
  } catch {
    return read();
  }
}

/**
 * The keys each record (by its `name`) reached a `keyedApi` under, from the request at `from` on
 * (an API shared by several orgs of a file: what this org sent).
 */
export async function keysByName(api: LocalApi, from = 0): Promise<Map<string, Set<string>>> {
  const keys = new Map<string, Set<string>>();
  for (const request of (await keyedRequests(api)).slice(from)) {
    for (const record of (JSON.parse(request.body) as { data: { name: string }[] }).data) {
      keys.set(record.name, (keys.get(record.name) ?? new Set()).add(request.key));
    }
  }
  return keys;
}

/**
 * The project's org with `Test_API` mapped to the local API; `options` add an edition, a user…
 * Its admin has lifted Conduit's default request rate (`Default_Requests_Per_Minute__c` 0): these
 * tests count a chain's jobs and requests, not quota pauses (the demo's settings record, loaded
 * with the project, lifts it too; this keeps the tests independent of the demo). It loads through
 * the project's parse cache and type-check stamps (`.localorg/cache`), as every step of `npm test`
 * may: a cold load type-checks every body again, a cost each of the files' orgs would pay.
 */
export function localOrg(
  api: LocalApi,
  options: Partial<LocalOrgOptions> = {},
): LocalOrg & { clock: ManualClock } {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  const org = createLocalOrg({
    projectDir: PROJECT_DIR,
    clock,
    credentials: { Test_API: api.baseUrl },
    ...options,
  });
  liftDefaultRate(org);
  return { ...org, clock };
}

/**
 * What an admin does to let Conduit call APIs without a quota of their own as fast as the
 * governor limits allow: `Default_Requests_Per_Minute__c` 0 on the `Default` settings record.
 */
export function liftDefaultRate(org: LocalOrg): void {
  org.data().registerCustomMetadata([
    {
      type: 'Conduit_Setting__mdt',
      developerName: 'Default',
      fields: { Default_Requests_Per_Minute__c: new Decimal(0) },
    },
  ]);
}

/** Custom metadata for one sync option and its mappings, as an admin would deploy it. */
export function registerOption(
  org: LocalOrg,
  name: string,
  fields: Record<string, Value>,
  mappings: { source: string; target: string; transforms?: string; required?: boolean }[],
): void {
  const data = org.data();
  data.registerCustomMetadata([{ type: 'Sync_Option__mdt', developerName: name, fields }]);
  const optionId = query(
    org,
    `SELECT Id FROM Sync_Option__mdt WHERE DeveloperName = '${name}'`,
  )[0].fields.get('id');
  data.registerCustomMetadata(
    mappings.map((m, i) => ({
      type: 'Field_Mapping__mdt',
      developerName: `${name}_${i}`,
      fields: {
        Sync_Option__c: optionId ?? null,
        Source__c: m.source,
        Target__c: m.target,
        Transforms__c: m.transforms ?? null,
        Required__c: m.required ?? false,
        Order__c: i,
      },
    })),
  );
}

/**
 * A local API shared by the tests of one file: `start` runs before them and the API stops after
 * them. Call it at the top of the file; the function it returns gives the API once it has started.
 */
export function apiForFile(start: () => Promise<LocalApi>): () => LocalApi {
  let api: LocalApi | undefined;
  before(async () => {
    api = await start();
  });
  after(() => api?.stop());
  return () => {
    if (!api) throw new Error('the local API starts before the tests of the file');
    return api;
  };
}

/**
 * A local invoices API paged by `page`/`per_page` over `total` records
 * (`{"data": [{"id": "INV-0", "customer", "total", "status", "due"}, …]}`).
 */
export function invoicesApi(total: number): Promise<LocalApi> {
  return LocalApi.start(`
    const page = Number(url.searchParams.get('page'));
    const size = Number(url.searchParams.get('per_page'));
    const data = [];
    for (let n = (page - 1) * size; n < Math.min(page * size, ${total}); n++) {
      data.push({ id: 'INV-' + n, customer: 'Customer ' + n, total: (n + 0.5).toFixed(2), status: n % 2 ? 'paid' : 'open', due: '2026-02-01' });
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ data }));
  `);
}

/**
 * The import option of `invoicesApi` into `Test_Invoice__c`, one page per transaction (or at most
 * `pagesPerTransaction`; null: as many as the governor limits allow); `fields` add to or replace
 * these settings.
 */
export function registerInvoiceImport(
  org: LocalOrg,
  name: string,
  pageSize: number,
  pagesPerTransaction: number | null = 1,
  fields: Record<string, Value> = {},
): void {
  registerOption(
    org,
    name,
    {
      Active__c: true,
      Direction__c: 'Import',
      Object__c: 'Test_Invoice__c',
      Operation__c: 'Upsert',
      Match_Field__c: 'External_Id__c',
      Endpoint__c: 'callout:Test_API/invoices',
      Method__c: 'GET',
      Records_Path__c: 'data',
      Paging__c: 'Page_Number',
      Page_Size__c: new Decimal(pageSize),
      Pages_Per_Transaction__c:
        pagesPerTransaction === null ? null : new Decimal(pagesPerTransaction),
      Skip_Unchanged__c: true,
      Max_Attempts__c: new Decimal(3),
      ...fields,
    },
    [
      { source: 'id', target: 'External_Id__c', required: true },
      { source: 'customer', target: 'Name' },
      {
        source: 'total',
        target: 'Amount__c',
        transforms: '[{"type": "convert", "to": "Decimal", "scale": 2}]',
      },
      {
        source: 'status',
        target: 'Status__c',
        transforms: '[{"type": "replace", "map": {"open": "Open", "paid": "Paid"}}]',
      },
      { source: 'due', target: 'Due_Date__c' },
    ],
  );
}

/**
 * An export option of `Test_Invoice__c` to `callout:Test_API/invoices`, JSON under `data`, chunks
 * of 200, with an `Idempotency-Key`, skipping unchanged records, three tries; `fields` add to or
 * replace these settings.
 */
export function registerInvoiceExport(
  org: LocalOrg,
  fields: Record<string, Value>,
  mappings: { source: string; target: string }[],
): void {
  registerOption(
    org,
    'Invoice_Export',
    {
      Active__c: true,
      Direction__c: 'Export',
      Object__c: 'Test_Invoice__c',
      Endpoint__c: 'callout:Test_API/invoices',
      Records_Path__c: 'data',
      Payload_Format__c: 'JSON',
      Scope_Size__c: new Decimal(200),
      Send_Idempotency__c: true,
      Skip_Unchanged__c: true,
      Max_Attempts__c: new Decimal(3),
      ...fields,
    },
    mappings,
  );
}

/**
 * An org whose `Invoice_Export` POSTs new invoices' names to a `keyedApi`,
 * `batchSize` to a request.
 */
export function nameExportOrg(api: LocalApi, batchSize: number): LocalOrg & { clock: ManualClock } {
  const org = localOrg(api);
  registerInvoiceExport(
    org,
    { Operation__c: 'Insert', Method__c: 'POST', Batch_Size__c: new Decimal(batchSize) },
    [{ source: 'Name', target: 'name' }],
  );
  return org;
}

/** A field of a queried row, namespaced (`conduit__`) or not. */
export function field(row: SObjectValue, name: string): Value | undefined {
  return row.fields.get(`conduit__${name.toLowerCase()}`) ?? row.fields.get(name.toLowerCase());
}

/** An active sync plan's custom metadata; returns its Id, for options' `Plan__c`. */
export function registerPlan(org: LocalOrg, name: string): Value {
  org
    .data()
    .registerCustomMetadata([
      { type: 'Sync_Plan__mdt', developerName: name, fields: { Active__c: true } },
    ]);
  return (
    query(org, `SELECT Id FROM Sync_Plan__mdt WHERE DeveloperName = '${name}'`)[0].fields.get(
      'id',
    ) ?? null
  );
}

/** The settings of a one-try upsert import that is a step of the plan `planId` (`registerPlan`). */
export function planStepImport(planId: Value): Record<string, Value> {
  return {
    Active__c: true,
    Plan__c: planId,
    Direction__c: 'Import',
    Operation__c: 'Upsert',
    Match_Field__c: 'External_Id__c',
    Method__c: 'GET',
    Records_Path__c: 'data',
    Max_Attempts__c: new Decimal(1),
  };
}

/**
 * Runs the org's jobs with a seeded interleaving of their transactions, then, as jobs that met a
 * lock died (localorg does not wait), an hour later the sweeper's recovery of their runs and the
 * jobs it starts.
 */
export function drainInterleaved(org: LocalOrg & { clock: ManualClock }, seed: number): void {
  const interleaving = org.interleave({ seed, switchChance: 0.5 });
  org.async().drain({ until: org.clock.now() + 3_600_000 });
  interleaving.stop();
  sweepAnHourLater(org);
}

/** What went wrong in the transactions of a drain of the org's jobs. */
type DrainErrors = ReturnType<ReturnType<LocalOrg['async']>['drain']>['errors'];

/**
 * The dispatcher's tick an hour later: the sweeper's recovery of the runs whose job died, then
 * the jobs it starts; answers the errors of their transactions.
 */
export function sweepAnHourLater(org: LocalOrg & { clock: ManualClock }): DrainErrors {
  org.clock.advance(60 * 60_000);
  apex(org, 'RunSweeper.sweep(System.now().addMinutes(-15));');
  return org.async().drain({ until: org.clock.now() + 3_600_000 }).errors;
}

/** The runs still queued or running. */
export function unfinishedRuns(org: LocalOrg): number {
  return query(org, "SELECT Id FROM Sync_Run__c WHERE Status__c IN ('Queued', 'Running')").length;
}
