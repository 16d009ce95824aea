/**
 * Publishing platform events as the Platform Events Developer Guide describes it: "Create an
 * Event with an EventUuid Field" (`newSObject(null, true)` generates the EventUuid) and "Get the
 * Result of Asynchronous Platform Event Publishing with Apex Publish Callbacks" (a missing
 * required field fails the publish at once, in its SaveResult).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf } from './helpers';

test('newSObject(null, true) gives an event a generated EventUuid; new does not', () => {
  const [generated, plain] = debugOf(`
    Notice__e e = (Notice__e) Notice__e.SObjectType.newSObject(null, true);
    System.debug(e.EventUuid);
    System.debug(new Notice__e().EventUuid);`);
  assert.match(generated, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(plain, 'null');
});

test('an event with a missing required field or a too long value is not published', () => {
  assert.deepEqual(
    debugOf(`
      Database.SaveResult missing = EventBus.publish(new Notice__e());
      System.debug(missing.isSuccess() + ' ' + missing.getId());
      System.debug(missing.getErrors()[0].getStatusCode() + ' ' + missing.getErrors()[0].getFields());
      Database.SaveResult tooLong = EventBus.publish(new Notice__e(Subject__c = 'far too long'));
      System.debug(tooLong.isSuccess() + ' ' + tooLong.getErrors()[0].getStatusCode());
      Database.SaveResult ok = EventBus.publish(new Notice__e(Subject__c = 'fine'));
      System.debug(ok.isSuccess() + ' ' + ok.getErrors().size());`),
    ['false null', 'REQUIRED_FIELD_MISSING (Subject__c)', 'false STRING_TOO_LONG', 'true 0'],
  );
});
