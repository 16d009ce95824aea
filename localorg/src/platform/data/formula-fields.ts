/**
 * Formula fields computed on read, as the platform computes them when a query returns them
 * (Salesforce Help, "Formula Data Types", "Treat blank fields as zeroes"): the formula is
 * evaluated by formulon on the row's fields and its parents' (`Account.Name`), its result
 * kept as the field's type and scale keep a stored value. Formulas reading the clock or
 * global variables, and formula fields of types localorg cannot return, are refused loudly.
 */
import { extract } from 'formulon';
import { CLOCK_FUNCTIONS, evaluateFormula, type FormulaInput } from '../../runtime/stdlib/formula';
import { NotSupportedError, type TypeRef, type Value } from '../../runtime/values';
import { roundedToScale, storedValue } from './dml';
import type { FieldDef, FieldType } from './schema';

const RETURN_TYPES: Partial<Record<FieldType, string>> = {
  Checkbox: 'BOOLEAN',
  Text: 'STRING',
  TextArea: 'STRING',
  LongTextArea: 'STRING',
  Html: 'STRING',
  Email: 'STRING',
  Phone: 'STRING',
  Url: 'STRING',
  Number: 'DECIMAL',
  Currency: 'DECIMAL',
  Percent: 'DECIMAL',
  Date: 'DATE',
  DateTime: 'DATETIME',
  Time: 'TIME',
};

/** A referenced field's current value and Apex type (a SOQL path from the formula's object). */
export type FormulaReader = (path: string) => { value: Value; type: TypeRef };

/** The value of a formula field for one row. */
export function formulaFieldValue(field: FieldDef, read: FormulaReader): Value {
  const formula = field.formula ?? '';
  const returnType = RETURN_TYPES[field.type];
  if (!returnType) throw new NotSupportedError(`formula field ${field.name} of type ${field.type}`);
  if (CLOCK_FUNCTIONS.test(formula)) {
    throw new NotSupportedError(
      `formula field ${field.name}: TODAY(), NOW() and TIMENOW() (formulon reads the machine clock)`,
    );
  }
  const inputs: FormulaInput[] = extract(formula).map((path) => {
    if (path.startsWith('$')) {
      throw new NotSupportedError(`formula field ${field.name}: global variable ${path}`);
    }
    return { path, ...read(path) };
  });
  const value = evaluateFormula(formula, inputs, returnType, field.formulaBlanksAsZero !== false);
  return roundedToScale(field, storedValue(field, value));
}
