/**
 * The Apex calls of the failures view, typed: `FailuresController` (failed write-log rows across
 * runs, a record's history, retry, dismiss) and the options of `RunsController`, by label.
 */
import getFilterChoicesApex from '@salesforce/apex/RunsController.getFilterChoices';
import listFailuresApex from '@salesforce/apex/FailuresController.listFailures';
import recordHistoryApex from '@salesforce/apex/FailuresController.recordHistory';
import retryApex from '@salesforce/apex/FailuresController.retry';
import dismissApex from '@salesforce/apex/FailuresController.dismiss';

/** A write-log row as `FailuresController` returns it (members that are null are left out). */
export interface FailureRow {
  id: string;
  runId?: string;
  runTrigger?: string;
  runCreated?: string;
  optionName?: string;
  /** The option's label (its name when the configuration no longer holds it). */
  optionLabel?: string;
  action?: string;
  state?: string;
  recordId?: string;
  recordIdentifier?: string;
  statusCode?: number;
  message?: string;
  attempts?: number;
  modified?: string;
  modifiedBy?: string;
}

export interface FailurePage {
  rows: FailureRow[];
  total: number;
  hasMore: boolean;
  truncated: boolean;
}

/** What `listFailures` filters by; null for no filter. */
export interface FailureFilter {
  recordKey: string | null;
  optionName: string | null;
  errorText: string | null;
  fromDate: string | null;
  toDate: string | null;
  limitSize: number;
  offsetSize: number;
}

export async function listFailures(filter: FailureFilter): Promise<FailurePage> {
  const page = (await listFailuresApex({ ...filter })) as Partial<FailurePage>;
  return {
    rows: page.rows ?? [],
    total: page.total ?? 0,
    hasMore: page.hasMore === true,
    truncated: page.truncated === true,
  };
}

export async function recordHistory(recordKey: string): Promise<FailureRow[]> {
  return ((await recordHistoryApex({ recordKey })) as FailureRow[] | null) ?? [];
}

/** Retries failed rows; resolves with how many were retried. */
export async function retryRows(writeIds: string[]): Promise<number> {
  return (await retryApex({ writeIds })) as number;
}

/** Dismisses failed rows; resolves with how many were dismissed. */
export async function dismissRows(writeIds: string[]): Promise<number> {
  return (await dismissApex({ writeIds })) as number;
}

/** An option to filter by: its label shown, its name the value. */
export interface OptionChoice {
  label: string;
  value: string;
}

/** The options, for the option filter: by label, as the runs list shows them. */
export async function optionChoices(): Promise<OptionChoice[]> {
  const choices = (await getFilterChoicesApex()) as {
    options?: string[];
    optionLabels?: Record<string, string>;
  };
  return (choices.options ?? [])
    .map((value) => ({ label: choices.optionLabels?.[value] ?? value, value }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
