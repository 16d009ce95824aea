/**
 * `npm start`: Conduit running locally with no org. localorg loads the project (the package,
 * `unpackaged/` and the `demo/` objects, options and plan), the demo API answers the `Demo_API`
 * Named Credential from a worker thread, the sample accounts are loaded, Conduit's standing jobs
 * are scheduled (`Sync.scheduleJobs()`), async jobs run on the wall clock, and the admin app is
 * served at the printed URL. The browser tests start the same
 * thing (`startConduit`) with their fixtures added.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApexList, SObjectValue, type LocalOrg, type Value } from 'localorg';
import { startAppServer, type AppServer, type AppTab } from 'localorg/app';
import { startDemoApiWorker, type DemoApiWorker } from '../demo/api/worker';
import { loadDemoAccounts } from '../demo/data/load';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The admin app's pages, in tab order: one line per page, `{ name, label, component }`, where
 * `name` is the tab's API name (the page is at `/lightning/n/<name>`) and `component` the LWC
 * under `force-app/**\/lwc/` as `c/<name>`.
 */
export const CONDUIT_TABS: AppTab[] = [
  { name: 'Conduit_Dashboard', label: 'Dashboard', component: 'c/syncDashboard' },
  { name: 'Conduit_Runs', label: 'Runs', component: 'c/syncRuns' },
  { name: 'Conduit_Failures', label: 'Failures', component: 'c/syncFailures' },
  { name: 'Conduit_Reconciliation', label: 'Reconciliation', component: 'c/syncReconciliation' },
  { name: 'Conduit_Mapping', label: 'Mapping', component: 'c/syncMappingHelper' },
  { name: 'Conduit_Configuration', label: 'Configuration', component: 'c/syncConfigTransfer' },
];

/**
 * What a restart loses, shown on every page and printed at start: localorg keeps the org in
 * memory, and nothing writes it back to the project's files.
 */
export const NOT_KEPT =
  'Local org: records, runs and configuration saved here are kept in memory only; a restart of npm start begins again from the project and the demo data.';

/** Where `npm start` keeps the configuration deployed in the app (gitignored). */
export const KEPT_FILE = join(ROOT, '.localorg', 'state', 'deployments.json');

/** What a restart keeps and loses, when the configuration is kept (`keep`). */
export const KEPT =
  'Local org: configuration saved here (mappings, schedules, imports) is kept across restarts in .localorg/state; records and runs are kept in memory only, and a restart begins them again from the demo data.';

export interface ConduitOptions {
  /** Port of the app (default: any free port). */
  port?: number;
  log?: (line: string) => void;
  /** More package directories and tabs: the browser tests' fixtures. */
  extraPackageDirs?: string[];
  extraTabs?: AppTab[];
  /**
   * The demo's first run (`npm start` sets it; the browser tests start with no runs): a customer
   * disputes an invoice on the API's side, a status the demo's mapping does not know, and the
   * Demo_Finance plan runs once, so the runs list has a Partial run and the failures view a row
   * with its reason, to retry once the mapping maps `disputed` (Mapping tab).
   */
  firstRun?: boolean;
  /** Keep configuration deployed in the app across restarts in `KEPT_FILE` (`npm start`). */
  keep?: boolean;
}

export interface RunningConduit {
  app: AppServer;
  api: DemoApiWorker;
  close(): Promise<void>;
}

/** Starts the demo API and the app over the project's org with the demo data. */
export async function startConduit(options: ConduitOptions = {}): Promise<RunningConduit> {
  const log = options.log ?? ((line: string) => console.log(line));
  const api = await startDemoApiWorker();
  log(`demo API: ${api.url} (the Demo_API Named Credential)`);
  try {
    const disputed = options.firstRun
      ? (await api.admin.touch({ invoices: 0, payments: 0, disputes: 1 })).disputed
      : [];
    const app = await startAppServer({
      projectDir: ROOT,
      extraPackageDirs: options.extraPackageDirs,
      appLabel: 'Conduit',
      notice: options.keep ? KEPT : NOT_KEPT,
      keptFile: options.keep ? KEPT_FILE : undefined,
      tabs: [...CONDUIT_TABS, ...(options.extraTabs ?? [])],
      credentials: { Demo_API: api.url },
      permissionSets: ['Conduit_Admin', 'Conduit_Demo'],
      port: options.port,
      log,
      setup: (local) => {
        log(`demo data: ${loadDemoAccounts(local)} sample accounts`);
        scheduleJobs(local, log);
        if (options.firstRun) startFirstRun(local, disputed, log);
      },
      onWorkRan: runReporter(log),
    });
    return {
      app,
      api,
      close: async () => {
        await app.close();
        await api.close();
      },
    };
  } catch (error) {
    await api.close();
    throw error;
  }
}

