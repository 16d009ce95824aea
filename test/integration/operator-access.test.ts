/**
 * Conduit Operator cannot change Conduit's own records from Apex: a user-mode update of a run or a
 * write-log row, or a watermark created in user mode, is refused with the platform's
 * INSUFFICIENT_ACCESS_OR_READONLY, while an admin's goes through (Apex Developer Guide, "Enforce
 * User Mode for Database Operations"), which localorg always enforces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalOrg, STANDARD_PROFILES } from 'localorg';
import { apex, PROJECT_DIR } from './harness';

/** What a user-mode update of a run and a write-log row, and a watermark insert, came to. */
function userModeWritesAs(permissionSet: string): string[] {
  const local = createLocalOrg({
    projectDir: PROJECT_DIR,
    user: { profileId: STANDARD_PROFILES['Standard User'], permissionSets: [permissionSet] },
  });
  return apex(
    local,
    `Sync_Run__c run = new Sync_Run__c(Option__c = 'Invoices', Status__c = 'Failed');
     insert as system run;
     Sync_Write__c row = new Sync_Write__c(Run__c = run.Id, Option__c = 'Invoices', State__c = 'failed');
     insert as system row;
     List<SObject> changed = new List<SObject>{
       new Sync_Run__c(Id = run.Id, Status__c = 'Succeeded'),
       new Sync_Write__c(Id = row.Id, State__c = 'succeeded')
     };
     for (Database.SaveResult r : Database.update(changed, false, AccessLevel.USER_MODE)) {
       System.debug(r.isSuccess() ? 'updated' : String.valueOf(r.getErrors()[0].getStatusCode()));
     }
     Database.SaveResult created = Database.insert(
       new Sync_State__c(Option__c = 'Invoices'), false, AccessLevel.USER_MODE);
     System.debug(created.isSuccess() ? 'inserted' : String.valueOf(created.getErrors()[0].getStatusCode()));
     System.debug([SELECT State__c FROM Sync_Write__c WHERE Id = :row.Id].State__c);`,
  );
}

test('an operator cannot update a run or a write-log row, or create a watermark, in user mode', () => {
  assert.deepEqual(userModeWritesAs('Conduit_Operator'), [
    'INSUFFICIENT_ACCESS_OR_READONLY',
    'INSUFFICIENT_ACCESS_OR_READONLY',
    'INSUFFICIENT_ACCESS_OR_READONLY',
    'failed',
  ]);
});

test('an admin can', () => {
  assert.deepEqual(userModeWritesAs('Conduit_Admin'), [
    'updated',
    'updated',
    'inserted',
    'succeeded',
  ]);
});
