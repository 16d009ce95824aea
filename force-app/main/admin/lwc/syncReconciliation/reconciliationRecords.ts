import NAME from '@salesforce/schema/Sync_Reconciliation__c.Name';
import OPTION from '@salesforce/schema/Sync_Reconciliation__c.Option__c';
import STATUS from '@salesforce/schema/Sync_Reconciliation__c.Status__c';
import STARTED from '@salesforce/schema/Sync_Reconciliation__c.Started__c';
import FINISHED from '@salesforce/schema/Sync_Reconciliation__c.Finished__c';
import MESSAGE from '@salesforce/schema/Sync_Reconciliation__c.Message__c';
import MATCHED_EQUAL from '@salesforce/schema/Sync_Reconciliation__c.Matched_Equal__c';
import DIFFERENT from '@salesforce/schema/Sync_Reconciliation__c.Different__c';
import ONLY_IN_API from '@salesforce/schema/Sync_Reconciliation__c.Only_In_Api__c';
import ONLY_IN_SALESFORCE from '@salesforce/schema/Sync_Reconciliation__c.Only_In_Salesforce__c';
import CHANGED_DURING from '@salesforce/schema/Sync_Reconciliation__c.Changed_During__c';
import UNMAPPED from '@salesforce/schema/Sync_Reconciliation__c.Unmapped__c';
import DIFFERENCE_NAME from '@salesforce/schema/Sync_Difference__c.Name';
import CATEGORY from '@salesforce/schema/Sync_Difference__c.Category__c';
import RECORD_IDENTIFIER from '@salesforce/schema/Sync_Difference__c.Record_Identifier__c';
import RECORD_ID from '@salesforce/schema/Sync_Difference__c.Record_Id__c';
import FIELDS from '@salesforce/schema/Sync_Difference__c.Fields__c';
import DIFFERENCE_MESSAGE from '@salesforce/schema/Sync_Difference__c.Message__c';
import DIFFERENCE_STATUS from '@salesforce/schema/Sync_Difference__c.Status__c';
import DISMISS_REASON from '@salesforce/schema/Sync_Difference__c.Dismiss_Reason__c';

/** An SObject as an `@AuraEnabled` method returns it: its fields by API name, nulls left out. */
export type SObjectRecord = Record<string, unknown> & { Id: string };

/** A reconciliation with its totals, read from a `Sync_Reconciliation__c`. */
export interface ReconciliationRow {
  id: string;
  name: string;
  optionName: string;
  status: string;
  started?: string;
  finished?: string;
  message: string;
  matchedEqual: number;
  different: number;
  onlyInApi: number;
  onlyInSalesforce: number;
  changedDuring: number;
  unmapped: number;
}

/** One field of a difference: the Salesforce value beside the API value, as text. */
export interface FieldValues {
  field: string;
  salesforce: string;
  api: string;
}

/** A difference, read from a `Sync_Difference__c`. */
export interface DifferenceRecord {
  id: string;
  name: string;
  category: string;
  recordIdentifier: string;
  recordId: string;
  status: string;
  message: string;
  dismissReason: string;
  fields: FieldValues[];
}

/** The categories of `Sync_Difference__c.Category__c`, with the words the view uses. */
export const CATEGORIES: { value: string; label: string }[] = [
  { value: 'Different', label: 'Different' },
  { value: 'Only_In_Api', label: 'Only in API' },
  { value: 'Only_In_Salesforce', label: 'Only in Salesforce' },
  { value: 'Changed_During', label: 'Changed during reconciliation' },
  { value: 'Unmapped', label: 'Unmapped' },
];

/**
 * A field's value by its schema reference, so that the view reads `conduit__Status__c` where the
 * package is installed and `Status__c` where it is not.
 */
function read(record: SObjectRecord, reference: { fieldApiName: string }): unknown {
  return record[reference.fieldApiName];
}

function text(record: SObjectRecord, reference: { fieldApiName: string }): string {
  const value = read(record, reference);
  return value === undefined || value === null ? '' : String(value);
}

function count(record: SObjectRecord, reference: { fieldApiName: string }): number {
  const value = read(record, reference);
  return typeof value === 'number' ? value : 0;
}

function optionalText(
  record: SObjectRecord,
  reference: { fieldApiName: string },
): string | undefined {
  return text(record, reference) || undefined;
}

/** The view's row of a `Sync_Reconciliation__c`; a total that is not set counts 0. */
export function toReconciliation(record: SObjectRecord): ReconciliationRow {
  return {
    id: record.Id,
    name: text(record, NAME),
    optionName: text(record, OPTION),
    status: text(record, STATUS),
    started: optionalText(record, STARTED),
    finished: optionalText(record, FINISHED),
    message: text(record, MESSAGE),
    matchedEqual: count(record, MATCHED_EQUAL),
    different: count(record, DIFFERENT),
    onlyInApi: count(record, ONLY_IN_API),
    onlyInSalesforce: count(record, ONLY_IN_SALESFORCE),
    changedDuring: count(record, CHANGED_DURING),
    unmapped: count(record, UNMAPPED),
  };
}

/** The view's row of a `Sync_Difference__c`, its `Fields__c` JSON read into field values. */
export function toDifference(record: SObjectRecord): DifferenceRecord {
  return {
    id: record.Id,
    name: text(record, DIFFERENCE_NAME),
    category: text(record, CATEGORY),
    recordIdentifier: text(record, RECORD_IDENTIFIER),
    recordId: text(record, RECORD_ID),
    status: text(record, DIFFERENCE_STATUS),
    message: text(record, DIFFERENCE_MESSAGE),
    dismissReason: text(record, DISMISS_REASON),
    fields: parseFields(text(record, FIELDS)),
  };
}

/**
 * `Fields__c` (`[{"field", "salesforce", "api"}]`) as text values: a missing value is empty,
 * a number or boolean is shown as JSON writes it. Text that is not such a list gives no fields
 * (the ledger leaves the field empty when the list is too long to store).
 */
export function parseFields(json: string): FieldValues[] {
  if (!json.trim()) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.map((entry: { field?: unknown; salesforce?: unknown; api?: unknown }) => ({
    field: valueText(entry.field),
    salesforce: valueText(entry.salesforce),
    api: valueText(entry.api),
  }));
}

function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `Only_In_Api` → `Only in API`; an unknown category as it is. */
export function categoryLabel(category: string): string {
  return CATEGORIES.find((choice) => choice.value === category)?.label ?? category;
}
