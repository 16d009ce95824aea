/** Schema, SObjects, DML, SOQL, custom metadata and settings: the org's database. */
import type { NativeClass } from '../../runtime/native';
import { addressClass } from './address';
import { appMenuClass } from './app-menu';
import { dataNatives } from './natives';
import type { ApexDatetime } from '../../runtime/values';
import type { DataService } from '../services';
import { OrgDataService, type CustomMetadataRecord, type DataServiceOptions } from './service';

export {
  OrgDataService,
  type AsyncRecords,
  type DataServiceOptions,
  type CustomMetadataRecord,
  type OptInRules,
} from './service';
export { queryLocatorRecords, STATUS_CODE } from './natives';
export {
  dmlExceptionMessage,
  type DmlExceptionData,
  type DmlExceptionRow,
  type RowResult,
} from './dml';
export type { RowError } from './sobject';
export { idSuffix, isValidId, to18, to18OrNull } from '../../runtime/ids';

/**
 * Create the org database for a project: the standard schema plus the objects, fields and
 * custom metadata records under the package directories of `sfdx-project.json`.
 */
export function createDataService(options: DataServiceOptions): OrgDataService {
  return new OrgDataService(options);
}

/**
 * `Test.setCreatedDate(recordId, createdDatetime)` against the org database behind `data`.
 * Raises `System.InvalidParameterValueException` for an Id not in the database.
 */
export function setCreatedDate(data: DataService, recordId: string, created: ApexDatetime): void {
  asOrgData(data).setCreatedDate(recordId, created);
}

/**
 * Add custom metadata records for tests (`Foo__mdt.getAll()`, `getInstance()`, SOQL); records
 * with an existing DeveloperName replace it. Rolled back with the test's database snapshot.
 */
export function registerCustomMetadata(data: DataService, records: CustomMetadataRecord[]): void {
  asOrgData(data).registerCustomMetadata(records);
}

/**
 * The `CustomMetadataStore` of `platform/async` (metadata deploys from Apex) over the org
 * database behind `data`.
 */
export function customMetadataStore(data: DataService): {
  upsert: OrgDataService['upsertCustomMetadata'];
} {
  const svc = asOrgData(data);
  return { upsert: (records) => svc.upsertCustomMetadata(records) };
}

function asOrgData(data: DataService): OrgDataService {
  if (!(data instanceof OrgDataService)) throw new Error('localorg: not an OrgDataService');
  return data;
}

/** Apex classes of the data layer (`Database`, `Schema`, `Database.SaveResult` …). */
export const dataClasses: NativeClass[] = [...dataNatives, appMenuClass, addressClass];
