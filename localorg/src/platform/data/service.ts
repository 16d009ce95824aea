/**
 * `OrgDataService`: the org's database behind the `DataService` seam — schema, records, DML,
 * SOQL, custom metadata and custom settings of one org.
 */
import Decimal from 'decimal.js';
import {
  ApexDate,
  ApexDatetime,
  ApexError,
  ApexList,
  ApexMap,
  NativeObject,
  SObjectValue,
  typeRef,
  type TypeRef,
  type Value,
} from '../../runtime/values';
import type { GovernorLimits } from '../limits';
import type { OperationHooks } from '../hooks';
import type { ApexInvoker, BindResolver, DataService, DmlOperation, DmlOptions } from '../services';
import { ProjectMetadata } from '../async/project';
import { ApexClassRows } from './apex-classes';
import { MetadataRows } from './metadata-rows';
import { ContentFiles } from './files';
import { Definitions, isDurableKeyed } from './definitions';
import { describeObject } from './describe';
import { DmlEngine, type MergeOutcome } from './dml';
import { queryLocatorRecords } from './natives';
import { IdGenerator, to18, to18OrNull } from '../../runtime/ids';
import { loadSchema, readCustomMetadata, readProject, type MetadataRecordSource } from './load';
import { apexTypeOf, type FieldDef, type ObjectDef, type Schema } from './schema';
import {
  coerceFieldValue,
  copyRecord,
  readField,
  requireMember,
  resolveMember,
  writeField,
  type RowError,
} from './sobject';
import { SoqlEngine } from './soql';
import { search } from './sosl';
import { RecordAccess } from './sharing';
import { indexKey, Store, type Row, type StoreSnapshot } from './store';
import { Transactions } from './transactions';

export interface DataServiceOptions {
  /** The Salesforce DX project: its `sfdx-project.json` gives package directories and namespace. */
  projectDir?: string;
  /** Package directories (absolute), overriding those of `sfdx-project.json`. */
  packageDirs?: string[];
  /** The package namespace, overriding `sfdx-project.json`. */
  namespace?: string;
  limits: () => GovernorLimits;
  invoker?: ApexInvoker;
  clock?: () => number;
  userId?: () => string;
  /** The running user's profile (hierarchy custom settings). */
  profileId?: () => string | null;
  /** The running user's name, user name and email (the seeded User record). */
  user?: () => { name?: string; userName?: string; email?: string };
  /** The org Id (`UserInfo.getOrganizationId()`); the Organization record and org-level settings use it. */
  orgId?: () => string;
  /**
   * The rows of AsyncApexJob, CronTrigger and CronJobDetail kept by `platform/async`
   * (its `AsyncRecordsProvider`); SOQL on those objects reads them.
   */
  asyncRecords?: () => AsyncRecords | null | undefined;
  /** The running user's time zone (IANA name) for SOQL date literals; `GMT` by default. */
  timeZone?: () => string;
  /** The org's operation hooks: DML statements and queries pass through them first. */
  hooks?: OperationHooks;
  /**
   * The sharing mode and default access mode of the code running now (`Runtime.accessContext`);
   * without it, operations run without sharing, in system mode unless they ask for user mode.
   */
  access?: () => { withSharing: boolean; userModeDefault: boolean };
  /** Platform rules applied only when asked (see `OptInRules`). */
  rules?: Partial<OptInRules>;
}

/**
 * Which rules apply when an org does not say: `MIXED_DML_OPERATION` always (Conduit's tests keep
 * it). Datetimes kept to the second and user mode's object and field permissions always apply:
 * the platform has no switch for them.
 */
const DEFAULT_RULES: OptInRules = {
  mixedDml: true,
};

/** Rules of the platform an org can switch on or off; each is how a real org behaves. */
export interface OptInRules {
  /** `MIXED_DML_OPERATION` (Apex Developer Guide, "sObjects That Can't Be Used Together in DML Operations"). */
  mixedDml: boolean;
}

/** What `platform/async` serves for SOQL on the async objects (its `AsyncRecordsProvider`). */
export interface AsyncRecords {
  asyncApexJobs(): SObjectValue[];
  cronTriggers(): SObjectValue[];
  cronJobDetails(): SObjectValue[];
}

/** A custom metadata record supplied by a test: type, DeveloperName and field values. */
export interface CustomMetadataRecord {
  type: string;
  developerName: string;
  label?: string;
  fields?: Record<string, Value>;
}

