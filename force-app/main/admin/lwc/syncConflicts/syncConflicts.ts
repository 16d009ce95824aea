import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import listConflicts from '@salesforce/apex/ConflictsController.listConflicts';
import keep from '@salesforce/apex/ConflictsController.keep';
import { errorMessage } from 'c/apexError';
import { toLines, type Conflict, type ConflictLine } from './conflictLines';

interface RowActionEvent {
  detail: { action: { name: string }; row: ConflictLine };
}

const COLUMNS = [
  { label: 'Record', fieldName: 'record' },
  { label: 'Option', fieldName: 'optionName' },
  { label: 'Field', fieldName: 'field' },
  { label: 'Salesforce value', fieldName: 'salesforce', wrapText: true },
  { label: 'API value', fieldName: 'api', wrapText: true },
  { label: 'Won', fieldName: 'winner' },
  {
    label: 'Decided',
    fieldName: 'decided',
    type: 'date',
    typeAttributes: { month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' },
  },
  {
    type: 'action',
    typeAttributes: {
      rowActions: [
        { label: "Keep Salesforce's values", name: 'Salesforce' },
        { label: "Keep the API's values", name: 'Api' },
      ],
    },
  },
];

/**
 * The open conflicts of two-way pairs (both sides changed a field since the last sync), one line
 * per field with both values and the side the pair's policy chose. Keeping a side's values
 * writes them to the record (the export sends them on when the API holds others).
 */
export default class SyncConflicts extends LightningElement {
  columns = COLUMNS;
  lines: ConflictLine[] = [];
  loading = false;
  error: string | null = null;

  override connectedCallback(): void {
    this.load();
  }

  get hasLines(): boolean {
    return this.lines.length > 0;
  }

  get isEmpty(): boolean {
    return !this.loading && !this.error && this.lines.length === 0;
  }

  /** Lists the open conflicts; never rejects (a failure is shown). */
  async load(): Promise<void> {
    this.loading = true;
    try {
      const conflicts = ((await listConflicts({ optionName: null })) as Conflict[] | null) ?? [];
      this.lines = toLines(conflicts);
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  async handleRowAction(event: RowActionEvent): Promise<void> {
    const side = event.detail.action.name;
    const line = event.detail.row;
    try {
      await keep({ writeId: line.conflictId, side });
      this.toast(
        'success',
        `${line.record}: ${side === 'Api' ? "the API's" : "Salesforce's"} values kept.`,
      );
      await this.load();
    } catch (e) {
      this.toast('error', errorMessage(e));
    }
  }

  handleRefresh(): void {
    this.load();
  }

  private toast(variant: 'success' | 'error', message: string): void {
    this.dispatchEvent(new ShowToastEvent({ title: 'Conflicts', message, variant }));
  }
}
