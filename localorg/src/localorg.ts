/**
 * The whole offline org: the interpreter with the database (`platform/data`) and the async,
 * events and callouts layer (`platform/async`) plugged in. The CLI, the dev server, the
 * benchmarks and the integration tests start here.
 *
 * ```ts
 * const { org, async } = createLocalOrg({ projectDir: '.', credentials: { Billing: 'http://127.0.0.1:4010' } });
 * org.runAnonymous("Conduit.Sync.run('Invoices');");
 * async().drain();
 * ```
 */
import { createOrg, type Org } from './org';
import {
  createDataService,
  customMetadataStore,
  type OptInRules,
  type OrgDataService,
} from './platform/data/index';
import {
  createAsyncService,
  type AsyncService,
  type Clock,
  type OrgLimitsOptions,
} from './platform/async/index';
import type { RunningUser } from './runtime/native';
import type { Platform } from './platform/services';
import { readProject } from './platform/data/load';
import { OperationHooks } from './platform/hooks';
import { Faults } from './platform/faults';
import { interleave, type InterleaveOptions, type Interleaving } from './platform/interleave';
import {
  assignPermissionSets,
  createUser,
  installPermissions,
  type LocalUserSpec,
} from './platform/security';

export type {
  HoldRule,
  InterleaveOptions,
  InterleaveStep,
  Interleaving,
  PausePoint,
} from './platform/interleave';

export interface LocalOrgOptions extends OrgLimitsOptions {
  projectDir: string;
  /** The org's clock: a `ManualClock` for tests that move time, the system clock otherwise. */
  clock?: Clock;
  /** Named Credential name → local base URL that callouts outside Apex tests go to. */
  credentials?: Record<string, string>;
  /**
   * The running user; `permissionSets` (by `Name`, e.g. `['Conduit_Admin']`) are assigned to it,
   * so that `FeatureManagement.checkPermission` sees their custom permissions.
   */
  user?: Partial<RunningUser> & { permissionSets?: string[] };
  /** Cache parsed Apex under `<project>/.localorg/cache` (default true); memory caches it either way. */
  cache?: boolean;
  /** Type-check method bodies at load (default true; `OrgOptions.typecheck`). */
  typecheck?: boolean;
  /** Platform rules an org can switch (`MIXED_DML_OPERATION`, on unless switched off). */
  rules?: Partial<OptInRules>;
}

export interface LocalOrg {
  org: Org;
  data: () => OrgDataService;
  async: () => AsyncService;
  /**
   * The operation-hook seam (`platform/hooks.ts`): callouts, DML, queries, enqueues, event
   * publishes and deliveries, and commits pass through its listeners first.
   */
  hooks: OperationHooks;
  /** Fault injection: `faults.at({ kind: 'callout', nth: 2 }).timeout()` (`platform/faults.ts`). */
  faults: Faults;
  /** Create an active user (a standard profile, permission sets) to run calls as; returns its Id. */
  createUser(spec: LocalUserSpec): string;
  /**
   * Interleave the transactions of the jobs `async().drain()` runs (`platform/interleave`):
   * each transaction sees committed data plus its own writes, `FOR UPDATE` and DML lock rows,
   * and a job held at a callout, DML statement, query or its commit waits while other jobs run.
   * `stop()` returns to one transaction at a time.
   */
  interleave(options?: InterleaveOptions): Interleaving;
}

export function createLocalOrg(options: LocalOrgOptions): LocalOrg {
  let data: OrgDataService | null = null;
  let async: AsyncService | null = null;
  const { permissionSets = [], ...user } = options.user ?? {};
  const hooks = new OperationHooks();
  const org = createOrg({
    projectDir: options.projectDir,
    cache: options.cache,
    typecheck: options.typecheck,
    user,
    clock: options.clock ? () => options.clock!.now() : undefined,
    dataService: (ctx) => {
      data = createDataService({
        projectDir: ctx.projectDir,
        invoker: ctx.invoker,
        limits: () => (ctx.runtime.platform as Platform).limits,
        clock: () => ctx.runtime.now(),
        userId: () => ctx.runtime.user.id,
        profileId: () => ctx.runtime.user.profileId,
        orgId: () => ctx.runtime.user.orgId,
        timeZone: () => ctx.runtime.user.timeZone,
        user: () => ctx.runtime.user,
        rules: options.rules,
        access: () =>
          ctx.runtime.accessContext?.() ?? { withSharing: false, userModeDefault: false },
        // SOQL on AsyncApexJob, CronTrigger and CronJobDetail reads the job queue's rows
        asyncRecords: () => async!,
        hooks,
      });
      // PermissionSet, CustomPermission … rows from the project's metadata
      installPermissions(data, readProject(ctx.projectDir).packageDirs);
      assignPermissionSets(data, ctx.runtime.user.id, permissionSets);
      return data;
    },
    asyncService: (ctx) => {
      hooks.site = () => async!.site((ctx.runtime.platform as Platform).isTest);
      return (async = createAsyncService({
        invoker: ctx.invoker,
        projectDir: ctx.projectDir,
        data: ctx.data,
        clock: options.clock,
        credentials: options.credentials,
        customMetadataStore: customMetadataStore(ctx.data),
        userId: ctx.runtime.user.id,
        hooks,
        orgLimits: {
          edition: options.edition,
          userLicences: options.userLicences,
          dailyAsyncExecutions: options.dailyAsyncExecutions,
          dailySingleEmails: options.dailySingleEmails,
        },
      }));
    },
  });
  return {
    org,
    data: () => data!,
    async: () => async!,
    hooks,
    faults: new Faults(hooks, () => (org.runtime.platform as Platform).limits),
    createUser: (spec) => createUser(data!, spec),
    interleave: (opts) =>
      interleave(
        { async: async!, transactions: data!.transactions, hooks, interpreter: org.interpreter },
        opts,
      ),
  };
}
