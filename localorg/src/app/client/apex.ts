/**
 * Stand-in for `@salesforce/apex` and `@salesforce/apex/Class.method`: the imported method is a
 * function that calls the `@AuraEnabled` method on the local server (`POST /apex/Class/method`,
 * body `{ "params": {…} }`, answer `{ ok, value | error }`) and returns a Promise, and it is
 * also a wire adapter, as on the platform:
 * - a wired value is `{ data, error }`, both undefined until the first response;
 * - a parameter whose value is `undefined` stops the call (`null` is sent);
 * - wired results are cached per method and parameters and shared by every component on the
 *   page until `refreshApex(value)` fetches them again;
 * - wired data is read-only (frozen);
 * - an error is the platform's response shape: `{ status, statusText, ok: false, body: {
 *   message, exceptionType, stackTrace, isUserDefinedException }, headers }`.
 */
import type { WireAdapter, WireConfigValue, WireDataCallback } from 'lwc';

export interface ApexError {
  status: number;
  statusText: string;
  ok: false;
  headers: Record<string, string>;
  body: {
    message: string;
    exceptionType?: string;
    stackTrace?: string;
    isUserDefinedException?: boolean;
  };
}

export interface WiredValue {
  data: unknown;
  error: ApexError | undefined;
}

type Params = Record<string, unknown> | undefined;

async function call(className: string, method: string, params: Params, cacheable: boolean) {
  let response: Response;
  try {
    response = await fetch(`/apex/${encodeURIComponent(className)}/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ params: params ?? {}, cacheable }),
    });
  } catch (e) {
    throw apexError(0, 'Network Error', { message: (e as Error).message });
  }
  if (!response.ok)
    throw apexError(response.status, response.statusText, { message: await response.text() });
  const result = (await response.json()) as
    { ok: true; value: unknown } | { ok: false; error: ApexError['body'] };
  if (result.ok) return result.value;
  throw apexError(500, 'Server Error', result.error);
}

function apexError(status: number, statusText: string, body: ApexError['body']): ApexError {
  return { status, statusText, ok: false, headers: {}, body };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** One cached wired call: its latest value and the adapters showing it. */
interface CacheEntry {
  value: WiredValue;
  pending: Promise<void> | null;
  adapters: Set<ApexWireAdapter>;
  fetch: () => Promise<void>;
}

const cache = new Map<string, CacheEntry>();
/** Which cache entry a provisioned value came from, for `refreshApex`. */
const provenance = new WeakMap<object, CacheEntry>();

function cacheEntry(className: string, method: string, params: Params): CacheEntry {
  const key = `${className}.${method}:${JSON.stringify(params, Object.keys(params ?? {}).sort())}`;
  let entry = cache.get(key);
  if (!entry) {
    const created: CacheEntry = {
      value: { data: undefined, error: undefined },
      pending: null,
      adapters: new Set(),
      fetch: () =>
        (created.pending ??= call(className, method, params, true)
          .then(
            (data) => ({ data: deepFreeze(data), error: undefined }),
            (error: ApexError) => ({ data: undefined, error }),
          )
          .then((value: WiredValue) => {
            created.value = value;
            created.pending = null;
            provenance.set(value, created);
            for (const adapter of created.adapters) adapter.emit(value);
          })),
    };
    cache.set(key, created);
    entry = created;
  }
  return entry;
}

class ApexWireAdapter implements WireAdapter {
  private entry: CacheEntry | null = null;
  private connected = false;

  constructor(
    private readonly className: string,
    private readonly method: string,
    private readonly dataCallback: WireDataCallback,
  ) {}

  update(config: WireConfigValue): void {
    const params = config as Params;
    this.entry?.adapters.delete(this);
    this.entry = null;
    if (params && Object.values(params).some((v) => v === undefined)) return;
    const entry = cacheEntry(this.className, this.method, params);
    this.entry = entry;
    if (this.connected) this.attach();
  }

  connect(): void {
    this.connected = true;
    this.dataCallback({ data: undefined, error: undefined });
    if (this.entry) this.attach();
  }

  disconnect(): void {
    this.connected = false;
    this.entry?.adapters.delete(this);
  }

  emit(value: WiredValue): void {
    this.dataCallback(value);
  }

  private attach(): void {
    const entry = this.entry!;
    entry.adapters.add(this);
    if (provenance.has(entry.value)) this.emit(entry.value);
    else void entry.fetch();
  }
}

/** What `import method from '@salesforce/apex/Class.method'` gives: callable and wireable. */
export function apexMethod(className: string, method: string) {
  const invoke = (params?: Record<string, unknown>) => call(className, method, params, false);
  return Object.assign(invoke, {
    adapter: class extends ApexWireAdapter {
      constructor(dataCallback: WireDataCallback) {
        super(className, method, dataCallback);
      }
    },
  });
}

/** Fetches a wired Apex value again and provisions the new value; resolves when it has. */
export function refreshApex(wired: unknown): Promise<void> {
  const entry = wired && typeof wired === 'object' ? provenance.get(wired) : undefined;
  if (!entry) return Promise.resolve();
  return entry.fetch();
}

/** `getSObjectValue(record, field)`: a field's value, following relationship names. */
export function getSObjectValue(
  record: Record<string, unknown>,
  field: string | { fieldApiName: string },
) {
  const path = typeof field === 'string' ? field : field.fieldApiName;
  return path
    .split('.')
    .reduce<unknown>(
      (value, name) => (value as Record<string, unknown> | undefined)?.[name],
      record,
    );
}