const DEFAULT_USER = '005000000000001AAA';
const DEFAULT_ORG = to18('00D000000000001');
/** A query that ends in `FOR UPDATE` locks the records it returns ("Locking Statements"). */
const FOR_UPDATE = /\bFOR\s+UPDATE\s*$/i;
/** The standard profiles every org has (seeded so tests can query them by name). */
export const STANDARD_PROFILES: Record<string, string> = {
  'System Administrator': '00e000000000001AAA',
  'Standard User': '00e000000000002AAA',
  'Read Only': '00e000000000003AAA',
  'Minimum Access - Salesforce': '00e000000000004AAA',
  'Marketing User': '00e000000000005AAA',
  'Contract Manager': '00e000000000006AAA',
  'Solution Manager': '00e000000000007AAA',
  'Standard Platform User': '00e000000000008AAA',
  'Chatter Free User': '00e000000000009AAA',
  'Chatter External User': to18('00e00000000000A'),
  'Chatter Moderator User': to18('00e00000000000B'),
};

/**
 * The user licenses of a Developer Edition org (Setup, "Company Information") and the license of
 * each standard profile.
 */
const USER_LICENSES: Record<string, { key: string; id: string; profiles: string[] }> = {
  Salesforce: {
    key: 'SFDC',
    id: to18('100000000000001'),
    profiles: [
      'System Administrator',
      'Standard User',
      'Read Only',
      'Minimum Access - Salesforce',
      'Marketing User',
      'Contract Manager',
      'Solution Manager',
    ],
  },
  'Salesforce Platform': {
    key: 'AUL',
    id: to18('100000000000002'),
    profiles: ['Standard Platform User'],
  },
  'Chatter Free': {
    key: 'PID_Chatter',
    id: to18('100000000000003'),
    profiles: ['Chatter Free User', 'Chatter Moderator User'],
  },
  'Chatter External': {
    key: 'PID_Chatter_External',
    id: to18('100000000000004'),
    profiles: ['Chatter External User'],
  },
};

export class OrgDataService implements DataService {
  readonly schema: Schema;
  readonly store = new Store();
  /** Isolation and row locks of interleaved transactions (off by default). */
  readonly transactions = new Transactions(this.store);
  readonly ids = new IdGenerator();
  readonly dmlEngine: DmlEngine;
  readonly soql: SoqlEngine;
  /** Record sharing and the user-mode permissions of the running user. */
  readonly access = new RecordAccess(this);
  /** `EntityDefinition`/`FieldDefinition` rows and the values of relationships to them. */
  readonly definitions: Definitions;
  /** `ApexClass` rows of the project's classes. */
  readonly apexClasses: ApexClassRows;
  /** `StaticResource` and `PlatformCachePartition` rows of the project's metadata. */
  readonly metadataRows: MetadataRows;
  /** What inserting a `ContentVersion` does: documents, versions, links. */
  readonly files = new ContentFiles({
    row: (type, id) => this.store.table(type).rows.get(id),
    put: (type, id, row) => this.store.put(this.store.table(type), id, row),
    insert: (type, fields) => this.insertPlatformRow(type, fields),
    idsWhere: (type, field, value) => {
      const table = this.store.table(type);
      return [...(table.index(field).get(indexKey(value)) ?? [])].filter(
        (id) => table.rows.get(id)?.get('isdeleted') !== true,
      );
    },
  });
  invoker: ApexInvoker | undefined;
  triggerDepth = 0;
  private readonly autoNumbers = new Map<string, number>();
  private readonly opts: DataServiceOptions;
  private readonly typeTokens = new Map<string, NativeObject>();
  private readonly fieldTokens = new Map<string, NativeObject>();

  constructor(opts: DataServiceOptions) {
    this.opts = opts;
    const project = opts.projectDir
      ? readProject(opts.projectDir)
      : { packageDirs: [], namespace: '', customerDirs: [] };
    const packageDirs = opts.packageDirs ?? project.packageDirs;
    const namespace = opts.namespace ?? project.namespace;
    this.schema = loadSchema(packageDirs, namespace, project.customerDirs);
    this.definitions = new Definitions(this.schema, this.store, (p) => this.ids.next(p));
    const rowHost = {
      systemUpsert: (type: string, fields: Record<string, Value>) =>
        this.systemUpsert(type, fields),
      hasRow: (type: string, id: string) => this.store.table(type).rows.has(id),
    };
    this.apexClasses = new ApexClassRows(rowHost, packageDirs, project.customerDirs, namespace);
    this.metadataRows = new MetadataRows(
      rowHost,
      new ProjectMetadata(opts.projectDir ?? null),
      namespace,
      (prefix) => this.ids.next(prefix),
    );
    this.invoker = opts.invoker;
    this.dmlEngine = new DmlEngine(this);
    this.soql = new SoqlEngine(this);
    this.seedSetupRecords();
    this.loadMetadataRecords(readCustomMetadata(packageDirs));
  }

  limits(): GovernorLimits {
    return this.opts.limits();
  }

  get hooks(): OperationHooks | undefined {
    return this.opts.hooks;
  }

  now(): number {
    return this.opts.clock ? this.opts.clock() : Date.now();
  }

