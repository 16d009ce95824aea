/**
 * Test-only trigger (not in the package): exports invoice changes live with the one-line helper,
 * when a test switches it on (`SyncTestData.exportLive`), with the option `SyncTestData.liveOption`.
 */
trigger TestInvoiceTrigger on Test_Invoice__c(
  after insert,
  after update,
  after delete,
  after undelete
) {
  if (SyncTestData.exportLive) {
    SyncTrigger.sendChanges(SyncTestData.liveOption);
  }
}
