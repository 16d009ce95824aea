/**
 * localorg's public entry: everything the project outside `localorg/` may use. The dev server and
 * the app bundler are `localorg/app` (they load rollup), the benchmarks `localorg/bench`, the
 * helpers of node:test runs `localorg/harness` (a local HTTP API, anonymous Apex, SOQL), the
 * browser-side stand-ins of the app `localorg/app/client/*`; nothing else is imported from outside.
 *
 * ```ts
 * import { createLocalOrg, ManualClock } from 'localorg';
 * const { org, async } = createLocalOrg({ projectDir: '.', clock: new ManualClock(Date.now()) });
 * ```
 */
export {
  createLocalOrg,
  type LocalOrg,
  type LocalOrgOptions,
  type HoldRule,
  type InterleaveOptions,
  type InterleaveStep,
  type Interleaving,
  type PausePoint,
} from './localorg';
export type { Org } from './org';
export {
  ManualClock,
  SystemClock,
  ORG_EDITIONS,
  isOrgEdition,
  type Clock,
  type OrgEdition,
  type OrgLimitsOptions,
} from './platform/async/index';
export {
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexError,
  ApexList,
  ApexMap,
  ApexSet,
  ApexTime,
  SObjectValue,
  type Value,
} from './runtime/values';
export { STANDARD_PROFILES } from './platform/data/service';
export type { AnonymousResult, ApexFailure } from './interp/anonymous';
export type { TransactionUsage } from './interp/transactions';
export { LIMIT_SPECS, type LimitName } from './platform/limits';
export type { Operation, OperationSite, OperationHooks } from './platform/hooks';
export { operationTarget, type Fault, type FaultMatch, type Faults } from './platform/faults';
export { seededRandom, type Random } from './platform/random';
export { runTests, type TestFilter, type TestResult, type TestRunResult } from './testing/runner';
export { isReservedIdentifier } from './ast/reserved';