  userId(): string {
    return this.opts.userId ? this.opts.userId() : DEFAULT_USER;
  }

  timeZone(): string {
    return this.opts.timeZone ? this.opts.timeZone() : 'GMT';
  }

  orgId(): string {
    return this.opts.orgId ? this.opts.orgId() : DEFAULT_ORG;
  }

  /** What identifies the running user's context: one per `System.runAs` block. */
  runningUserKey(): unknown {
    return this.opts.user?.() ?? this.userId();
  }

  /** Whether an opt-in platform rule applies. */
  rule(name: keyof OptInRules): boolean {
    return this.opts.rules?.[name] ?? DEFAULT_RULES[name];
  }

  accessContext(): { withSharing: boolean; userModeDefault: boolean } {
    return this.opts.access?.() ?? { withSharing: false, userModeDefault: false };
  }

  profileId(): string | null {
    return this.opts.profileId ? this.opts.profileId() : STANDARD_PROFILES['System Administrator'];
  }

  /** How the last SOQL query or DML statement asked to run (`WITH USER_MODE`, `AccessLevel`). */
  lastAccessMode: 'SYSTEM_MODE' | 'USER_MODE' = 'SYSTEM_MODE';

  /** The Organization, the standard profiles and the running user, as every org has them. */
  private seedSetupRecords(): void {
    const ns = this.schema.namespace;
    this.systemUpsert('Organization', {
      Id: this.orgId(),
      Name: 'localorg',
      OrganizationType: 'Developer Edition',
      InstanceName: 'LO1',
      IsSandbox: false,
      NamespacePrefix: ns || null,
      TimeZoneSidKey: this.timeZone(),
      DefaultLocaleSidKey: 'en_US',
      LanguageLocaleKey: 'en_US',
    });
    const licenseOf = new Map<string, string>();
    for (const [name, license] of Object.entries(USER_LICENSES)) {
      this.systemUpsert('UserLicense', {
        Id: license.id,
        Name: name,
        MasterLabel: name,
        LicenseDefinitionKey: license.key,
        Status: 'Active',
      });
      for (const p of license.profiles) licenseOf.set(p, license.id);
    }
    for (const [name, id] of Object.entries(STANDARD_PROFILES)) {
      this.systemUpsert('Profile', {
        Id: id,
        Name: name,
        UserType: 'Standard',
        UserLicenseId: licenseOf.get(name) ?? null,
        PermissionsModifyAllData: name === 'System Administrator',
        PermissionsViewAllData: name === 'System Administrator',
      });
    }
    const u = this.opts.user?.() ?? {};
    const name = u.name ?? 'Local Admin';
    const parts = name.split(' ');
    this.systemUpsert('User', {
      Id: this.userId(),
      Username: u.userName ?? 'admin@localorg.test',
      FirstName: parts.length > 1 ? parts.slice(0, -1).join(' ') : null,
      LastName: parts[parts.length - 1],
      Name: name,
      Email: u.email ?? 'admin@localorg.test',
      Alias: 'ladmin',
      TimeZoneSidKey: this.timeZone(),
      LocaleSidKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US',
      ProfileId: this.profileId(),
      IsActive: true,
      UserType: 'Standard',
    });
  }

  // -------------------------------------------------------------------------------------------
  // DataService

  dml(op: DmlOperation, records: SObjectValue[], options: DmlOptions): ApexList {
    this.lastAccessMode = options.accessLevel ?? 'SYSTEM_MODE';
    const first = records.find((r) => r instanceof SObjectValue);
    const outcome =
      first &&
      this.hooks?.before({ kind: 'dml', operation: op, object: first.type, rows: records });
    return this.dmlEngine.run(op, records, { ...options, rowErrors: outcome?.rowErrors });
  }

  /** `Database.merge` (`DmlEngine.merge`). */
  merge(master: SObjectValue, duplicates: SObjectValue[], options: DmlOptions): MergeOutcome {
    this.lastAccessMode = options.accessLevel ?? 'SYSTEM_MODE';
    return this.dmlEngine.merge(master, duplicates, options);
  }

  query(soql: string, binds: BindResolver, options?: { userMode?: boolean }): Value {
    this.lastAccessMode = options?.userMode ? 'USER_MODE' : 'SYSTEM_MODE';
    const result = this.soql.execute(soql, binds, options);
    if (FOR_UPDATE.test(soql) && result instanceof ApexList) {
      this.transactions.lockForUpdate(
        result.items.map((r) => (r as SObjectValue).fields.get('id') as string),
      );
    }
    return result;
  }

  sobjectType(name: string): string | null {
    return this.schema.object(name)?.name ?? null;
  }

  newSObject(type: string): SObjectValue {
    const obj = this.requireObject(type);
    return new SObjectValue(obj.name);
  }

