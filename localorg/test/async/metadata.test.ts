import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexError, ApexList, NativeObject, type Value } from '../../src/runtime/values';
import type {
  CustomMetadataRecordInput,
  CustomMetadataStore,
} from '../../src/platform/async/index';
import { apexError, apexObject, FakeOrg } from './harness';

class MemoryStore implements CustomMetadataStore {
  readonly records: CustomMetadataRecordInput[] = [];
  upsert(records: CustomMetadataRecordInput[]) {
    return records.map((r) => {
      const fullName = `${r.type.replace(/__mdt$/, '')}.${r.developerName}`;
      const bad = r.values.find((v) => !v.field.endsWith('__c'));
      if (bad) return { fullName, success: false, problem: `No such field: ${bad.field}` };
      this.records.push(r);
      return { fullName, success: true };
    });
  }
}

function customMetadata(org: FakeOrg, fullName: string, fields: [string, Value][]): NativeObject {
  const md = org.make('Metadata.CustomMetadata');
  org.setProp(md, 'fullName', fullName);
  org.setProp(md, 'label', fullName.split('.')[1]);
  const values = org.prop(md, 'values') as ApexList;
  for (const [field, value] of fields) {
    const v = org.make('Metadata.CustomMetadataValue');
    org.setProp(v, 'field', field);
    org.setProp(v, 'value', value);
    values.items.push(v);
  }
  return md;
}

function callback(org: FakeOrg, seen: Value[][]) {
  return apexObject('DeployCallback', ['Metadata.DeployCallback'], {
    handleResult: (_self, args) => (seen.push(args), null),
  });
}

test('Metadata.CustomMetadata starts with an empty values list and settable properties', () => {
  const org = new FakeOrg();
  const md = org.make('Metadata.CustomMetadata');
  assert.deepEqual((org.prop(md, 'values') as ApexList).items, []);
  assert.equal(org.prop(md, 'fullName'), null);
  org.setProp(md, 'protected_x', true);
  assert.equal(org.prop(md, 'protected_x'), true);
});

test('DeployContainer.addMetadata / getMetadata / removeMetadata', () => {
  const org = new FakeOrg();
  const c = org.make('Metadata.DeployContainer');
  const a = customMetadata(org, 'Sync_Option.Invoices', []);
  const b = customMetadata(org, 'Sync_Option.Payments', []);
  org.m(c, 'addMetadata', [a]);
  org.m(c, 'addMetadata', [b]);
  assert.equal((org.m(c, 'getMetadata') as ApexList).items.length, 2);
  assert.equal(org.m(c, 'removeMetadata', [a]), true);
  assert.deepEqual((org.m(c, 'getMetadata') as ApexList).items, [b]);
});

test('enqueueDeployment in an Apex test throws the documented AsyncException', () => {
  const org = new FakeOrg({ customMetadataStore: new MemoryStore() });
  org.apexTest(() =>
    assert.throws(
      () =>
        org.call('Metadata.Operations', 'enqueueDeployment', [
          org.make('Metadata.DeployContainer'),
          callback(org, []),
        ]),
      apexError('System.AsyncException', 'Metadata cannot be deployed from within a test'),
    ),
  );
});

test('a deployment upserts the records, then calls handleResult in a later async step', () => {
  const store = new MemoryStore();
  const org = new FakeOrg({ customMetadataStore: store });
  const seen: Value[][] = [];
  const c = org.make('Metadata.DeployContainer');
  org.m(c, 'addMetadata', [
    customMetadata(org, 'Sync_Option.Invoices', [
      ['Endpoint__c', '/v1/invoices'],
      ['Page_Size__c', 100],
    ]),
  ]);
  const id = org.run(() =>
    org.call('Metadata.Operations', 'enqueueDeployment', [c, callback(org, seen)]),
  );
  assert.match(String(id), /^0Af/);
  assert.equal(store.records.length, 0, 'nothing deployed before the transaction ends');
  assert.equal(org.svc.drain({ maxJobs: 1 }).ran, 1);
  assert.deepEqual(store.records, [
    {
      type: 'Sync_Option__mdt',
      developerName: 'Invoices',
      label: 'Invoices',
      protected: false,
      values: [
        { field: 'Endpoint__c', value: '/v1/invoices' },
        { field: 'Page_Size__c', value: 100 },
      ],
    },
  ]);
  assert.equal(seen.length, 0, 'the callback is a separate async step');
  org.svc.drain();
  const [result, context] = seen[0];
  assert.equal(org.m(org.prop(result, 'status'), 'name'), 'Succeeded');
  assert.equal(org.prop(result, 'success'), true);
  assert.equal(org.prop(result, 'done'), true);
  assert.equal(org.prop(result, 'numberComponentsDeployed'), 1);
  assert.equal(org.prop(result, 'numberComponentErrors'), 0);
  assert.equal(org.prop(result, 'id'), id);
  assert.match(String(org.m(context, 'getCallbackJobId')), /^707/);
});

test('a deployment whose record is rejected reports Failed with the component failure', () => {
  const org = new FakeOrg({ customMetadataStore: new MemoryStore() });
  const seen: Value[][] = [];
  const c = org.make('Metadata.DeployContainer');
  org.m(c, 'addMetadata', [customMetadata(org, 'Sync_Option.Bad', [['Nope', 'x']])]);
  org.run(() => org.call('Metadata.Operations', 'enqueueDeployment', [c, callback(org, seen)]));
  org.svc.drain();
  const [result] = seen[0];
  assert.equal(org.m(org.prop(result, 'status'), 'name'), 'Failed');
  assert.equal(org.prop(result, 'numberComponentErrors'), 1);
  const details = org.prop(result, 'details');
  const failures = org.prop(details, 'componentFailures') as ApexList;
  assert.equal(org.prop(failures.items[0], 'problem'), 'No such field: Nope');
  assert.equal(org.prop(failures.items[0], 'fullName'), 'Sync_Option.Bad');
});

test('the container is copied at enqueue: later changes are not deployed', () => {
  const store = new MemoryStore();
  const org = new FakeOrg({ customMetadataStore: store });
  const c = org.make('Metadata.DeployContainer');
  const md = customMetadata(org, 'Sync_Option.Invoices', []);
  org.m(c, 'addMetadata', [md]);
  org.run(() => {
    org.call('Metadata.Operations', 'enqueueDeployment', [c, null]);
    org.setProp(md, 'label', 'Changed');
  });
  org.svc.drain();
  assert.equal(store.records[0].label, 'Invoices');
});

test('a deployment enqueued by a transaction that rolls back never happens', () => {
  const store = new MemoryStore();
  const org = new FakeOrg({ customMetadataStore: store });
  const c = org.make('Metadata.DeployContainer');
  org.m(c, 'addMetadata', [customMetadata(org, 'Sync_Option.Invoices', [])]);
  assert.throws(() =>
    org.run(() => {
      org.call('Metadata.Operations', 'enqueueDeployment', [c, null]);
      throw new ApexError('System.DmlException', 'no');
    }),
  );
  assert.equal(org.svc.drain().ran, 0);
  assert.equal(store.records.length, 0);
});

test('Metadata.DeployStatus constants and DeployResult values()', () => {
  const org = new FakeOrg();
  const values = org.call('Metadata.DeployStatus', 'values') as ApexList;
  assert.deepEqual(
    values.items.map((v) => (v as NativeObject<{ name: string }>).state.name),
    ['Pending', 'InProgress', 'Succeeded', 'SucceededPartial', 'Failed', 'Canceling', 'Canceled'],
  );
});
