import { dateTime } from 'c/dateTimeColumn';

/**
 * The columns of the list of runs. Those with `sortable` are sorted by the server (the list is
 * paged): `RunsController.listRuns` takes their field names; the written records and the
 * duration are sums and differences it cannot sort by.
 */
export const RUN_COLUMNS = [
  {
    label: 'Created',
    fieldName: 'created',
    type: 'date',
    typeAttributes: dateTime(),
    sortable: true,
  },
  { label: 'Option', fieldName: 'optionLabel', sortable: true },
  { label: 'Plan', fieldName: 'planLabel', sortable: true },
  { label: 'Status', fieldName: 'status', sortable: true },
  { label: 'Started by', fieldName: 'triggerSource', sortable: true },
  { label: 'User', fieldName: 'startedByName', sortable: true },
  { label: 'Fetched', fieldName: 'fetched', type: 'number', sortable: true },
  { label: 'Written', fieldName: 'written', type: 'number' },
  { label: 'Failed', fieldName: 'failed', type: 'number', sortable: true },
  { label: 'Duration', fieldName: 'duration' },
  {
    type: 'button',
    typeAttributes: { label: 'Details', name: 'details', variant: 'base' },
    fixedWidth: 100,
  },
];

/** The columns of a run's write-log rows. */
export const WRITE_COLUMNS = [
  { label: 'Record', fieldName: 'recordIdentifier' },
  { label: 'Salesforce Id', fieldName: 'recordId' },
  { label: 'Action', fieldName: 'action' },
  { label: 'State', fieldName: 'state' },
  { label: 'API status', fieldName: 'statusCode', type: 'number' },
  { label: 'Message', fieldName: 'message', wrapText: true },
  { label: 'Attempts', fieldName: 'attempts', type: 'number' },
  {
    type: 'button',
    typeAttributes: { label: 'Changes', name: 'changes', variant: 'base' },
    fixedWidth: 110,
  },
];