  getField(record: SObjectValue, field: string): Value {
    return readField(this.schema, record, field);
  }

  putField(record: SObjectValue, field: string, value: Value): void {
    writeField(this.schema, record, field, value, false);
  }

  fieldName(type: string, field: string): string | null {
    const obj = this.schema.object(type);
    if (!obj) return null;
    const key = field.toLowerCase();
    return (
      obj.fieldIndex.get(key)?.name ??
      obj.parentRelationships.get(key)?.relationshipName ??
      obj.childRelationships.get(key)?.name ??
      null
    );
  }

  /**
   * Set a field without the writeability check (read-only and system fields included), as
   * `JSON.deserialize` into an SObject does; the value is still coerced to the field's type.
   */
  putFieldUnchecked(record: SObjectValue, field: string, value: Value): void {
    const obj = this.schema.object(record.type);
    if (!obj) {
      record.fields.set(field.toLowerCase(), value);
      return;
    }
    const m = requireMember(obj, field);
    record.fields.set(m.key, m.kind === 'field' ? coerceFieldValue(m.field, value) : value);
  }

  /**
   * The canonical spelling of a record key (`conduit__amount__c` → `conduit__Amount__c`,
   * `account` → `Account`), for `System.debug` and `JSON.serialize` of SObjects.
   */
  canonicalName(type: string, key: string): string {
    const obj = this.schema.object(type);
    const m = obj ? resolveMember(obj, key) : undefined;
    if (!obj || !m) return key;
    if (m.kind === 'field') return m.field.name;
    if (m.kind === 'parent') return m.field.relationshipName!;
    return obj.childRelationships.get(m.key)!.name;
  }

  fieldType(type: string, field: string): TypeRef | null {
    const obj = this.schema.object(type);
    if (!obj) return null;
    const f = obj.fieldIndex.get(field.toLowerCase());
    if (f) return apexTypeOf(f);
    const rel = obj.parentRelationships.get(field.toLowerCase());
    if (rel) return typeRef(this.schema.object(rel.referenceTo[0])?.name ?? 'SObject');
    const child = obj.childRelationships.get(field.toLowerCase());
    if (child) return typeRef('List', typeRef(child.childObject));
    return null;
  }

  staticMember(type: string, member: string): Value | undefined {
    const t = type.toLowerCase();
    if (t === 'schema.sobjecttype' || t === 'sobjecttype') {
      const obj = this.schema.object(member);
      return obj ? describeObject(this, obj) : undefined;
    }
    const obj = this.schema.object(type.replace(/^schema\./i, ''));
    if (!obj) return undefined;
    if (member.toLowerCase() === 'sobjecttype') return this.typeToken(obj);
    const f = obj.fieldIndex.get(member.toLowerCase());
    return f ? this.fieldToken(obj, f) : undefined;
  }

  callStatic(type: string, method: string, args: Value[]): Value | undefined {
    const obj = this.schema.object(type);
    if (!obj) return undefined;
    const m = method.toLowerCase();
    // "SObject Class": getSObjectType() called on the type itself (`Account.getSObjectType()`)
    // gives the same token as `Account.SObjectType`.
    if (m === 'getsobjecttype' && args.length === 0) return this.typeToken(obj);
    if (obj.kind === 'metadata') return this.metadataStatic(obj, m, args);
    if (obj.kind === 'setting') return this.settingStatic(obj, m, args);
    return undefined;
  }

  snapshot(): StoreSnapshot {
    return this.store.snapshot();
  }

  restore(snapshot: unknown): void {
    this.fixedSearchResults = null;
    this.store.restore(snapshot as StoreSnapshot);
  }

  beginTransaction(): void {
    this.transactions.begin();
  }

  endTransaction(committed: boolean): void {
    this.transactions.end(committed);
  }

  /**
   * `Test.setFixedSearchResults(ids)`: what SOSL returns for the rest of the test method
   * (cleared when the test runner restores the data between methods).
   */
  fixedSearchResults: string[] | null = null;

  search(sosl: string, binds: BindResolver, isTest: boolean): Value {
    this.limits().consume('soslQueries', 1);
    const host = {
      query: (soql: string, b: BindResolver) => this.soql.execute(soql, b, { search: true }),
    };
    return search(host, sosl, binds, isTest, this.fixedSearchResults);
  }

  // -------------------------------------------------------------------------------------------
  // Helpers for the data layer

  requireObject(type: string): ObjectDef {
    const obj = this.schema.object(type);
    if (!obj) throw new ApexError('System.TypeException', `Invalid type: ${type}`);
    return obj;
  }

  /** A full record (every stored field) from a row: for triggers and `getInstance`. */
  rowToRecord(obj: ObjectDef, row: Row): SObjectValue {
    const rec = new SObjectValue(obj.name);
    for (const [k, v] of row) {
      if (k.startsWith(' ')) continue;
      if (v !== null) rec.fields.set(k, v);
    }
    return rec;
  }

