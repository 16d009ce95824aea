/**
 * Test-only trigger (not in the package): refuses payments that are not positive, so tests can
 * prove that `addError` fails just those rows.
 */
trigger TestPaymentTrigger on Test_Payment__c(before insert, before update) {
  for (Test_Payment__c payment : Trigger.new) {
    if (payment.Amount__c != null && payment.Amount__c <= 0) {
      payment.Amount__c.addError('A payment must be positive.');
    }
  }
}
