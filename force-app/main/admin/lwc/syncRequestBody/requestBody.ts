/**
 * The request body template of an import (`Request_Body__c`), as `RequestBody` in Apex reads it:
 * JSON in which a string `"{{name}}"` takes the request parameter `name` (`"{{name:number}}"` as a
 * number); for a GraphQL API, `{"query": "…", "variables": {…}}`.
 */

/** A request parameter of the option that a template can place. */
export interface Placeholder {
  name: string;
  /** What the parameter carries, for the admin. */
  meaning: string;
  /** Whether it is a number (`"{{name:number}}"`). */
  numeric: boolean;
}

const PLACEHOLDER = /\{\{([A-Za-z0-9_.$-]+)(:number)?\}\}/g;

/** Why a template cannot be sent, or null: Conduit sends it as JSON, so it must be JSON. */
export function templateError(text: string | null): string | null {
  if (!text || !text.trim()) return null;
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    return `The request body is not valid JSON: ${(e as Error).message}`;
  }
}

/** Why GraphQL variables cannot be sent, or null: they must be a JSON object. */
export function variablesError(variables: string): string | null {
  if (!variables.trim()) return null;
  try {
    const parsed: unknown = JSON.parse(variables);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? null
      : 'The variables must be a JSON object, e.g. {"after": "{{after}}"}.';
  } catch (e) {
    return `The variables are not valid JSON: ${(e as Error).message}`;
  }
}

/** A GraphQL body's query and variables (as text), or null when the template is not one. */
export function splitGraphQl(text: string | null): { query: string; variables: string } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { query, variables, ...rest } = parsed as Record<string, unknown>;
  if (typeof query !== 'string' || Object.keys(rest).length > 0) return null;
  return {
    query,
    variables: variables === undefined ? '' : JSON.stringify(variables, null, 2),
  };
}

/**
 * The body of a GraphQL query and its variables; null when both are empty. Variables that are not
 * JSON are kept as written, so the body says what is wrong with them instead of losing them.
 */
export function composeGraphQl(query: string, variables: string): string | null {
  if (!query.trim() && !variables.trim()) return null;
  const vars = variables.trim();
  return `{\n  "query": ${JSON.stringify(query)}${vars ? `,\n  "variables": ${vars}` : ''}\n}`;
}

/** The placeholders of a template that name no parameter of the option: sent as null. */
export function unknownPlaceholders(text: string | null, placeholders: Placeholder[]): string[] {
  const known = new Set(placeholders.map((p) => p.name));
  const unknown = [...(text ?? '').matchAll(PLACEHOLDER)]
    .map((m) => m[1])
    .filter((name) => !known.has(name));
  return [...new Set(unknown)];
}