  nextAutoNumber(obj: ObjectDef, f: FieldDef): string {
    const key = `${obj.name}.${f.name}`;
    const n = (this.autoNumbers.get(key) ?? 0) + 1;
    this.autoNumbers.set(key, n);
    const format = f.autoNumberFormat ?? '{0}';
    return format.replace(/\{(0+)\}/, (_m, zeros: string) => String(n).padStart(zeros.length, '0'));
  }

  /** The `SObjectType` token of an object (one instance per object, so `==` holds). */
  typeToken(obj: ObjectDef): NativeObject {
    let t = this.typeTokens.get(obj.name);
    if (!t)
      this.typeTokens.set(
        obj.name,
        (t = new NativeObject('Schema.SObjectType', { object: obj.name })),
      );
    return t;
  }

  /** The `SObjectField` token of a field (one instance per field). */
  fieldToken(obj: ObjectDef, f: FieldDef): NativeObject {
    const key = `${obj.name}.${f.name}`;
    let t = this.fieldTokens.get(key);
    if (!t)
      this.fieldTokens.set(
        key,
        (t = new NativeObject('Schema.SObjectField', { object: obj.name, field: f.name })),
      );
    return t;
  }

  /**
   * Write a record directly, bypassing triggers and validation: for platform-owned rows
   * (AsyncApexJob, CronTrigger, User, Profile …) that other parts of localorg maintain.
   * Returns the record's Id.
   */
  systemUpsert(type: string, fields: Record<string, Value>): string {
    const obj = this.requireObject(type);
    const table = this.store.table(obj.name);
    const given = fields.Id ?? fields.id;
    const id =
      typeof given === 'string'
        ? (to18OrNull(given) ?? (/^[0-9A-Za-z]{18}$/.test(given) ? given : to18(given)))
        : this.ids.next(obj.keyPrefix);
    const row = new Map<string, Value>(table.rows.get(id) ?? []);
    const now = new ApexDatetime(this.now());
    if (!table.rows.has(id)) {
      if (obj.fieldIndex.has('createddate')) {
        row.set('createddate', now);
        row.set('createdbyid', this.userId());
      }
      if (obj.fieldIndex.has('isdeleted')) row.set('isdeleted', false);
    }
    if (obj.fieldIndex.has('lastmodifieddate')) {
      row.set('lastmodifieddate', now);
      row.set('lastmodifiedbyid', this.userId());
      row.set('systemmodstamp', now);
    }
    for (const [k, v] of Object.entries(fields)) {
      const f = obj.fieldIndex.get(k.toLowerCase());
      if (!f) throw new ApexError('System.SObjectException', `Invalid field ${k} for ${obj.name}`);
      row.set(f.name.toLowerCase(), v);
    }
    row.set('id', id);
    // platform-owned rows are not part of the running transaction's isolated writes
    this.store.putCommitted(table, id, row);
    return id;
  }

  /**
   * A row the platform writes in the running transaction (rolled back with it), without
   * triggers or validation: its fields, an Id and the system fields of a new record.
   */
  private insertPlatformRow(type: string, fields: Record<string, Value>): string {
    const obj = this.requireObject(type);
    const id = this.ids.next(obj.keyPrefix);
    const stamp = new ApexDatetime(Math.floor(this.now() / 1000) * 1000);
    const row = new Map<string, Value>(Object.entries(fields));
    for (const k of ['createddate', 'lastmodifieddate', 'systemmodstamp'])
      if (obj.fieldIndex.has(k)) row.set(k, stamp);
    for (const k of ['createdbyid', 'lastmodifiedbyid'])
      if (obj.fieldIndex.has(k)) row.set(k, this.userId());
    if (obj.fieldIndex.has('isdeleted')) row.set('isdeleted', false);
    row.set('id', id);
    this.store.put(this.store.table(obj.name), id, row);
    return id;
  }

  /** `Test.setCreatedDate(recordId, createdDatetime)`. */
  setCreatedDate(recordId: string, created: ApexDatetime): void {
    const id = to18(recordId);
    const obj = this.schema.byKeyPrefix(id.slice(0, 3));
    const row = obj ? this.store.table(obj.name).rows.get(id) : undefined;
    if (!obj || !row) {
      throw new ApexError(
        'System.InvalidParameterValueException',
        `The sObject with the ID ${recordId} isn’t part of this transaction. Provide a valid ID.`,
      );
    }
    const next = new Map(row);
    next.set('createddate', created);
    this.store.put(this.store.table(obj.name), id, next);
  }

