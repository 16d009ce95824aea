/** Schema, SObjects, DML, SOQL, custom metadata and settings: the org's database. */
import type { NativeClass } from '../../runtime/native';
import { dataNatives } from './natives';
import { OrgDataService, type DataServiceOptions } from './service';

export { OrgDataService, type DataServiceOptions, type CustomMetadataRecord } from './service';
export { queryLocatorRecords, STATUS_CODE } from './natives';
export {
  dmlExceptionMessage,
  type DmlExceptionData,
  type DmlExceptionRow,
  type RowResult,
} from './dml';
export type { RowError } from './sobject';
export { idSuffix, isValidId, to18, to18OrNull } from './ids';

/**
 * Create the org database for a project: the standard schema plus the objects, fields and
 * custom metadata records under the package directories of `sfdx-project.json`.
 */
export function createDataService(options: DataServiceOptions): OrgDataService {
  return new OrgDataService(options);
}

/** Apex classes of the data layer (`Database`, `Schema`, `Database.SaveResult` …). */
export const dataClasses: NativeClass[] = dataNatives;
