/**
 * The conflicts of two-way pairs as `ConflictsController.listConflicts` returns them, and the
 * lines of the conflicts table: one per field both sides changed.
 */
export interface ConflictField {
  field: string;
  salesforceValue?: string;
  apiValue?: string;
  winner: string;
}

export interface Conflict {
  id: string;
  optionName?: string;
  recordId?: string;
  recordIdentifier?: string;
  decided?: string;
  decision?: string;
  fields?: ConflictField[];
}

export interface ConflictLine {
  key: string;
  conflictId: string;
  record: string;
  optionName: string;
  field: string;
  salesforce: string;
  api: string;
  winner: string;
  decided: string;
}

/** What the table shows for a value the side did not hold. */
export const NO_VALUE = '(empty)';

export function winnerLabel(winner: string): string {
  return winner === 'Api' ? 'API' : 'Salesforce';
}

export function toLines(conflicts: Conflict[]): ConflictLine[] {
  return conflicts.flatMap((conflict) =>
    (conflict.fields ?? []).map((field) => ({
      key: `${conflict.id}:${field.field}`,
      conflictId: conflict.id,
      record: conflict.recordIdentifier ?? conflict.recordId ?? '',
      optionName: conflict.optionName ?? '',
      field: field.field,
      salesforce: field.salesforceValue ?? NO_VALUE,
      api: field.apiValue ?? NO_VALUE,
      winner: winnerLabel(field.winner),
      decided: conflict.decided ?? '',
    })),
  );
}