  /**
   * `Test.getStandardPricebookId()`: the org's standard price book, which a test may update and
   * add entries to (Apex Developer Guide, "Test Class"; "Testing Price Book Entries").
   */
  standardPricebookId(): string {
    const id = to18('01s000000000001');
    if (!this.store.table(this.requireObject('Pricebook2').name).rows.has(id)) {
      this.systemUpsert('Pricebook2', {
        Id: id,
        Name: 'Standard Price Book',
        IsActive: true,
        IsStandard: true,
      });
    }
    return id;
  }

  /**
   * Copy the async layer's job rows into the store before SOQL reads AsyncApexJob,
   * CronTrigger or CronJobDetail (parents such as `ApexClass.Name` become ApexClass rows).
   */
  syncAsyncRecords(): void {
    const provider = this.opts.asyncRecords?.();
    if (!provider) return;
    const sources: [string, SObjectValue[]][] = [
      ['CronJobDetail', provider.cronJobDetails()],
      ['CronTrigger', provider.cronTriggers()],
      ['AsyncApexJob', provider.asyncApexJobs()],
    ];
    for (const [type, records] of sources) {
      const obj = this.requireObject(type);
      const table = this.store.table(obj.name);
      for (const rec of records) {
        const id = rec.fields.get('id');
        if (typeof id !== 'string') continue;
        const row = new Map<string, Value>();
        for (const [k, v] of rec.fields) {
          const rel = obj.parentRelationships.get(k);
          if (rel && v instanceof SObjectValue) {
            if (row.has(rel.name.toLowerCase())) continue;
            const pid = v.fields.get('id');
            row.set(rel.name.toLowerCase(), typeof pid === 'string' ? pid : this.apexClassId(v));
          } else if (obj.fieldIndex.has(k)) {
            row.set(k, v);
          }
        }
        const before = table.rows.get(id);
        if (!before || [...row].some(([k, v]) => before.get(k) !== v))
          this.store.putCommitted(table, id, row);
      }
    }
  }

  private apexClassId(rec: SObjectValue): string | null {
    const name = rec.fields.get('name');
    return typeof name === 'string' ? this.apexClasses.idOf(name) : null;
  }

  // -------------------------------------------------------------------------------------------
  // Custom metadata

  private loadMetadataRecords(sources: MetadataRecordSource[]): void {
    const pending: [ObjectDef, string, FieldDef, string][] = [];
    for (const src of sources) {
      const obj = this.schema.object(src.type);
      if (!obj) continue;
      const fields: Record<string, Value> = {};
      for (const [name, { value }] of src.values) {
        const f = obj.fieldIndex.get(name.toLowerCase());
        if (!f)
          throw new Error(`localorg: ${src.type}.${src.developerName}: unknown field ${name}`);
        if (value === null) continue;
        if (isMetadataLink(f)) {
          pending.push([obj, src.developerName, f, value]);
          continue;
        }
        fields[f.name] = isDefinitionLink(f)
          ? this.definitions.durableValue(f, value, (name) => valueOf(obj, src, name))
          : metadataValue(f, value);
      }
      this.registerCustomMetadata([
        { type: obj.name, developerName: src.developerName, label: src.label, fields },
      ]);
    }
    for (const [obj, devName, f, value] of pending) {
      const target = this.schema.object(f.referenceTo[0])!;
      const ref = this.metadataByName(target, value.replace(/^.*\./, ''));
      const own = this.metadataByName(obj, devName);
      if (ref && own)
        this.systemUpsert(obj.name, {
          Id: own.get('id') as string,
          [f.name]: ref.get('id') as string,
        });
    }
  }

  /**
   * Add (or replace, by DeveloperName) custom metadata records, e.g. test doubles for
   * `Foo__mdt.getAll()` and SOQL. Restored away by `restore()` like any other write.
   */
  registerCustomMetadata(records: CustomMetadataRecord[]): void {
    for (const r of records) {
      const obj = this.requireObject(r.type);
      if (obj.kind !== 'metadata')
        throw new ApexError('System.TypeException', `${obj.name} is not a custom metadata type`);
      const existing = this.metadataByName(obj, r.developerName);
      const label = r.label ?? r.developerName;
      const ns = this.schema.namespace;
      const fields: Record<string, Value> = {
        DeveloperName: r.developerName,
        MasterLabel: label,
        Label: label,
        Language: 'en_US',
        NamespacePrefix: ns || null,
        QualifiedApiName: ns ? `${ns}__${r.developerName}` : r.developerName,
        ...(r.fields ?? {}),
      };
      // a checkbox is never null on the platform: an omitted one reads false
      const given = new Set(
        Object.keys(fields).map((k) => obj.fieldIndex.get(k.toLowerCase())?.name),
      );
      for (const f of obj.fields) {
        if (f.type === 'Checkbox' && !given.has(f.name)) fields[f.name] = false;
      }
      if (existing) fields.Id = existing.get('id') as string;
      this.systemUpsert(obj.name, fields);
    }
  }

