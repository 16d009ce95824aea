/**
 * The shipped Flow template is an inactive template (subscribers can open a packaged Flow only
 * when it is one) and publishes a Sync_Request__e whose fields exist, so an admin who copies and
 * activates it gets a working live sync.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FLOW = `${ROOT}force-app/main/live/flows/Conduit_Publish_Sync_Request.flow-meta.xml`;
const EVENT_FIELDS = `${ROOT}force-app/main/live/objects/Sync_Request__e/fields`;

test('the Flow template is inactive and publishes a Sync_Request__e with existing fields', () => {
  const flow = new XMLParser({ isArray: (name) => name === 'inputAssignments' }).parse(
    readFileSync(FLOW, 'utf8'),
  ).Flow;
  assert.equal(flow.status, 'Draft', 'shipped inactive');
  assert.equal(flow.isTemplate, true, 'a template, so subscribers can open and copy it');
  assert.equal(flow.start.triggerType, 'RecordAfterSave', 'record-triggered, after save');
  assert.equal(flow.recordCreates.object, 'Sync_Request__e', 'publishes the platform event');
  const fields = flow.recordCreates.inputAssignments.map((a: { field: string }) => a.field);
  assert.deepEqual(fields.sort(), ['Action__c', 'Option__c', 'Record_Ids__c', 'Source__c']);
  for (const field of fields) {
    assert.ok(existsSync(`${EVENT_FIELDS}/${field}.field-meta.xml`), `${field} exists`);
  }
});
