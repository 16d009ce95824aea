trigger OrderEventTrigger on Order_Event__e(after insert) {
  List<Event_Log__c> logs = new List<Event_Log__c>();
  for (Order_Event__e e : Trigger.new) {
    logs.add(
      new Event_Log__c(Name = 'order', Message__c = e.Message__c, Replay_Id__c = e.ReplayId)
    );
  }
  insert logs;
}
