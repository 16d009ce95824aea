/**
 * The built-in standard schema: the standard objects typical Apex uses, with their common
 * fields, key prefixes and relationships, plus the system fields every object carries.
 */
import { makeField, makeObject, type FieldSpec, type ObjectDef, type Schema } from './schema';

type Spec = Omit<FieldSpec, 'name' | 'type'>;

const ro: Spec = { createable: false, updateable: false };
const req: Spec = { required: true };

function pick(values: string[], defaultValue?: string): Spec {
  return {
    picklist: {
      restricted: false,
      values: values.map((v) => ({
        value: v,
        label: v,
        isDefault: v === defaultValue,
        active: true,
      })),
    },
    ...(defaultValue ? { defaultValue } : {}),
  };
}

function lookup(to: string | string[], rel: string, child?: string, extra: Spec = {}): Spec {
  return {
    referenceTo: Array.isArray(to) ? to : [to],
    relationshipName: rel,
    ...(child ? { childRelationshipName: child } : {}),
    ...extra,
  };
}

type F = [name: string, type: FieldSpec['type'], spec?: Spec];

interface StdObject {
  name: string;
  prefix: string;
  label: string;
  plural: string;
  /** `Name` field: a plain text field, a compound name or none. */
  nameField: 'text' | 'compound' | 'none' | 'readonly';
  owner: boolean;
  createable?: boolean;
  /** Standard platform events (`BatchApexErrorEvent`). */
  event?: boolean;
  fields: F[];
}

const ADDRESS = (p: string): F[] => [
  [`${p}Street`, 'TextArea'],
  [`${p}City`, 'Text', { length: 40 }],
  [`${p}State`, 'Text', { length: 80 }],
  [`${p}PostalCode`, 'Text', { length: 20 }],
  [`${p}Country`, 'Text', { length: 80 }],
];

