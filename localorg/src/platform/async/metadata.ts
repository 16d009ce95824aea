/**
 * Metadata deploys from Apex: `Metadata.Operations.enqueueDeployment(container, callback)` with
 * `Metadata.DeployContainer`, `Metadata.CustomMetadata` and `Metadata.CustomMetadataValue`.
 * Records go to a `CustomMetadataStore` (the DataService implements it) in a later async step,
 * then `Metadata.DeployCallback.handleResult(result, context)` runs as its own async job.
 */
import type { NativeClass, Runtime } from '../../runtime/native';
import {
  ApexDatetime,
  ApexList,
  NativeObject,
  NotSupportedError,
  typeRef,
  type Value,
} from '../../runtime/values';
import { asyncOf, isTest, requireArg } from './context';
import { DeployStatus } from './enums';
import { KEY_PREFIX } from './ids';
import { asyncException } from './job-table';
import { bagOf, propBag, propBagClass } from './records';
import type { AsyncService, RunContext } from './service';

export interface CustomMetadataRecordInput {
  /** The custom metadata type's API name, `Sync_Option__mdt` (namespace prefix kept). */
  readonly type: string;
  readonly developerName: string;
  readonly label: string | null;
  readonly protected: boolean;
  readonly values: readonly { readonly field: string; readonly value: Value }[];
}

export interface CustomMetadataUpsertResult {
  readonly fullName: string;
  readonly success: boolean;
  /** Why the record was rejected (unknown type or field, bad value). */
  readonly problem?: string;
}

/** Where deployed custom metadata records are written (implemented by platform/data). */
export interface CustomMetadataStore {
  upsert(records: CustomMetadataRecordInput[]): CustomMetadataUpsertResult[];
}

const CONTAINER = 'Metadata.DeployContainer';
const CUSTOM_METADATA = 'Metadata.CustomMetadata';
const CUSTOM_METADATA_VALUE = 'Metadata.CustomMetadataValue';

export interface DeployRecord {
  readonly id: string;
  readonly records: CustomMetadataRecordInput[];
  status: 'Pending' | 'Succeeded' | 'Failed';
  results: CustomMetadataUpsertResult[];
}

export class MetadataDeployService {
  readonly deployments: DeployRecord[] = [];

  constructor(private readonly svc: AsyncService) {}

  enqueueDeployment(rt: Runtime, container: Value, callback: Value): string {
    requireArg(container);
    if (isTest(rt)) throw asyncException('Metadata cannot be deployed from within a test');
    const records = toInputs(container);
    const deploy: DeployRecord = {
      id: this.svc.ids.next(KEY_PREFIX.deployRequest),
      records,
      status: 'Pending',
      results: [],
    };
    this.svc.afterCommit(rt, () => {
      this.deployments.push(deploy);
      this.svc.enqueue({
        due: this.svc.clock.now(),
        jobId: deploy.id,
        label: `Metadata deploy ${deploy.id}`,
        test: false,
        run: () => this.runDeploy(deploy, callback),
      });
    });
    return deploy.id;
  }

  private runDeploy(deploy: DeployRecord, callback: Value): void {
    const store = this.svc.options.customMetadataStore;
    if (!store) throw new NotSupportedError('metadata deploys without a CustomMetadataStore');
    const started = this.svc.clock.now();
    deploy.results = store.upsert(deploy.records);
    const failures = deploy.results.filter((r) => !r.success);
    deploy.status = failures.length ? 'Failed' : 'Succeeded';
    if (callback === null) return;
    const result = this.deployResult(deploy, started);
    const callbackJobId = this.svc.ids.next(KEY_PREFIX.asyncApexJob);
    this.svc.enqueue({
      due: this.svc.clock.now(),
      jobId: deploy.id,
      label: `Deploy callback ${deploy.id}`,
      test: false,
      followUp: true,
      run: () => {
        const ctx: RunContext = {
          kind: 'deployCallback',
          job: null,
          allowsCallouts: false,
          test: false,
        };
        const context = new NativeObject('Metadata.DeployCallbackContext', { callbackJobId });
        const error = this.svc.runJob(ctx, 'async', () => {
          this.svc.invoker.invoke(callback, 'handleResult', [result, context]);
        });
        if (error)
          this.svc.reportFailure(ctx, callbackJobId, `Deploy callback ${deploy.id}`, error);
      },
    });
  }

