/** The part of formulon (Salesforce formulas in JavaScript) localorg uses. */
declare module 'formulon' {
  export type FormulonDataType =
    'number' | 'text' | 'checkbox' | 'date' | 'time' | 'datetime' | 'geolocation' | 'null';

  export interface FormulonLiteral {
    type: 'literal';
    dataType: FormulonDataType;
    value: unknown;
    options?: Record<string, number>;
  }

  export interface FormulonError {
    type: 'error';
    errorType: string;
    message: string;
  }

  export function parse(
    formula: string,
    identifiers?: Record<string, FormulonLiteral>,
  ): FormulonLiteral | FormulonError;

  export function extract(formula: string): string[];
}