/**
 * Schedules Conduit's standing jobs as an admin does after an install (`Sync.scheduleJobs()`):
 * the dispatcher that starts scheduled plans and options every 15 minutes, and the nightly purge.
 */
function scheduleJobs(local: LocalOrg, log: (line: string) => void): void {
  const result = local.org.runAnonymous('Sync.scheduleJobs();');
  if (!result.success) {
    throw new Error(`Sync.scheduleJobs() failed: ${result.error?.message ?? 'unknown error'}`);
  }
  log('jobs: the schedule dispatcher (every 15 minutes) and the nightly retention purge');
}

/** Starts the Demo_Finance plan; its jobs run once the app is up. */
function startFirstRun(local: LocalOrg, disputed: string[], log: (line: string) => void): void {
  const result = local.org.runAnonymous("PlanRunner.start('Demo_Finance', 'Manual');");
  if (!result.success) {
    throw new Error(`the first run failed to start: ${result.error?.message ?? 'unknown error'}`);
  }
  log(
    `first run: the Demo_Finance plan; ${disputed.join(', ')} is disputed on the API's side, a status the mapping does not know: see it in Failures, map 'disputed' in Mapping, then retry`,
  );
}

const RUN_FIELDS = [
  'Option__c',
  'Plan__c',
  'Status__c',
  'Records_Fetched__c',
  'Records_Inserted__c',
  'Records_Updated__c',
  'Records_Unchanged__c',
  'Records_Failed__c',
  'Message__c',
];

/** Prints each sync run whose status changed since the last look (`Sync_Run__c`). */
export function runReporter(log: (line: string) => void): (local: LocalOrg) => void {
  const seen = new Map<string, string>();
  return (local) => {
    const rows = local
      .data()
      .query(`SELECT Id, ${RUN_FIELDS.join(', ')} FROM Sync_Run__c`, () => null) as Value;
    if (!(rows instanceof ApexList)) return;
    // rows hold the names the org knows: custom fields with the package's namespace
    const ns = local.org.project.namespace;
    const key = (name: string) =>
      (ns && name.endsWith('__c') ? `${ns}__${name}` : name).toLowerCase();
    for (const run of rows.items as SObjectValue[]) {
      const field = (name: string) => run.fields.get(key(name)) ?? null;
      const id = String(field('Id'));
      const status = String(field('Status__c'));
      if (seen.get(id) === status) continue;
      seen.set(id, status);
      log(`run ${describeRun(field)}`);
    }
  };
}

function describeRun(field: (name: string) => Value): string {
  const name = field('Option__c') ?? field('Plan__c') ?? 'sync';
  const status = String(field('Status__c'));
  if (status === 'Queued' || status === 'Running') return `${String(name)}: ${status}`;
  const counts = ['Fetched', 'Inserted', 'Updated', 'Unchanged', 'Failed']
    .map((what) => `${what.toLowerCase()} ${String(field(`Records_${what}__c`) ?? 0)}`)
    .join(', ');
  const message = field('Message__c');
  return `${String(name)}: ${status} (${counts})${message ? ` — ${String(message)}` : ''}`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const conduit = await startConduit({
    port: Number(process.env.PORT ?? 3000),
    firstRun: true,
    keep: true,
  });
  const ready = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\nConduit is running at ${conduit.app.url} (ready in ${ready} s). Ctrl-C stops it.\n${KEPT}\n`,
  );
  const stop = () => {
    console.log('stopping…');
    void conduit.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(`npm start failed: ${error.message}`);
    process.exit(1);
  });
}
