import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  checkMetadataFile,
  checkProject,
  loadSchema,
  loadTabMotifs,
  type Context,
} from '../check-metadata';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ctx: Context = {
  schema: loadSchema(),
  motifs: loadTabMotifs(),
  externalCredentials: new Set(['Billing_API']),
  packageDirs: ['force-app'],
};

const xml = (type: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${type} xmlns="http://soap.sforce.com/2006/04/metadata">${body}</${type}>`;

const problems = (file: string, text: string) =>
  checkMetadataFile(file, text, ctx).map((p) => p.message);

test('every metadata file of the project is valid', () => {
  const { files, problems: found } = checkProject(ROOT);
  assert.ok(files > 400, `the package directories' files are read (${files})`);
  assert.deepEqual(found, []);
});

test('an element its type does not have is refused, with where it is', () => {
  const permissionSet = xml(
    'PermissionSet',
    `<applicationVisibilities><application>Conduit</application><default>false</default>
     <visible>true</visible></applicationVisibilities><label>Ops</label>`,
  );
  assert.deepEqual(problems('Ops.permissionset-meta.xml', permissionSet), [
    'PermissionSet > applicationVisibilities > default: PermissionSetApplicationVisibility has no element default',
  ]);
});

test('values are checked by type and single elements may not repeat', () => {
  const field = xml(
    'CustomField',
    '<label>A</label><label>B</label><externalId>yes</externalId><length>ten</length><type>Text</type>',
  );
  assert.deepEqual(problems('A__c.field-meta.xml', field), [
    'CustomField > label: CustomField has at most one label',
    "CustomField > externalId: 'yes' is not a boolean (true or false)",
    "CustomField > length: 'ten' is not a number",
  ]);
  assert.deepEqual(
    problems('X.tab-meta.xml', xml('CustomTab', '<label><b>x</b></label>')),
    ['CustomTab > label: a string value, not elements'],
    'a string holds text',
  );
});

test('an unknown type, a wrong namespace and broken XML are refused', () => {
  assert.deepEqual(problems('x.widget-meta.xml', xml('Widget', '')), [
    'Widget is not a Metadata API type',
  ]);
  assert.deepEqual(problems('x.tab-meta.xml', '<CustomTab><label>x</label></CustomTab>'), [
    'CustomTab: the namespace must be http://soap.sforce.com/2006/04/metadata',
  ]);
  assert.match(problems('x.tab-meta.xml', '<CustomTab><label>')[0], /^not well-formed XML/);
});

test('a tab motif must be one of the CLI list', () => {
  assert.deepEqual(problems('T.tab-meta.xml', xml('CustomTab', '<motif>Custom87: Cube</motif>')), [
    "CustomTab > motif: 'Custom87: Cube' is not a tab style (the CLI's list has e.g. 'Custom87: Safe')",
  ]);
  assert.deepEqual(
    problems('T.tab-meta.xml', xml('CustomTab', '<motif>Custom87: Safe</motif>')),
    [],
  );
});

test('an auto-number display format has one number placeholder', () => {
  const object = (format: string) =>
    xml(
      'CustomObject',
      `<label>Run</label><nameField><displayFormat>${format}</displayFormat><label>N</label><type>AutoNumber</type></nameField>`,
    );
  assert.deepEqual(problems('Run__c.object-meta.xml', object('{0}-{00000000}')), [
    "CustomObject > nameField > displayFormat: '{0}-{00000000}' needs exactly one number placeholder such as {00000000} (and optionally {YYYY}, {MM}, {DD})",
  ]);
  assert.deepEqual(problems('Run__c.object-meta.xml', object('RUN-{YYYY}-{00000000}')), []);
  const field = xml(
    'CustomField',
    '<displayFormat>{X}{000}</displayFormat><label>N</label><type>AutoNumber</type>',
  );
  assert.equal(problems('N__c.field-meta.xml', field).length, 1, 'an auto-number field too');
});

test('an Apex class or trigger named with a reserved word is refused', () => {
  const meta = (type: string) => xml(type, '<apiVersion>67.0</apiVersion><status>Active</status>');
  assert.deepEqual(problems('classes/Export.cls-meta.xml', meta('ApexClass')), [
    'ApexClass: Identifier name is reserved: Export',
  ]);
  assert.deepEqual(problems('triggers/Group.trigger-meta.xml', meta('ApexTrigger')), [
    'ApexTrigger: Identifier name is reserved: Group',
  ]);
  assert.deepEqual(problems('classes/Exporter.cls-meta.xml', meta('ApexClass')), []);
});

test('a secured-endpoint Named Credential authenticates with an External Credential of the project', () => {
  const credential = (auth: string) =>
    xml(
      'NamedCredential',
      `<label>Billing</label><namedCredentialParameters><parameterName>Url</parameterName>
       <parameterType>Url</parameterType><parameterValue>https://x.example.com</parameterValue>
       </namedCredentialParameters>${auth}<namedCredentialType>SecuredEndpoint</namedCredentialType>`,
    );
  const auth = (name: string) =>
    `<namedCredentialParameters><externalCredential>${name}</externalCredential>
     <parameterName>ExternalCredential</parameterName><parameterType>Authentication</parameterType>
     </namedCredentialParameters>`;
  assert.deepEqual(problems('B.namedCredential-meta.xml', credential('')), [
    'NamedCredential: a SecuredEndpoint needs an Authentication parameter naming an External Credential',
  ]);
  assert.deepEqual(problems('B.namedCredential-meta.xml', credential(auth('Other_API'))), [
    'NamedCredential: External Credential Other_API is not in the project',
  ]);
  assert.deepEqual(problems('B.namedCredential-meta.xml', credential(auth('Billing_API'))), []);
});

test('a field the package ships needs help text of at most 510 characters; other fields need none', () => {
  const field = (help: string) =>
    xml(
      'CustomField',
      `<fullName>Note__c</fullName>${help}<label>Note</label><length>80</length><type>Text</type>`,
    );
  const packaged = 'force-app/main/objects/Sync_Run__c/fields/Note__c.field-meta.xml';
  assert.deepEqual(problems(packaged, field('')), [
    'CustomField: a field of the package needs inlineHelpText (field-level help)',
  ]);
  assert.deepEqual(problems(packaged, field('<inlineHelpText> </inlineHelpText>')), [
    'CustomField: a field of the package needs inlineHelpText (field-level help)',
  ]);
  assert.deepEqual(
    problems(packaged, field(`<inlineHelpText>${'x'.repeat(511)}</inlineHelpText>`)),
    ['CustomField > inlineHelpText: 511 characters: at most 510'],
  );
  assert.deepEqual(
    problems(packaged, field('<inlineHelpText>What it holds.</inlineHelpText>')),
    [],
  );
  assert.deepEqual(
    problems('demo/objects/Invoice__c/fields/Note__c.field-meta.xml', field('')),
    [],
  );
});
