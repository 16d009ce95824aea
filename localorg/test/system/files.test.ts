/**
 * Salesforce Files, following the Object Reference pages "ContentVersion", "ContentDocument"
 * and "ContentDocumentLink": inserting a version creates its document and links, a version
 * with a `ContentDocumentId` becomes the document's latest, `PathOnClient` and `VersionData`
 * are required for a file stored in Salesforce.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf } from './helpers';

const ACCOUNT_FILE = `
  Account a = new Account(Name = 'Acme');
  insert a;
  ContentVersion v = new ContentVersion(Title = 'Report', PathOnClient = 'report.docx',
    VersionData = Blob.valueOf('hello'), FirstPublishLocationId = a.Id);
  insert v;`;

test('a new version creates its document, linked to the owner and the first location', () => {
  assert.deepEqual(
    debugOf(`${ACCOUNT_FILE}
      ContentVersion saved = [SELECT ContentDocumentId, FileType, FileExtension, ContentSize,
        IsLatest, VersionNumber FROM ContentVersion WHERE Id = :v.Id];
      System.debug(saved.FileType + ' ' + saved.FileExtension + ' ' + saved.ContentSize + ' '
        + saved.IsLatest + ' ' + saved.VersionNumber);
      ContentDocument d = [SELECT Title, FileType, LatestPublishedVersionId, OwnerId
        FROM ContentDocument WHERE Id = :saved.ContentDocumentId];
      System.debug(d.Title + ' ' + d.FileType + ' ' + (d.LatestPublishedVersionId == v.Id)
        + ' ' + (d.OwnerId == UserInfo.getUserId()));
      for (ContentDocumentLink l : [SELECT LinkedEntityId, ShareType, ContentDocument.Title
          FROM ContentDocumentLink WHERE ContentDocumentId = :d.Id ORDER BY ShareType]) {
        // a picklist sorts in the order of its values: V, C, I
        System.debug((l.LinkedEntityId == a.Id ? 'account' : 'owner') + ' ' + l.ShareType
          + ' ' + l.ContentDocument.Title);
      }`),
    ['WORD_X docx 5 true 1', 'Report WORD_X true true', 'account V Report', 'owner I Report'],
  );
});

test('a version of an existing document becomes its latest', () => {
  assert.deepEqual(
    debugOf(`${ACCOUNT_FILE}
      Id docId = [SELECT ContentDocumentId FROM ContentVersion WHERE Id = :v.Id].ContentDocumentId;
      insert new ContentVersion(ContentDocumentId = docId, Title = 'Report v2',
        PathOnClient = 'report.pdf', VersionData = Blob.valueOf('hello again'));
      for (ContentVersion x : [SELECT Title, IsLatest, VersionNumber, FileType FROM ContentVersion
          WHERE ContentDocumentId = :docId ORDER BY VersionNumber]) {
        System.debug(x.Title + ' ' + x.IsLatest + ' ' + x.VersionNumber + ' ' + x.FileType);
      }
      ContentDocument d = [SELECT Title, FileType, ContentSize FROM ContentDocument WHERE Id = :docId];
      System.debug(d.Title + ' ' + d.FileType + ' ' + d.ContentSize);
      System.debug([SELECT COUNT() FROM ContentDocumentLink WHERE ContentDocumentId = :docId]);`),
    ['Report false 1 WORD_X', 'Report v2 true 2 PDF', 'Report v2 PDF 11', '2'],
  );
});

test('a file stored in Salesforce needs PathOnClient and VersionData', () => {
  assert.deepEqual(
    debugOf(`
      Database.SaveResult r = Database.insert(new ContentVersion(Title = 'x'), false);
      System.debug(r.getErrors()[0].getStatusCode() + ' ' + r.getErrors()[0].getMessage());
      System.debug([SELECT COUNT() FROM ContentDocument]);`),
    ['REQUIRED_FIELD_MISSING Required fields are missing: [PathOnClient, VersionData]', '0'],
  );
});
