import { LightningElement, api } from 'lwc';
import {
  composeGraphQl,
  splitGraphQl,
  templateError,
  unknownPlaceholders,
  variablesError,
  type Placeholder,
} from './requestBody';

export type { Placeholder } from './requestBody';
export { splitGraphQl, templateError } from './requestBody';

const MODES = [
  { label: 'JSON body', value: 'json' },
  { label: 'GraphQL query and variables', value: 'graphql' },
];

/**
 * The request body template of an import (`Request_Body__c`): JSON typed as it is, or a GraphQL
 * query and its variables, put together as `{"query": …, "variables": …}`. Lists the placeholders
 * the option's parameters fill (`"{{after}}"`), says when the JSON cannot be read and names the
 * placeholders no parameter fills. Fires `change` with `{ value }`: the template, or null for none.
 */
export default class SyncRequestBody extends LightningElement {
  /** The template, or null for none. */
  @api value: string | null = null;
  /** The request parameters the option sends, which the template can place. */
  @api placeholders: Placeholder[] = [];
  /** Whether an empty body starts as a GraphQL query (the option pages the GraphQL way). */
  @api graphql = false;

  /** The mode the admin chose or typed in; until then, the one the body or the paging says. */
  private chosen: string | null = null;
  query = '';
  variables = '';

  override connectedCallback(): void {
    const split = splitGraphQl(this.value);
    this.query = split?.query ?? '';
    this.variables = split?.variables ?? '';
  }

  get mode(): string {
    if (this.chosen) return this.chosen;
    if (this.value) return splitGraphQl(this.value) ? 'graphql' : 'json';
    return this.graphql ? 'graphql' : 'json';
  }

  get modeOptions(): { label: string; value: string }[] {
    return MODES;
  }

  get isGraphQl(): boolean {
    return this.mode === 'graphql';
  }

  get error(): string | null {
    if (!this.isGraphQl) return templateError(this.value);
    if (!this.query.trim() && this.variables.trim()) return 'A GraphQL body needs its query.';
    return variablesError(this.variables);
  }

  get unknownText(): string | null {
    const unknown = unknownPlaceholders(this.value, this.placeholders);
    return unknown.length === 0
      ? null
      : `No parameter of this option fills ${unknown.map((n) => `{{${n}}}`).join(', ')}: sent as null.`;
  }

  get placeholderItems(): { key: string; text: string; meaning: string }[] {
    return this.placeholders.map((p) => ({
      key: p.name,
      text: p.numeric ? `"{{${p.name}:number}}"` : `"{{${p.name}}}"`,
      meaning: p.meaning,
    }));
  }

  get hasPlaceholders(): boolean {
    return this.placeholders.length > 0;
  }

  get bodyHint(): string {
    return '{"filter": {"updated_since": "{{updated_since}}"}, "limit": "{{limit:number}}"}';
  }

  get queryHint(): string {
    return 'query($after: String) { invoices(first: 50, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } } }';
  }

  get variablesHint(): string {
    return '{"after": "{{after}}"}';
  }

  handleMode(event: CustomEvent<{ value: string }>): void {
    event.stopPropagation();
    this.chosen = event.detail.value;
    const split = splitGraphQl(this.value);
    if (this.isGraphQl && split) {
      this.query = split.query;
      this.variables = split.variables;
    }
  }

  handleBody(event: CustomEvent<{ value: string }>): void {
    event.stopPropagation();
    this.send(event.detail.value);
  }

  handleQuery(event: CustomEvent<{ value: string }>): void {
    event.stopPropagation();
    this.query = event.detail.value ?? '';
    this.send(composeGraphQl(this.query, this.variables));
  }

  handleVariables(event: CustomEvent<{ value: string }>): void {
    event.stopPropagation();
    this.variables = event.detail.value ?? '';
    this.send(composeGraphQl(this.query, this.variables));
  }

  private send(value: string | null): void {
    // typing keeps the mode, even while the text is not yet what the mode reads
    this.chosen = this.mode;
    const template = value && value.trim() ? value : null;
    this.dispatchEvent(new CustomEvent('change', { detail: { value: template } }));
  }
}
