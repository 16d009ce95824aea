import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexBlob, ApexList, NativeObject, typeRef } from '../../src/runtime/values';
import { getOutbox } from '../../src/platform/async/index';
import { apexError, FakeOrg } from './harness';

const list = (...s: string[]) => new ApexList(typeRef('String'), s);
const DAILY_LIMIT = 'The daily limit for the org would be exceeded by this request.';

function email(org: FakeOrg, to: string[]): NativeObject {
  const m = org.make('Messaging.SingleEmailMessage');
  org.m(m, 'setToAddresses', [list(...to)]);
  org.m(m, 'setSubject', ['Invoices export']);
  return m;
}

function send(org: FakeOrg, ...emails: NativeObject[]) {
  return org.call('Messaging', 'sendEmail', [
    new ApexList(typeRef('Messaging.SingleEmailMessage'), emails),
  ]);
}

test('an EmailFileAttachment is sent with its email and kept in the outbox', () => {
  const org = new FakeOrg();
  org.run(() => {
    const file = org.make('Messaging.EmailFileAttachment');
    org.m(file, 'setFileName', ['invoices.csv']);
    org.m(file, 'setContentType', ['text/csv; charset=UTF-8']);
    org.m(file, 'setBody', [new ApexBlob(new TextEncoder().encode('name\r\nA\r\n'))]);
    assert.equal(org.m(file, 'getFileName'), 'invoices.csv');
    const m = email(org, ['ops@example.com']);
    org.m(m, 'setFileAttachments', [
      new ApexList(typeRef('Messaging.EmailFileAttachment'), [file]),
    ]);
    assert.equal((org.m(m, 'getFileAttachments') as ApexList).items.length, 1);
    send(org, m);
  });
  const [sent] = getOutbox(org.svc);
  assert.equal(sent.attachments.length, 1);
  assert.equal(sent.attachments[0].fileName, 'invoices.csv');
  assert.equal(sent.attachments[0].contentType, 'text/csv; charset=UTF-8');
  assert.equal(sent.attachments[0].inline, false);
  assert.equal(new TextDecoder().decode(sent.attachments[0].body), 'name\r\nA\r\n');
});

test('reserveSingleEmailCapacity throws HandledException past the daily allowance', () => {
  const org = new FakeOrg({ orgLimits: { dailySingleEmails: 3 } });
  org.run(() => org.call('Messaging', 'reserveSingleEmailCapacity', [3]));
  org.run(() => send(org, email(org, ['a@example.com', 'b@example.com'])));
  org.run(() => org.call('Messaging', 'reserveSingleEmailCapacity', [1]));
  assert.throws(
    () => org.run(() => org.call('Messaging', 'reserveSingleEmailCapacity', [2])),
    apexError('System.HandledException', DAILY_LIMIT),
  );
});

test('sendEmail past the daily allowance fails with SINGLE_EMAIL_LIMIT_EXCEEDED', () => {
  const org = new FakeOrg({ orgLimits: { dailySingleEmails: 2 } });
  org.run(() => send(org, email(org, ['a@example.com'])));
  assert.throws(
    () => org.run(() => send(org, email(org, ['b@example.com', 'c@example.com']))),
    apexError(
      'System.EmailException',
      'SendEmail failed. First exception on row 0; first error: SINGLE_EMAIL_LIMIT_EXCEEDED, Email limit exceeded: []',
    ),
  );
  assert.equal(getOutbox(org.svc).length, 1, 'only the first email was sent');
});

test('the daily allowance starts again at midnight UTC', () => {
  const org = new FakeOrg({ orgLimits: { dailySingleEmails: 1 } });
  org.run(() => send(org, email(org, ['a@example.com'])));
  assert.throws(() => org.run(() => org.call('Messaging', 'reserveSingleEmailCapacity', [1])));
  org.clock.advance(24 * 60 * 60 * 1000);
  org.run(() => org.call('Messaging', 'reserveSingleEmailCapacity', [1]));
});

test('a Developer Edition org may email 15 addresses a day', () => {
  const org = new FakeOrg({ orgLimits: { edition: 'developer' } });
  org.run(() => org.call('Messaging', 'reserveSingleEmailCapacity', [15]));
  assert.throws(() => org.run(() => org.call('Messaging', 'reserveSingleEmailCapacity', [16])));
});

test('an email to a user by setTargetObjectId does not count against the allowance', () => {
  const org = new FakeOrg({ orgLimits: { dailySingleEmails: 0 } });
  org.run(() => {
    const m = org.make('Messaging.SingleEmailMessage');
    org.m(m, 'setTargetObjectId', ['005000000000001AAA']);
    org.m(m, 'setSaveAsActivity', [false]);
    send(org, m);
  });
  assert.equal(getOutbox(org.svc).length, 1, 'sent');
});
