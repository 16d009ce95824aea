/**
 * System classes foreign suites use, each following its page of the Apex Reference Guide:
 * "Crypto Class", "LoggingLevel Enum", "UUID Class", "URL Class", "Request Class" and
 * "Quiddity Enum", "JSON Class" (DML results, malformed input), "SaveResult Class".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, failureOf, systemOrg } from './helpers';

// "Crypto Class": verifyHMAC recomputes the MAC; SHA512 is accepted beside SHA-512.
test('Crypto.verifyHMAC and the digest names the platform accepts', () => {
  assert.deepEqual(
    debugOf(`
      Blob key = Blob.valueOf('k'); Blob data = Blob.valueOf('payload');
      Blob mac = Crypto.generateMac('hmacSHA512', data, key);
      System.debug(Crypto.verifyHMAC('hmacSHA512', data, key, mac));
      System.debug(Crypto.verifyHMAC('hmacSHA512', Blob.valueOf('other'), key, mac));
      System.debug(EncodingUtil.convertToHex(Crypto.generateDigest('SHA512', data))
        == EncodingUtil.convertToHex(Crypto.generateDigest('SHA-512', data)));
      System.debug(EncodingUtil.convertToHex(Crypto.generateDigest('SHA256', Blob.valueOf('abc'))));`),
    ['true', 'false', 'true', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  );
  assert.equal(
    failureOf(`Crypto.generateDigest('SHA-999', Blob.valueOf('x'));`).type,
    'System.InvalidParameterValueException',
  );
});

// "LoggingLevel Enum": INTERNAL exists; levels are ordered from NONE to ERROR.
test('LoggingLevel.INTERNAL exists and ERROR ranks above DEBUG', () => {
  assert.deepEqual(
    debugOf(`
      System.debug(LoggingLevel.INTERNAL, 'internal');
      System.debug(LoggingLevel.ERROR.ordinal() > LoggingLevel.DEBUG.ordinal());
      System.debug(LoggingLevel.INTERNAL.ordinal() < LoggingLevel.FINEST.ordinal());`),
    ['internal', 'true', 'true'],
  );
});

// "UUID Class": random version 4 UUIDs, parsed back and compared.
test('UUID.randomUUID, fromString and equals', () => {
  const out = debugOf(`
    UUID u = UUID.randomUUID();
    System.debug(u.toString());
    System.debug(UUID.fromString(u.toString().toUpperCase()).equals(u));
    System.debug(u.equals(UUID.randomUUID()));`);
  assert.match(out[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(out.slice(1), ['true', 'false']);
  assert.equal(failureOf(`UUID.fromString('nope');`).type, 'System.IllegalArgumentException');
});

// "URL Class": the parts of a URL as java.net.URL reports them.
test('System.URL parts, relative URLs and the refused org URLs', () => {
  assert.deepEqual(
    debugOf(`
      URL u = new URL('https://user@api.example.com:8443/v1/items?page=2#top');
      System.debug(u.getProtocol() + ' ' + u.getHost() + ' ' + u.getPort() + ' ' + u.getDefaultPort());
      System.debug(u.getPath() + ' ' + u.getQuery() + ' ' + u.getRef() + ' ' + u.getFile());
      System.debug(u.getAuthority() + ' ' + u.getUserInfo());
      URL bare = new URL('https://example.com');
      System.debug(bare.getPath() + '|' + bare.getPort() + '|' + bare.getQuery() + '|' + bare.toExternalForm());
      System.debug(new URL(bare, '/a/b').toExternalForm());
      System.debug(new URL('http', 'example.com', 8080, '/x').toExternalForm());`),
    [
      'https api.example.com 8443 443',
      '/v1/items page=2 top /v1/items?page=2',
      'user@api.example.com:8443 user',
      '|-1|null|https://example.com',
      'https://example.com/a/b',
      'http://example.com:8080/x',
    ],
  );
  assert.equal(failureOf('URL.getOrgDomainUrl();').type, 'NotSupportedError');
});

// "Request Class" / "Quiddity Enum": a test run and a Queueable say what they are.
test('Request.getCurrent() gives the request Id and the quiddity of tests and jobs', () => {
  const run = systemOrg().org.runTests({ classes: ['RequestInfo_Tests'] });
  assert.deepEqual(
    run.results.map((r) => [r.methodName, r.outcome, r.failure?.message ?? null]),
    [
      ['it_runs_as_a_synchronous_test_run', 'Pass', null],
      ['it_names_a_queueable_run', 'Pass', null],
    ],
  );
  assert.equal(failureOf('Request.getCurrent().getQuiddity();').type, 'NotSupportedError');
});

// "JSON Class" / "SaveResult Class": DML results serialise with the API's properties.
test('Database.SaveResult and UpsertResult serialise and deserialise', () => {
  const out = debugOf(`
    Database.SaveResult bad = Database.insert(new Account(), false);
    String text = JSON.serialize(bad);
    System.debug(text);
    Database.SaveResult back = (Database.SaveResult) JSON.deserialize(text, Database.SaveResult.class);
    System.debug(back.isSuccess() + ' ' + back.getErrors()[0].getStatusCode() + ' ' + back.getErrors()[0].getFields());
    Database.UpsertResult up = Database.upsert(new Account(Name = 'A'), false);
    Database.UpsertResult upBack = (Database.UpsertResult) JSON.deserialize(JSON.serialize(up), Database.UpsertResult.class);
    System.debug(upBack.isCreated() + ' ' + (upBack.getId() == up.getId()));`);
  assert.match(
    out[0],
    /^\{"id":null,"success":false,"errors":\[\{"statusCode":"REQUIRED_FIELD_MISSING","message":"[^"]+","fields":\["Name"\]\}\]\}$/,
  );
  assert.deepEqual(out.slice(1), ['false REQUIRED_FIELD_MISSING (Name)', 'true true']);
});

// "JSON Class": the platform reads JSON as a stream, so a wrong opening is reported first.
test('JSON.deserialize reports a wrong opening as Malformed JSON before reading on', () => {
  const f = failureOf(`JSON.deserialize('"}]', List<Account>.class);`);
  assert.equal(f.type, 'System.JSONException');
  assert.equal(f.message, "Malformed JSON: Expected '[' at the beginning of List/Set");
  assert.equal(
    failureOf(`JSON.deserialize('[1', Map<String, Object>.class);`).message,
    "Malformed JSON: Expected '{' at the beginning of object",
  );
});

// "ChangeEventHeader Class": an empty header whose properties are read and written.
test('new EventBus.ChangeEventHeader() starts empty and keeps what is set', () => {
  assert.deepEqual(
    debugOf(`
      EventBus.ChangeEventHeader h = new EventBus.ChangeEventHeader();
      System.debug(h.changeType + ' ' + h.recordIds);
      h.changeType = 'UPDATE';
      h.changedFields = new List<String>{ 'Name' };
      h.commitTimestamp = 1700000000000L;
      System.debug(h.changeType + ' ' + h.changedFields + ' ' + h.commitTimestamp);`),
    ['null null', 'UPDATE (Name) 1700000000000'],
  );
});

// Apex Developer Guide, "Testing ConnectApi Code": ConnectApi needs SeeAllData=true in tests.
// Apex Reference Guide, "ChatterUsers Class" (getFollowings) and "ConnectApi.FollowingPage":
// without Chatter a user follows nothing; the feeds localorg does not have are refused loudly.
test('ConnectApi fails in a data-siloed test, finds no followings and refuses feeds', () => {
  const run = systemOrg().org.runTests({ classes: ['ConnectApi_Tests'] });
  const byName = new Map(run.results.map((r) => [r.methodName, r]));
  assert.equal(byName.get('it_is_refused_in_a_data_siloed_test')?.outcome, 'Pass');
  const followings = byName.get('it_finds_no_followings_without_chatter');
  assert.equal(followings?.outcome, 'Pass', JSON.stringify(followings?.failure));
  const seeAll = byName.get('it_needs_org_data_localorg_does_not_have');
  assert.equal(seeAll?.failure?.type, 'NotSupportedError');
  assert.match(String(seeAll?.failure?.message), /ConnectApi\.ChatterFeeds\.getfeedelement\(/);
});

// "UserInfo Class" (getUiTheme, getUiThemeDisplayed) and the Visualforce Developer Guide's
// "$User.UITheme and $User.UIThemeDisplayed" values: localorg shows Lightning Experience.
test('UserInfo reports the Lightning Experience theme as preferred and displayed', () => {
  assert.deepEqual(
    debugOf('System.debug(UserInfo.getUiTheme()); System.debug(UserInfo.getUiThemeDisplayed());'),
    ['Theme4d', 'Theme4d'],
  );
});

// "UserInfo Class" (isMultiCurrencyOrganization): localorg's orgs have a single currency.
test('UserInfo.isMultiCurrencyOrganization() is false', () => {
  assert.deepEqual(debugOf('System.debug(UserInfo.isMultiCurrencyOrganization());'), ['false']);
});

test('DataWeave in Apex is refused with a message that names it', () => {
  const f = failureOf(`DataWeave.Script.createScript('helloWorld');`);
  assert.equal(f.type, 'NotSupportedError');
  assert.match(f.message, /DataWeave in Apex/);
});

// "InboundEmail Class", "InboundEmail.BinaryAttachment", "InboundEnvelope Class" and
// "InboundEmailResult Class": what a test builds for a Messaging.InboundEmailHandler.
test('inbound email objects start empty and keep what a test sets', () => {
  assert.deepEqual(
    debugOf(`
      Messaging.InboundEmail email = new Messaging.InboundEmail();
      System.debug(email.fromAddress + ' ' + email.binaryAttachments + ' ' + email.subject);
      Messaging.InboundEmail.BinaryAttachment a = new Messaging.InboundEmail.BinaryAttachment();
      a.fileName = 'a.txt';
      a.body = Blob.valueOf('hi');
      email.binaryAttachments = new List<Messaging.InboundEmail.BinaryAttachment>{ a };
      email.fromName = 'Ada Lovelace';
      Messaging.InboundEnvelope env = new Messaging.InboundEnvelope();
      env.fromAddress = 'ada@example.com';
      Messaging.InboundEmailResult result = new Messaging.InboundEmailResult();
      System.debug(result.success + ' ' + result.message);
      result.success = true;
      System.debug(email.binaryAttachments[0].fileName + ' ' + email.binaryAttachments[0].body.toString()
        + ' ' + email.fromName + ' ' + env.fromAddress + ' ' + result.success);`),
    ['null null null', 'null null', 'a.txt hi Ada Lovelace ada@example.com true'],
  );
});
