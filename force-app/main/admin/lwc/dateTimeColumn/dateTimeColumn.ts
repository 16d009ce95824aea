/**
 * How the admin's data tables show a date-time column: the `typeAttributes` of a
 * `lightning-datatable` column of type `date`.
 * @returns the attributes: year, short month, day, hour and minute
 */
export function dateTime(): Record<string, string> {
  return { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' };
}