const STANDARD: StdObject[] = [
  {
    // Published by the platform only, for batches implementing Database.RaisesPlatformEvents.
    name: 'BatchApexErrorEvent',
    prefix: 'e00',
    label: 'Batch Apex Error Event',
    plural: 'Batch Apex Error Events',
    nameField: 'none',
    owner: false,
    createable: false,
    event: true,
    fields: [
      ['AsyncApexJobId', 'Text', { length: 18 }],
      ['DoesExceedJobScopeMaxLength', 'Checkbox', { defaultValue: false }],
      ['ExceptionType', 'Text', { length: 200 }],
      ['JobScope', 'LongTextArea', { length: 40000 }],
      ['Message', 'Text', { length: 5000 }],
      ['Phase', 'Text', { length: 8 }],
      ['RequestId', 'Text', { length: 18 }],
      ['StackTrace', 'Text', { length: 5000 }],
    ],
  },
  {
    name: 'Account',
    prefix: '001',
    label: 'Account',
    plural: 'Accounts',
    nameField: 'text',
    owner: true,
    fields: [
      ['AccountNumber', 'Text', { length: 40 }],
      ['Type', 'Picklist', pick(['Prospect', 'Customer - Direct', 'Customer - Channel', 'Other'])],
      ['Industry', 'Picklist', pick(['Agriculture', 'Banking', 'Technology', 'Other'])],
      ['Rating', 'Picklist', pick(['Hot', 'Warm', 'Cold'])],
      ['AnnualRevenue', 'Currency', { precision: 18, scale: 0 }],
      ['NumberOfEmployees', 'Int', { precision: 8 }],
      ['Phone', 'Phone'],
      ['Fax', 'Phone'],
      ['Website', 'Url'],
      ['Site', 'Text', { length: 80 }],
      ['AccountSource', 'Picklist', pick(['Web', 'Phone Inquiry', 'Partner Referral', 'Other'])],
      ['Description', 'LongTextArea', { length: 32000 }],
      ['ParentId', 'Lookup', lookup('Account', 'Parent', 'ChildAccounts')],
      ...ADDRESS('Billing'),
      ...ADDRESS('Shipping'),
    ],
  },
  {
    name: 'Contact',
    prefix: '003',
    label: 'Contact',
    plural: 'Contacts',
    nameField: 'compound',
    owner: true,
    fields: [
      ['Salutation', 'Picklist', pick(['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'])],
      ['FirstName', 'Text', { length: 40 }],
      ['LastName', 'Text', { length: 80, required: true }],
      ['AccountId', 'Lookup', lookup('Account', 'Account', 'Contacts', { cascadeDelete: true })],
      ['ReportsToId', 'Lookup', lookup('Contact', 'ReportsTo')],
      ['Email', 'Email'],
      ['Phone', 'Phone'],
      ['MobilePhone', 'Phone'],
      ['Title', 'Text', { length: 128 }],
      ['Department', 'Text', { length: 80 }],
      ['Birthdate', 'Date'],
      ['LeadSource', 'Picklist', pick(['Web', 'Phone Inquiry', 'Partner Referral', 'Other'])],
      ['Description', 'LongTextArea', { length: 32000 }],
      ...ADDRESS('Mailing'),
    ],
  },
  {
    name: 'Lead',
    prefix: '00Q',
    label: 'Lead',
    plural: 'Leads',
    nameField: 'compound',
    owner: true,
    fields: [
      ['FirstName', 'Text', { length: 40 }],
      ['LastName', 'Text', { length: 80, required: true }],
      ['Company', 'Text', { length: 255, required: true }],
      ['Title', 'Text', { length: 128 }],
      ['Email', 'Email'],
      ['Phone', 'Phone'],
      [
        'Status',
        'Picklist',
        {
          ...pick(
            [
              'Open - Not Contacted',
              'Working - Contacted',
              'Closed - Converted',
              'Closed - Not Converted',
            ],
            'Open - Not Contacted',
          ),
          required: true,
        },
      ],
      ['LeadSource', 'Picklist', pick(['Web', 'Phone Inquiry', 'Partner Referral', 'Other'])],
      ['Industry', 'Picklist', pick(['Agriculture', 'Banking', 'Technology', 'Other'])],
      ['IsConverted', 'Checkbox', { ...ro, defaultValue: false }],
      ['Description', 'LongTextArea', { length: 32000 }],
    ],
  },
  {
    name: 'Opportunity',
    prefix: '006',
    label: 'Opportunity',
    plural: 'Opportunities',
    nameField: 'text',
    owner: true,
    fields: [
      [
        'AccountId',
        'Lookup',
        lookup('Account', 'Account', 'Opportunities', { cascadeDelete: true }),
      ],
      ['Amount', 'Currency', { precision: 18, scale: 2 }],
      ['CloseDate', 'Date', req],
      [
        'StageName',
        'Picklist',
        {
          ...pick([
            'Prospecting',
            'Qualification',
            'Needs Analysis',
            'Proposal/Price Quote',
            'Negotiation/Review',
            'Closed Won',
            'Closed Lost',
          ]),
          required: true,
        },
      ],
      ['Probability', 'Percent', { precision: 3, scale: 0 }],
      ['Type', 'Picklist', pick(['Existing Customer - Upgrade', 'New Customer'])],
      ['LeadSource', 'Picklist', pick(['Web', 'Phone Inquiry', 'Partner Referral', 'Other'])],
      ['NextStep', 'Text', { length: 255 }],
      ['Description', 'LongTextArea', { length: 32000 }],
      ['IsClosed', 'Checkbox', { ...ro, defaultValue: false }],
      ['IsWon', 'Checkbox', { ...ro, defaultValue: false }],
    ],
  },
  {
    name: 'User',
    prefix: '005',
    label: 'User',
    plural: 'Users',
    nameField: 'compound',
    owner: false,
    fields: [
      ['Username', 'Text', { length: 80, required: true, unique: true, idLookup: true }],
      ['FirstName', 'Text', { length: 40 }],
      ['LastName', 'Text', { length: 80, required: true }],
      ['Email', 'Email', req],
      ['Alias', 'Text', { length: 8, required: true }],
      ['CommunityNickname', 'Text', { length: 40 }],
      ['TimeZoneSidKey', 'Picklist', { ...pick(['GMT', 'America/Los_Angeles']), required: true }],
      ['LocaleSidKey', 'Picklist', { ...pick(['en_US', 'en_GB']), required: true }],
      ['EmailEncodingKey', 'Picklist', { ...pick(['UTF-8', 'ISO-8859-1']), required: true }],
      ['LanguageLocaleKey', 'Picklist', { ...pick(['en_US']), required: true }],
      ['ProfileId', 'Lookup', lookup('Profile', 'Profile', undefined, { required: true })],
      ['ManagerId', 'Lookup', lookup('User', 'Manager')],
      ['IsActive', 'Checkbox', { defaultValue: true }],
      ['Title', 'Text', { length: 80 }],
      ['Department', 'Text', { length: 80 }],
      ['UserType', 'Picklist', { ...ro, ...pick(['Standard', 'AutomatedProcess']) }],
    ],
  },
  {
    name: 'Profile',
    prefix: '00e',
    label: 'Profile',
    plural: 'Profiles',
    nameField: 'text',
    owner: false,
    createable: false,
    fields: [
      ['UserType', 'Picklist', { ...ro, ...pick(['Standard']) }],
      ['Description', 'Text', { length: 255 }],
    ],
  },
  {
    name: 'Case',
    prefix: '500',
    label: 'Case',
    plural: 'Cases',
    nameField: 'none',
    owner: true,
    fields: [
      ['CaseNumber', 'AutoNumber', { autoNumberFormat: '{00000000}', calculated: true }],
      ['Subject', 'Text', { length: 255 }],
      ['Description', 'LongTextArea', { length: 32000 }],
      ['Status', 'Picklist', pick(['New', 'Working', 'Escalated', 'Closed'], 'New')],
      ['Priority', 'Picklist', pick(['High', 'Medium', 'Low'], 'Medium')],
      ['Origin', 'Picklist', pick(['Phone', 'Email', 'Web'])],
      ['Type', 'Picklist', pick(['Mechanical', 'Electrical', 'Electronic', 'Structural', 'Other'])],
      ['Reason', 'Picklist', pick(['Installation', 'Performance', 'Breakdown', 'Other'])],
      ['AccountId', 'Lookup', lookup('Account', 'Account', 'Cases')],
      ['ContactId', 'Lookup', lookup('Contact', 'Contact', 'Cases')],
      ['IsClosed', 'Checkbox', { ...ro, defaultValue: false }],
      ['ClosedDate', 'DateTime', ro],
    ],
  },
  {
    name: 'Task',
    prefix: '00T',
    label: 'Task',
    plural: 'Tasks',
    nameField: 'none',
    owner: true,
    fields: [
      ['Subject', 'Text', { length: 255 }],
      [
        'Status',
        'Picklist',
        {
          ...pick(
            ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'],
            'Not Started',
          ),
          required: true,
        },
      ],
      ['Priority', 'Picklist', { ...pick(['High', 'Normal', 'Low'], 'Normal'), required: true }],
      ['ActivityDate', 'Date'],
      ['WhoId', 'Lookup', lookup(['Contact', 'Lead'], 'Who', 'Tasks')],
      ['WhatId', 'Lookup', lookup(['Account', 'Opportunity', 'Case'], 'What', 'Tasks')],
      ['Description', 'LongTextArea', { length: 32000 }],
      ['Type', 'Picklist', pick(['Call', 'Email', 'Meeting', 'Other'])],
      ['IsClosed', 'Checkbox', { ...ro, defaultValue: false }],
    ],
  },
  {
    name: 'Organization',
    prefix: '00D',
    label: 'Organization',
    plural: 'Organizations',
    nameField: 'readonly',
    owner: false,
    createable: false,
    fields: [
      ['OrganizationType', 'Text', { ...ro, length: 40 }],
      ['InstanceName', 'Text', { ...ro, length: 5 }],
      ['IsSandbox', 'Checkbox', ro],
      ['NamespacePrefix', 'Text', { ...ro, length: 15 }],
      ['TimeZoneSidKey', 'Text', { ...ro, length: 40 }],
      ['DefaultLocaleSidKey', 'Text', { ...ro, length: 40 }],
      ['LanguageLocaleKey', 'Text', { ...ro, length: 40 }],
      ['Country', 'Text', { ...ro, length: 80 }],
    ],
  },
  {
    name: 'RecordType',
    prefix: '012',
    label: 'Record Type',
    plural: 'Record Types',
    nameField: 'text',
    owner: false,
    createable: false,
    fields: [
      ['DeveloperName', 'Text', { length: 80 }],
      ['SobjectType', 'Text', { length: 40 }],
      ['IsActive', 'Checkbox'],
      ['Description', 'Text', { length: 255 }],
      ['NamespacePrefix', 'Text', { ...ro, length: 15 }],
    ],
  },
  {
    name: 'ApexClass',
    prefix: '01p',
    label: 'Apex Class',
    plural: 'Apex Classes',
    nameField: 'readonly',
    owner: false,
    createable: false,
    fields: [
      ['NamespacePrefix', 'Text', { ...ro, length: 15 }],
      ['Status', 'Text', { ...ro, length: 40 }],
      ['IsValid', 'Checkbox', ro],
      ['ApiVersion', 'Double', ro],
    ],
  },
  {
    name: 'AsyncApexJob',
    prefix: '707',
    label: 'Apex Job',
    plural: 'Apex Jobs',
    nameField: 'none',
    owner: false,
    createable: false,
    fields: [
      ['ApexClassId', 'Lookup', { ...ro, ...lookup('ApexClass', 'ApexClass') }],
      [
        'Status',
        'Picklist',
        {
          ...ro,
          ...pick([
            'Queued',
            'Preparing',
            'Processing',
            'Aborted',
            'Completed',
            'Failed',
            'Holding',
          ]),
        },
      ],
      [
        'JobType',
        'Picklist',
        {
          ...ro,
          ...pick([
            'Future',
            'SharingRecalculation',
            'ScheduledApex',
            'BatchApex',
            'BatchApexWorker',
            'TestRequest',
            'TestWorker',
            'ApexToken',
            'Queueable',
          ]),
        },
      ],
      ['MethodName', 'Text', { ...ro, length: 255 }],
      ['JobItemsProcessed', 'Int', ro],
      ['TotalJobItems', 'Int', ro],
      ['NumberOfErrors', 'Int', ro],
      ['ExtendedStatus', 'Text', { ...ro, length: 255 }],
      ['CompletedDate', 'DateTime', ro],
      ['ParentJobId', 'Lookup', { ...ro, ...lookup('AsyncApexJob', 'ParentJob') }],
      ['CronTriggerId', 'Lookup', { ...ro, ...lookup('CronTrigger', 'CronTrigger') }],
    ],
  },
  {
    name: 'CronJobDetail',
    prefix: '08a',
    label: 'Job',
    plural: 'Jobs',
    nameField: 'readonly',
    owner: false,
    createable: false,
    fields: [['JobType', 'Picklist', { ...ro, ...pick(['7', '9', 'A']) }]],
  },
  {
    name: 'CronTrigger',
    prefix: '08e',
    label: 'Scheduled Jobs',
    plural: 'Scheduled Jobs',
    nameField: 'none',
    owner: true,
    createable: false,
    fields: [
      ['CronExpression', 'Text', { ...ro, length: 255 }],
      ['CronJobDetailId', 'Lookup', { ...ro, ...lookup('CronJobDetail', 'CronJobDetail') }],
      [
        'State',
        'Picklist',
        {
          ...ro,
          ...pick([
            'WAITING',
            'ACQUIRED',
            'EXECUTING',
            'COMPLETE',
            'ERROR',
            'DELETED',
            'PAUSED',
            'BLOCKED',
            'PAUSED_BLOCKED',
          ]),
        },
      ],
      ['NextFireTime', 'DateTime', ro],
      ['PreviousFireTime', 'DateTime', ro],
      ['StartTime', 'DateTime', ro],
      ['EndTime', 'DateTime', ro],
      ['TimesTriggered', 'Int', ro],
      ['TimeZoneSidKey', 'Text', { ...ro, length: 40 }],
    ],
  },
  {
    // Tooling API / Object Reference "EntityDefinition": one row per object, keyed by DurableId.
    name: 'EntityDefinition',
    prefix: '0EI',
    label: 'Entity Definition',
    plural: 'Entity Definitions',
    nameField: 'none',
    owner: false,
    createable: false,
    fields: [
      ['DurableId', 'Text', { ...ro, length: 255 }],
      ['QualifiedApiName', 'Text', { ...ro, length: 250 }],
      ['DeveloperName', 'Text', { ...ro, length: 40 }],
      ['NamespacePrefix', 'Text', { ...ro, length: 15 }],
      ['Label', 'Text', { ...ro, length: 40 }],
      ['MasterLabel', 'Text', { ...ro, length: 40 }],
      ['PluralLabel', 'Text', { ...ro, length: 40 }],
      ['KeyPrefix', 'Text', { ...ro, length: 3 }],
      ['IsCustomSetting', 'Checkbox', ro],
      ['IsQueryable', 'Checkbox', ro],
      ['IsCustomizable', 'Checkbox', ro],
      ['IsApexTriggerable', 'Checkbox', ro],
    ],
  },
  {
    // Tooling API / Object Reference "FieldDefinition": one row per field, keyed by DurableId.
    name: 'FieldDefinition',
    prefix: '0FD',
    label: 'Field Definition',
    plural: 'Field Definitions',
    nameField: 'none',
    owner: false,
    createable: false,
    fields: [
      ['DurableId', 'Text', { ...ro, length: 255 }],
      ['QualifiedApiName', 'Text', { ...ro, length: 250 }],
      ['DeveloperName', 'Text', { ...ro, length: 40 }],
      ['NamespacePrefix', 'Text', { ...ro, length: 15 }],
      ['Label', 'Text', { ...ro, length: 40 }],
      ['MasterLabel', 'Text', { ...ro, length: 40 }],
      [
        'EntityDefinitionId',
        'Text',
        {
          ...ro,
          length: 255,
          referenceTo: ['EntityDefinition'],
          relationshipName: 'EntityDefinition',
          childRelationshipName: 'Fields',
        },
      ],
      ['DataType', 'Text', { ...ro, length: 255 }],
      ['RelationshipName', 'Text', { ...ro, length: 255 }],
      ['Length', 'Int', ro],
      ['Precision', 'Int', ro],
      ['Scale', 'Int', ro],
      ['IsNillable', 'Checkbox', ro],
      ['IsCalculated', 'Checkbox', ro],
    ],
  },
];

