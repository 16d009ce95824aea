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
import { createAsyncService, type AsyncService, type Clock } from './platform/async/index';
import type { RunningUser } from './runtime/native';
import type { Platform } from './platform/services';
import { readProject } from './platform/data/load';
import {
  assignPermissionSets,
  createUser,
  installPermissions,
  type LocalUserSpec,
} from './platform/security';

export interface LocalOrgOptions {
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
  /** Cache parsed Apex under `<project>/.localorg/cache` (default true). */
  cache?: boolean;
  /** Platform rules applied only when asked (`MIXED_DML_OPERATION`, whole-second Datetimes). */
  rules?: Partial<OptInRules>;
}

export interface LocalOrg {
  org: Org;
  data: () => OrgDataService;
  async: () => AsyncService;
  /** Create an active user (a standard profile, permission sets) to run calls as; returns its Id. */
  createUser(spec: LocalUserSpec): string;
}

export function createLocalOrg(options: LocalOrgOptions): LocalOrg {
  let data: OrgDataService | null = null;
  let async: AsyncService | null = null;
  const { permissionSets = [], ...user } = options.user ?? {};
  const org = createOrg({
    projectDir: options.projectDir,
    cache: options.cache,
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
      });
      // PermissionSet, CustomPermission … rows from the project's metadata
      installPermissions(data, readProject(ctx.projectDir).packageDirs);
      assignPermissionSets(data, ctx.runtime.user.id, permissionSets);
      return data;
    },
    asyncService: (ctx) =>
      (async = createAsyncService({
        invoker: ctx.invoker,
        projectDir: ctx.projectDir,
        data: ctx.data,
        clock: options.clock,
        credentials: options.credentials,
        customMetadataStore: customMetadataStore(ctx.data),
        userId: ctx.runtime.user.id,
      })),
  });
  return {
    org,
    data: () => data!,
    async: () => async!,
    createUser: (spec) => createUser(data!, spec),
  };
}