  /**
   * Deployed custom metadata records (`Metadata.Operations.enqueueDeployment`): each record
   * replaces the one with its DeveloperName (fields not given become null). Rejected records
   * report a problem instead of throwing.
   */
  upsertCustomMetadata(
    records: readonly {
      type: string;
      developerName: string;
      label: string | null;
      values: readonly { field: string; value: Value }[];
    }[],
  ): { fullName: string; success: boolean; problem?: string }[] {
    // links to other custom metadata records name them; resolved once every record is in
    const links: { at: number; obj: ObjectDef; devName: string; f: FieldDef; name: string }[] = [];
    const results = records.map((r, at) => {
      const fullName = `${r.type.replace(/__mdt$/i, '')}.${r.developerName}`;
      const obj = this.schema.object(r.type);
      if (!obj || obj.kind !== 'metadata') {
        return { fullName, success: false, problem: `Unknown custom metadata type: ${r.type}` };
      }
      const fields: Record<string, Value> = {};
      for (const f of obj.fields) {
        if (f.custom) fields[f.name] = f.type === 'Checkbox' ? f.defaultValue === true : null;
      }
      for (const { field, value } of r.values) {
        const f = obj.fieldIndex.get(field.toLowerCase());
        if (!f || !f.custom) {
          return { fullName, success: false, problem: `Unknown field ${field} on ${obj.name}` };
        }
        if (isMetadataLink(f) && typeof value === 'string') {
          links.push({ at, obj, devName: r.developerName, f, name: value });
          continue;
        }
        try {
          fields[f.name] =
            typeof value === 'string' && apexTypeOf(f).name !== 'String'
              ? metadataValue(f, value)
              : coerceFieldValue(f, value);
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          return { fullName, success: false, problem: `${field}: ${message}` };
        }
      }
      this.registerCustomMetadata([
        {
          type: obj.name,
          developerName: r.developerName,
          label: r.label ?? r.developerName,
          fields,
        },
      ]);
      return { fullName, success: true };
    });
    for (const { at, obj, devName, f, name } of links) {
      if (!results[at].success) continue;
      const target = this.schema.object(f.referenceTo[0])!;
      const ns = this.schema.namespace ? `${this.schema.namespace}__` : '';
      const bare = name.replace(/^.*\./, '');
      const ref = this.metadataByName(
        target,
        ns && bare.toLowerCase().startsWith(ns.toLowerCase()) ? bare.slice(ns.length) : bare,
      );
      if (!ref) {
        results[at] = {
          fullName: results[at].fullName,
          success: false,
          problem: `${f.name}: there is no ${target.name} record named '${name}'`,
        };
        continue;
      }
      this.systemUpsert(obj.name, {
        Id: this.metadataByName(obj, devName)!.get('id') as string,
        [f.name]: ref.get('id') as string,
      });
    }
    return results;
  }

  private metadataByName(obj: ObjectDef, developerName: string): Row | undefined {
    const table = this.store.table(obj.name);
    const ids = table.index('developername').get(developerName.toLowerCase());
    const id = ids ? [...ids][0] : undefined;
    return id ? table.rows.get(id) : undefined;
  }

  private metadataRecord(obj: ObjectDef, row: Row): SObjectValue {
    const rec = this.rowToRecord(obj, row);
    for (const f of obj.fields) {
      const v = rec.fields.get(f.name.toLowerCase());
      if (f.type === 'LongTextArea' && typeof v === 'string' && v.length > 255) {
        rec.fields.set(f.name.toLowerCase(), v.slice(0, 255));
      }
    }
    return rec;
  }