/** The system fields of an object of the given kind. */
export function systemFields(kind: ObjectDef['kind'], owner: boolean): FieldSpec[] {
  const out: FieldSpec[] = [{ name: 'Id', type: 'Id', label: 'Record ID', ...ro, nillable: false }];
  if (kind === 'metadata') {
    return [
      ...out,
      {
        name: 'DeveloperName',
        type: 'Text',
        length: 40,
        required: true,
        label: 'Custom Metadata Record Name',
      },
      { name: 'MasterLabel', type: 'Text', length: 40, required: true, label: 'Label' },
      { name: 'Label', type: 'Text', length: 40, label: 'Label', ...ro },
      { name: 'Language', type: 'Picklist', label: 'Master Language', ...ro },
      { name: 'NamespacePrefix', type: 'Text', length: 15, label: 'Namespace Prefix', ...ro },
      { name: 'QualifiedApiName', type: 'Text', length: 70, label: 'Qualified API Name', ...ro },
      { name: 'SystemModstamp', type: 'DateTime', label: 'System Modstamp', ...ro },
    ];
  }
  if (kind === 'event') {
    return [
      { name: 'ReplayId', type: 'Text', length: 255, label: 'Replay ID', ...ro },
      { name: 'EventUuid', type: 'Text', length: 36, label: 'Event UUID', ...ro },
      { name: 'CreatedDate', type: 'DateTime', label: 'Created Date', ...ro },
      {
        name: 'CreatedById',
        type: 'Lookup',
        label: 'Created By ID',
        ...ro,
        ...lookup('User', 'CreatedBy'),
      },
    ];
  }
  out.push(
    { name: 'IsDeleted', type: 'Checkbox', label: 'Deleted', ...ro, defaultValue: false },
    { name: 'CreatedDate', type: 'DateTime', label: 'Created Date', ...ro, nillable: false },
    {
      name: 'CreatedById',
      type: 'Lookup',
      label: 'Created By ID',
      ...ro,
      ...lookup('User', 'CreatedBy'),
      nillable: false,
    },
    {
      name: 'LastModifiedDate',
      type: 'DateTime',
      label: 'Last Modified Date',
      ...ro,
      nillable: false,
    },
    {
      name: 'LastModifiedById',
      type: 'Lookup',
      label: 'Last Modified By ID',
      ...ro,
      ...lookup('User', 'LastModifiedBy'),
      nillable: false,
    },
    { name: 'SystemModstamp', type: 'DateTime', label: 'System Modstamp', ...ro, nillable: false },
  );
  if (owner) {
    out.push({
      name: 'OwnerId',
      type: 'Lookup',
      label: 'Owner ID',
      ...lookup('User', 'Owner'),
      nillable: false,
    });
  }
  return out;
}

