/**
 * The chaos suite's deletes chain: deletes in both directions at once, under the same faults and
 * interleavings as the other chains. Salesforce → API: the customer deletes invoices the API
 * knows (they have a key), and the export's capture finds them in the recycle bin and sends
 * DELETEs. API → Salesforce: a full import of payments removes the one whose tombstone says it
 * was deleted and, by absence (`Delete_Absent__c`), the two the API no longer returns. Its
 * invariants: a delete is never sent for a record that exists (neither a DELETE to the API for a
 * Salesforce record that exists, nor a removal of a payment the API holds), and never lost (every
 * record deleted on one side is deleted on the other, or has a failed write-log row saying why).
 */
import { Decimal } from 'decimal.js';
import { registerInvoiceExport } from '../test/integration/harness';
import type { ApiState, SourceRecord } from './api';
import { deletesOnlyGone, importedOnce } from './invariants';
import {
  query,
  registerImport,
  runApex,
  text,
  type Action,
  type Chain,
  type ChaosOrg,
} from './world';

const payment = (n: number, deleted = false): SourceRecord => ({
  id: `PAY-${n}`,
  name: `PAY ${n}`,
  amount: n + 1,
  updated: new Date(Date.UTC(2026, 0, 5, 8, 30, n)).toISOString().replace('.000', ''),
  ...(deleted ? { deleted: true } : {}),
});

/** What the API holds: PAY-0 … PAY-4, and PAY-5 as a tombstone; PAY-6 and PAY-7 it dropped. */
const LIVE = [0, 1, 2, 3, 4].map((n) => payment(n));
const API_PAYMENTS = [...LIVE, payment(5, true)];
/** The payments deleted at the source: Salesforce must lose them. */
const GONE = ['PAY-5', 'PAY-6', 'PAY-7'];

function setupFailed(what: string, error: unknown): never {
  throw new Error(`deletes setup failed (${what}): ${JSON.stringify(error)}`);
}

function setup(org: ChaosOrg): void {
  registerImport(org, 'Payments', {
    Incremental__c: false,
    Watermark_Parameter__c: null,
    Tombstone_Path__c: 'deleted',
    Tombstone_Value__c: 'true',
    Delete_Absent__c: true,
    Absence_Max_Share__c: new Decimal(100),
  });
  registerInvoiceExport(
    org,
    {
      Match_Field__c: 'External_Id__c',
      Record_Endpoint__c: 'callout:Test_API/invoices/{External_Id__c}',
      Method__c: 'PATCH',
      Records_Path__c: null,
    },
    [
      { source: 'Name', target: 'name' },
      { source: 'Amount__c', target: 'total' },
    ],
  );
  // what earlier syncs left: invoices the API knows (keyed), and every payment of the API's past
  const result = runApex(
    org,
    `SyncDispatcher.scheduleEvery15Minutes();
     List<Test_Invoice__c> invoices = new List<Test_Invoice__c>();
     for (Integer i = 0; i < 4; i++) {
       invoices.add(new Test_Invoice__c(Name = 'Invoice ' + i, Amount__c = i + 1, External_Id__c = 'EXT-' + i));
     }
     insert invoices;
     List<Test_Payment__c> payments = new List<Test_Payment__c>();
     for (Integer i = 0; i < 8; i++) {
       payments.add(new Test_Payment__c(External_Id__c = 'PAY-' + i, Amount__c = i + 1));
     }
     insert payments;`,
  );
  if (!result.success) setupFailed('records', result.error);
}

const act = (label: string, apex: string, customer = false): Action => ({ label, apex, customer });
const RUN_BOTH = act(
  'Run now (both)',
  `SyncStartJob.handOff(new List<SyncStartJob.Start>{
     SyncStartJob.run('Invoice_Export', 'Manual', null),
     SyncStartJob.run('Payments', 'Manual', null)
   });`,
);
const CUSTOMER_DELETES = act(
  'customer deletes invoices',
  `delete [SELECT Id FROM Test_Invoice__c WHERE Name IN ('Invoice 0', 'Invoice 1')];`,
  true,
);

/**
 * Payments: each one the API holds is in Salesforce once, with its amount (none removed while the
 * API holds it), and each one deleted at the source is gone from Salesforce or has a failed row.
 */
export function importDeletesApplied(org: ChaosOrg): string[] {
  const violations = importedOnce(org, 'Test_Payment__c', LIVE);
  const present = new Set(
    query(org, 'SELECT External_Id__c FROM Test_Payment__c').map((r) => text(r, 'External_Id__c')),
  );
  const failed = new Set(
    query(
      org,
      "SELECT Record_Identifier__c FROM Sync_Write__c WHERE Option__c = 'Payments' AND State__c = 'failed'",
    ).map((r) => text(r, 'Record_Identifier__c')),
  );
  for (const key of GONE) {
    if (present.has(key) && !failed.has(key)) {
      violations.push(`${key} was deleted in the API but not in Salesforce, and no row says why`);
    }
  }
  return violations;
}

export const deletesChain: Chain = {
  name: 'deletes',
  shapes: ['one start', 'two run nows'],
  api: { invoices: [], payments: API_PAYMENTS },
  setup,
  start(shape) {
    return shape === 'one start'
      ? [CUSTOMER_DELETES, RUN_BOTH]
      : [CUSTOMER_DELETES, RUN_BOTH, RUN_BOTH];
  },
  followUp: [
    act('Run now (export)', `SyncLauncher.startOption('Invoice_Export', 'Manual');`),
    act('Run now (import)', `SyncLauncher.startOption('Payments', 'Manual');`),
  ],
  invariants: (org: ChaosOrg, api: ApiState) => [
    ...deletesOnlyGone(org, api),
    ...importDeletesApplied(org),
  ],
};
