trigger SyncRequestTrigger on Sync_Request__e(after insert) {
  SyncRequestHandler.handle(Trigger.new);
}