/** Add the standard objects to a schema. */
export function addStandardObjects(schema: Schema): void {
  for (const s of STANDARD) {
    const kind = s.event ? 'event' : 'standard';
    const obj = makeObject(s.name, kind, s.prefix, s.label, s.plural);
    if (s.createable === false) {
      obj.createable = false;
      obj.updateable = false;
      obj.deletable = false;
    }
    for (const spec of systemFields(kind, s.owner)) schema.addField(obj, makeField(spec));
    if (s.nameField === 'text') {
      schema.addField(
        obj,
        makeField({
          name: 'Name',
          type: 'Text',
          length: 255,
          required: s.createable !== false,
          label: `${s.label} Name`,
          idLookup: true,
        }),
      );
    } else if (s.nameField === 'compound' || s.nameField === 'readonly') {
      schema.addField(
        obj,
        makeField({
          name: 'Name',
          type: 'Text',
          length: 121,
          label: 'Full Name',
          ...ro,
          compoundName: s.nameField === 'compound',
          idLookup: true,
        }),
      );
    }
    for (const [name, type, spec] of s.fields) {
      schema.addField(obj, makeField({ name, type, custom: false, ...(spec ?? {}) }));
    }
    if (s.createable === false) {
      for (const f of obj.fields) {
        f.createable = false;
        f.updateable = false;
      }
    }
    schema.add(obj);
  }
}
