/**
 * The message to show for an error of an Apex call or a wire: the `AuraHandledException`'s
 * message the controllers send (`error.body.message`), each message of a list of errors
 * (`error.body` as an array, e.g. from UI API), or the message of a plain `Error`.
 */
export function errorMessage(error: unknown): string {
  const body = (error as { body?: unknown } | null)?.body;
  if (Array.isArray(body)) {
    return body.map((part: { message?: string }) => part.message ?? '').join(', ');
  }
  const fromBody = (body as { message?: unknown } | undefined)?.message;
  if (typeof fromBody === 'string' && fromBody) return fromBody;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again, and ask your Salesforce admin if it keeps failing.';
}
