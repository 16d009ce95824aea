/**
 * The composition root of localorg: loads an SFDX project, builds the interpreter with every
 * native class list, and plugs in the platform's DataService.
 *
 * ```ts
 * const org = createOrg({ projectDir: '.', dataService: createDataService(...) });
 * const run = org.runTests({ classes: ['Sync_Tests'] });
 * ```
 */
import type { NativeClass, Runtime, RunningUser } from './runtime/native';
import type { ApexInvoker, DataService, Platform } from './platform/services';
import { stdlibClasses } from './runtime/stdlib';
import { dataClasses } from './platform/data';
import { asyncClassExtensions, asyncClasses, asyncExceptionTypes } from './platform/async';
import { loadProject, type ApexProject } from './load/project';
import { loadCustomLabels } from './load/labels';
import { astCacheKey, loadAst } from './ast/cache';
import { typecheckStamps, type StampedSource } from './interp/typecheck-stamp';
import type { SourceUnit } from './interp/model';
import { Interpreter } from './interp/interpreter';
import { noDataService } from './interp/no-data';
import { runAnonymous, type AnonymousResult } from './interp/anonymous';
import { runTests, type TestFilter, type TestRunResult } from './testing/runner';
import { restClasses } from './platform/rest/context';
import { restCall, type RestCallRequest, type RestCallResponse } from './platform/rest/call';
import { invokeAura, type AuraOptions, type AuraResult } from './platform/aura/invoke';
import { securityClasses } from './platform/security';

export interface OrgOptions {
  /** The SFDX project (with `sfdx-project.json`). */
  projectDir: string;
  /**
   * The database: `createDataService(...)` from `platform/data`, or a factory given the
   * interpreter's invoker and runtime (the data layer runs triggers through the invoker).
   * Without it, the org has no SObjects.
   */
  dataService?: DataService | ((ctx: OrgContext) => DataService);
  /** Async Apex, events and callouts (`createAsyncService(...)`), made from the org context. */
  asyncService?: (ctx: OrgContext & { data: DataService }) => Platform['async'];
  /** Current time in ms since the epoch (tests pin it). */
  clock?: () => number;
  /** The running user (defaults: a GMT, en_US admin). */
  user?: Partial<RunningUser>;
  /** Extra native classes, registered after the standard ones. */
  natives?: NativeClass[];
  /** Cache ASTs under `<project>/.localorg/cache/` (default true). */
  cache?: boolean;
  /**
   * Type-check method bodies at load (default true). `false` only measures what the check
   * costs (`npm run bench:load`): bodies then compile on first call, and a typing error is
   * reported when its method runs.
   */
  typecheck?: boolean;
}

/** What a platform service needs from the interpreter when it is created. */
export interface OrgContext {
  readonly invoker: ApexInvoker;
  readonly runtime: Runtime;
  readonly projectDir: string;
}

export interface Org {
  readonly project: ApexProject;
  readonly interpreter: Interpreter;
  /** The `Runtime` natives receive. */
  readonly runtime: Runtime;
  /** What the platform calls back: triggers, jobs. */
  readonly invoker: ApexInvoker;
  readonly data: DataService;
  runTests(filter?: TestFilter): TestRunResult;
  runAnonymous(source: string): AnonymousResult;
  /** Register work `Test.stopTest()` runs (queued async jobs). */
  onStopTest(hook: () => void): void;
  /** One Apex REST request (`/services/apexrest` + `path`), as its own transaction. */
  restCall(request: RestCallRequest): RestCallResponse;
  /** A Lightning Apex action (`@salesforce/apex/Class.method`), as its own transaction. */
  invokeAura(
    className: string,
    methodName: string,
    params: Record<string, unknown>,
    options?: AuraOptions,
  ): AuraResult;
}

/** The standard native classes, in registration order (later lists add to earlier ones). */
export function standardNatives(): NativeClass[] {
  return [
    ...stdlibClasses,
    ...dataClasses,
    ...asyncClasses,
    ...asyncClassExtensions,
    ...restClasses,
    ...securityClasses,
  ];
}

/** `System.Label.Name`: the project's custom labels as static properties of `Label`. */
export function labelClass(labels: Map<string, string>): NativeClass {
  const staticProps: Record<string, () => string> = {};
  for (const [name, value] of labels) staticProps[name.toLowerCase()] = () => value;
  return { name: 'Label', staticProps };
}

export function createOrg(opts: OrgOptions): Org {
  const project = loadProject(opts.projectDir);
  const interpreter = new Interpreter({
    data: noDataService(),
    natives: [
      ...standardNatives(),
      labelClass(loadCustomLabels(project.dir, project.packageDirectories)),
      ...(opts.natives ?? []),
    ],
    user: opts.user,
    clock: opts.clock,
    namespace: project.namespace ?? undefined,
    exceptionTypes: asyncExceptionTypes,
  });
  const ctx: OrgContext = {
    invoker: interpreter.invoker,
    runtime: interpreter,
    projectDir: project.dir,
  };
  const ds = opts.dataService;
  const data = typeof ds === 'function' ? ds(ctx) : (ds ?? interpreter.data);
  interpreter.data = data;
  if (opts.asyncService) interpreter.asyncService = opts.asyncService({ ...ctx, data });
  const cacheDir = opts.cache === false ? undefined : project.dir;
  const stamped = new Map<SourceUnit, StampedSource>();
  for (const f of project.files) {
    const key = astCacheKey(f.source, f.kind);
    const ast = loadAst(f.source, f.kind, f.path, cacheDir, key);
    const unit = interpreter.addUnit(ast, f.name, f.path, f.apiVersion);
    stamped.set(unit, {
      key,
      source: f.source,
      apiVersion: f.apiVersion,
      type: ast.type,
    });
  }
  if (opts.typecheck === false) interpreter.linkAll(() => false);
  else if (cacheDir) {
    const stamps = typecheckStamps(cacheDir, project.namespace, [...stamped.values()]);
    try {
      interpreter.linkAll(
        (unit) => !stamps.passed(stamped.get(unit)!),
        (unit) => stamps.record(stamped.get(unit)!),
      );
    } finally {
      stamps.save();
    }
  } else interpreter.linkAll();
  return {
    project,
    interpreter,
    runtime: interpreter,
    invoker: interpreter.invoker,
    data,
    runTests: (filter) => runTests(interpreter, filter),
    runAnonymous: (source) => runAnonymous(interpreter, source),
    onStopTest: (hook) => interpreter.onStopTest(hook),
    restCall: (request) => restCall(interpreter, project.namespace ?? null, request),
    invokeAura: (className, methodName, params, options) =>
      invokeAura(interpreter, className, methodName, params, options),
  };
}
