/** Schema, SObjects, DML, SOQL, custom metadata and settings: the org's database. */
import type { NativeClass } from '../../runtime/native';

/** Apex classes of the data layer (`Database`, `Schema`, `Database.SaveResult` …). */
export const dataClasses: NativeClass[] = [];