  private metadataStatic(obj: ObjectDef, method: string, args: Value[]): Value | undefined {
    const table = this.store.table(obj.name);
    if (method === 'getall') {
      const map = new ApexMap(typeRef('String'), typeRef(obj.name));
      const rows = [...table.rows.values()].sort((a, b) =>
        String(a.get('developername')).localeCompare(String(b.get('developername'))),
      );
      for (const row of rows) {
        const name = row.get('developername') as string;
        map.entries.set(name, [name, this.metadataRecord(obj, row)]);
      }
      return map;
    }
    if (method === 'getinstance') {
      const key = args[0];
      if (typeof key !== 'string') return null;
      const byId =
        /^[a-zA-Z0-9]{18}$/.test(key) && key.startsWith(obj.keyPrefix)
          ? table.rows.get(key)
          : undefined;
      const row = byId ?? this.metadataByName(obj, key);
      return row ? this.metadataRecord(obj, row) : null;
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Custom settings

  private settingRows(obj: ObjectDef): Row[] {
    return [...this.store.table(obj.name).rows.values()].filter((r) => r.get('isdeleted') !== true);
  }

  private settingFor(obj: ObjectDef, ownerId: string): Row | undefined {
    return this.settingRows(obj).find((r) => r.get('setupownerid') === ownerId);
  }

  private settingStatic(obj: ObjectDef, method: string, args: Value[]): Value | undefined {
    if (obj.settingType === 'List') {
      if (method === 'getall') {
        const map = new ApexMap(typeRef('String'), typeRef(obj.name));
        for (const row of this.settingRows(obj)) {
          const name = row.get('name') as string;
          map.entries.set(name, [name, this.rowToRecord(obj, row)]);
        }
        return map;
      }
      if (method === 'getinstance' || method === 'getvalues') {
        const name = args[0];
        const row = this.settingRows(obj).find((r) => r.get('name') === name);
        return row ? this.rowToRecord(obj, row) : null;
      }
      return undefined;
    }
    switch (method) {
      case 'getorgdefaults': {
        const row = this.settingFor(obj, this.orgId());
        return row ? this.rowToRecord(obj, row) : this.emptySetting(obj, this.orgId());
      }
      case 'getvalues': {
        const id = args[0];
        if (typeof id !== 'string') return null;
        const row = this.settingFor(obj, to18(id));
        return row ? this.rowToRecord(obj, row) : null;
      }
      case 'getinstance': {
        const arg = args[0];
        const userId = typeof arg === 'string' ? to18(arg) : this.userId();
        const isProfile = userId.startsWith('00e');
        const own = this.settingFor(obj, userId);
        if (own) return this.rowToRecord(obj, own);
        const chain: string[] = [];
        if (!isProfile) {
          const profile = arg === undefined ? this.profileId() : this.userProfile(userId);
          if (profile) chain.push(profile);
        }
        chain.push(this.orgId());
        const rec = this.emptySetting(obj, userId);
        for (const owner of chain.reverse()) {
          const row = this.settingFor(obj, owner);
          if (!row) continue;
          for (const f of obj.fields) {
            if (!f.custom) continue;
            const v = row.get(f.name.toLowerCase());
            if (v !== undefined && v !== null) rec.fields.set(f.name.toLowerCase(), v);
          }
        }
        return rec;
      }
    }
    return undefined;
  }

  private userProfile(userId: string): string | null {
    const v = this.store.table('User').rows.get(userId)?.get('profileid');
    return typeof v === 'string' ? v : null;
  }

  /** A new setting record with the fields' default values and no Id. */
  private emptySetting(obj: ObjectDef, ownerId: string): SObjectValue {
    const rec = new SObjectValue(obj.name);
    for (const f of obj.fields) {
      if (f.defaultValue === undefined) continue;
      rec.fields.set(
        f.name.toLowerCase(),
        typeof f.defaultValue === 'number' ? new Decimal(f.defaultValue) : f.defaultValue,
      );
    }
    rec.fields.set('setupownerid', ownerId);
    return rec;
  }

  /** The records of a `Database.QueryLocator` (what `platform/async` reads for Batch Apex). */
  fieldErrors(record: SObjectValue): RowError[] {
    const error = this.dmlEngine.fieldError(this.requireObject(record.type), record, true);
    return error ? [error] : [];
  }

  queryLocatorRecords(locator: Value): SObjectValue[] {
    return queryLocatorRecords(locator);
  }

  /** A shallow copy of a record for callers that must not share it. */
  copy(rec: SObjectValue): SObjectValue {
    return copyRecord(rec);
  }
}

/** A metadata relationship to another custom metadata type (its value names the record). */
function isMetadataLink(f: FieldDef): boolean {
  return f.type === 'MetadataRelationship' && f.referenceTo.some((r) => r.endsWith('__mdt'));
}

/** A metadata relationship to an entity or field definition (its value is a `DurableId`). */
function isDefinitionLink(f: FieldDef): boolean {
  return f.type === 'MetadataRelationship' && isDurableKeyed(f.referenceTo[0] ?? '');
}

/** The text a `.md-meta.xml` record gives the field `name` of its type `obj`. */
function valueOf(obj: ObjectDef, src: MetadataRecordSource, name: string): string | null {
  const want = obj.fieldIndex.get(name.toLowerCase());
  for (const [field, { value }] of src.values) {
    if (obj.fieldIndex.get(field.toLowerCase()) === want) return value;
  }
  return null;
}

/** Typed value of a custom metadata field from its XML text. */

function metadataValue(f: FieldDef, text: string): Value {
  switch (apexTypeOf(f).name) {
    case 'Boolean':
      return text === 'true';
    case 'Decimal':
      return new Decimal(text);
    case 'Integer':
      return Number(text);
    case 'Date': {
      const [y, m, d] = text.slice(0, 10).split('-').map(Number);
      return new ApexDate(y, m, d);
    }
    case 'Datetime':
      return new ApexDatetime(Date.parse(text));
    default:
      return text;
  }
}