  private deployResult(deploy: DeployRecord, started: number): Value {
    const message = (r: CustomMetadataUpsertResult) =>
      propBag('Metadata.DeployMessage', {
        fullName: r.fullName,
        componentType: 'CustomMetadata',
        success: r.success,
        problem: r.problem ?? null,
        problemType: r.success ? null : 'Error',
        created: r.success,
        changed: r.success,
        deleted: false,
      });
    const list = (rs: CustomMetadataUpsertResult[]) =>
      new ApexList(typeRef('Metadata.DeployMessage'), rs.map(message));
    const failures = deploy.results.filter((r) => !r.success);
    const successes = deploy.results.filter((r) => r.success);
    const details = propBag('Metadata.DeployDetails', {
      componentSuccesses: list(successes),
      componentFailures: list(failures),
    });
    return propBag('Metadata.DeployResult', {
      id: deploy.id,
      status: DeployStatus.get(deploy.status),
      success: failures.length === 0,
      done: true,
      numberComponentsTotal: deploy.results.length,
      numberComponentsDeployed: successes.length,
      numberComponentErrors: failures.length,
      errorMessage: failures[0]?.problem ?? null,
      errorStatusCode: failures.length ? 'FIELD_INTEGRITY_EXCEPTION' : null,
      createdDate: new ApexDatetime(started),
      completedDate: new ApexDatetime(this.svc.clock.now()),
      details,
      checkOnly: false,
      ignoreWarnings: false,
      rollbackOnError: true,
    });
  }
}

/** Copy a DeployContainer's custom metadata records (later changes are not deployed). */
function toInputs(container: Value): CustomMetadataRecordInput[] {
  const items = (container as NativeObject<Value[]>).state;
  return items.map((md) => {
    if (!(md instanceof NativeObject) || md.typeName !== CUSTOM_METADATA) {
      throw new NotSupportedError(
        `deploying ${md === null ? 'null' : (md as NativeObject).typeName}`,
      );
    }
    const bag = bagOf(md, CUSTOM_METADATA);
    const fullName = String(bag.get('fullname') ?? '');
    const dot = fullName.indexOf('.');
    if (dot < 0) throw new NotSupportedError(`custom metadata fullName ${fullName}`);
    const values = bag.get('values');
    return {
      type: `${fullName.slice(0, dot)}__mdt`,
      developerName: fullName.slice(dot + 1),
      label: (bag.get('label') as string | null) ?? null,
      protected: bag.get('protected_x') === true,
      values: (values instanceof ApexList ? values.items : []).map((v) => {
        const vb = bagOf(v, CUSTOM_METADATA_VALUE);
        return { field: String(vb.get('field')), value: vb.get('value') ?? null };
      }),
    };
  });
}

const container = (self: Value) => (self as NativeObject<Value[]>).state;

export const metadataClasses: NativeClass[] = [
  {
    name: 'DeployContainer',
    namespace: 'Metadata',
    construct: () => new NativeObject<Value[]>(CONTAINER, []),
    methods: {
      addmetadata: (_rt, a, s) => (container(s).push(requireArg(a[0])), null),
      getmetadata: (_rt, _a, s) => new ApexList(typeRef('Metadata.Metadata'), [...container(s)]),
      removemetadata: (_rt, a, s) => {
        const at = container(s).indexOf(a[0] ?? null);
        if (at >= 0) container(s).splice(at, 1);
        return at >= 0;
      },
    },
  },
  propBagClass('CustomMetadata', 'Metadata', () => ({
    fullName: null,
    label: null,
    description: null,
    protected_x: false,
    values: new ApexList(typeRef('Metadata.CustomMetadataValue'), []),
  })),
  propBagClass('CustomMetadataValue', 'Metadata', () => ({ field: null, value: null })),
  propBagClass(
    'DeployResult',
    'Metadata',
    () => ({
      id: null,
      status: null,
      success: null,
      done: null,
      numberComponentsTotal: null,
      numberComponentsDeployed: null,
      numberComponentErrors: null,
      errorMessage: null,
      errorStatusCode: null,
      createdDate: null,
      completedDate: null,
      details: null,
      checkOnly: null,
      ignoreWarnings: null,
      rollbackOnError: null,
    }),
    { constructible: true },
  ),
  propBagClass('DeployDetails', 'Metadata', () => ({
    componentSuccesses: null,
    componentFailures: null,
  })),
  propBagClass('DeployMessage', 'Metadata', () => ({
    fullName: null,
    componentType: null,
    success: null,
    problem: null,
    problemType: null,
    created: null,
    changed: null,
    deleted: null,
  })),
  {
    name: 'DeployCallbackContext',
    namespace: 'Metadata',
    methods: {
      getcallbackjobid: (_rt, _a, s) =>
        (s as NativeObject<{ callbackJobId: string }>).state.callbackJobId,
    },
  },
  {
    name: 'Operations',
    namespace: 'Metadata',
    statics: {
      enqueuedeployment: (rt, a) =>
        asyncOf(rt).deploys.enqueueDeployment(rt, a[0] ?? null, a[1] ?? null),
      retrieve: () => {
        throw new NotSupportedError('Metadata.Operations.retrieve');
      },
    },
  },
  DeployStatus.nativeClass('DeployStatus', 'Metadata'),
];
