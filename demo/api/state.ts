/**
 * What the demo API holds and remembers: its records, the failures it is told to simulate, the
 * requests it was sent and the writes it received. The HTTP layer (`server.ts`) only routes to
 * it, so tests and the admin endpoints drive the same object.
 */
import {
  generateRecords,
  isoInstant,
  newPayment,
  seededRandom,
  type Customer,
  type DemoRecords,
  type Invoice,
} from './records';
import { sampleAccounts, type SampleAccount } from '../data/accounts';

/** Simulated failures; counters restart whenever the settings change. */
export interface FailureSettings {
  /** Every Nth API request is answered 429 with `Retry-After`; 0: never. */
  rateLimitEvery: number;
  /** The `Retry-After` seconds of a simulated 429. */
  retryAfterSeconds: number;
  /** Every Nth API request is answered 500; 0: never. A 429 takes precedence. */
  serverErrorEvery: number;
  /** Only requests whose path starts with this are counted and failed; '' for all. */
  pathPrefix: string;
  /** Account writes whose `id` or `name` is listed are answered 400 with `rejectMessage`. */
  rejectIds: string[];
  rejectMessage: string;
}

export const NO_FAILURES: FailureSettings = {
  rateLimitEvery: 0,
  retryAfterSeconds: 1,
  serverErrorEvery: 0,
  pathPrefix: '',
  rejectIds: [],
  rejectMessage: 'The customer was rejected by the demo API',
};

/** One request the API answered (admin requests are not listed). */
export interface RequestLogEntry {
  method: string;
  /** Path and query as sent: `/invoices?page=2&per_page=50`. */
  url: string;
  status: number;
}

/** A write the API received, with what it answered. */
export interface ReceivedWrite {
  seq: number;
  at: string;
  method: string;
  path: string;
  contentType: string | null;
  idempotencyKey: string | null;
  /** The body as parsed (JSON, form fields or CSV rows), or null for none. */
  body: unknown;
  status: number;
  /** Ids the answer named (created, updated or deleted records). */
  ids: string[];
  /** True when the answer was replayed for a repeated `Idempotency-Key`. */
  replayed: boolean;
}

export interface TouchRequest {
  /** How many invoices to change (default 3). */
  invoices?: number;
  /** How many new payments to add to open invoices (default 1). */
  payments?: number;
  /** How many customers to rename (default 0). */
  customers?: number;
  /** How many open invoices without payments their customers dispute (default 0). */
  disputes?: number;
  /** The new `updated_at` (ISO 8601); default: now. */
  at?: string;
}

export interface TouchResult {
  at: string;
  invoices: string[];
  payments: string[];
  customers: string[];
  disputed: string[];
}

export interface DemoApiStateOptions {
  seed?: number;
  /** Invoices generated (default 60). */
  invoices?: number;
  /** The customers; default: `demo/data/Account.json`. */
  accounts?: SampleAccount[];
}

export class DemoApiState {
  readonly seed: number;
  records!: DemoRecords;
  failures: FailureSettings = { ...NO_FAILURES };
  requests: RequestLogEntry[] = [];
  received: ReceivedWrite[] = [];
  private random!: () => number;
  private counted = 0;
  private nextCustomer = 0;
  private readonly invoiceCount: number;
  private readonly accounts: SampleAccount[];
  private readonly answered = new Map<string, { status: number; body: unknown }>();

  constructor(options: DemoApiStateOptions = {}) {
    this.seed = options.seed ?? 1;
    this.invoiceCount = options.invoices ?? 60;
    this.accounts = options.accounts ?? sampleAccounts();
    this.reset();
  }

  /** Back to the seed's data, with no failures and empty logs. */
  reset(): void {
    this.records = generateRecords(this.seed, this.invoiceCount, this.accounts);
    this.random = seededRandom(this.seed ^ 0x5eed);
    this.failures = { ...NO_FAILURES };
    this.requests = [];
    this.received = [];
    this.counted = 0;
    this.nextCustomer = this.records.customers.length + 1;
    this.answered.clear();
  }

  /** Changes the simulated failures (unset ones keep their value) and restarts their count. */
  setFailures(settings: Partial<FailureSettings>): FailureSettings {
    for (const [key, value] of Object.entries(settings)) {
      if (!(key in NO_FAILURES)) throw new RangeError(`unknown failure setting '${key}'`);
      const expected = Array.isArray(NO_FAILURES[key as keyof FailureSettings])
        ? 'array'
        : typeof NO_FAILURES[key as keyof FailureSettings];
      if ((Array.isArray(value) ? 'array' : typeof value) !== expected) {
        throw new RangeError(`failure setting '${key}' must be a ${expected}`);
      }
    }
    this.failures = { ...this.failures, ...settings };
    this.counted = 0;
    return this.failures;
  }

  /**
   * The simulated failure of a request, if it is one, counting it: `{ status: 429 }` or
   * `{ status: 500 }`, or null to answer normally.
   */
  simulatedFailure(path: string): { status: 429 | 500 } | null {
    const f = this.failures;
    if (!path.startsWith(f.pathPrefix)) return null;
    this.counted++;
    if (f.rateLimitEvery > 0 && this.counted % f.rateLimitEvery === 0) return { status: 429 };
    if (f.serverErrorEvery > 0 && this.counted % f.serverErrorEvery === 0) return { status: 500 };
    return null;
  }

  /** Why a customer write is refused, or null. */
  rejection(record: { id?: unknown; name?: unknown }): string | null {
    const keys = [record.id, record.name].filter((k): k is string => typeof k === 'string');
    const hit = keys.find((k) => this.failures.rejectIds.includes(k));
    return hit === undefined ? null : `${this.failures.rejectMessage}: ${hit}`;
  }

  /**
   * Changes records on the API's side, as its own users would, and bumps their `updated_at`:
   * open invoices get a later due date, new payments are added to open invoices, customers are
   * renamed, open invoices without payments are disputed (status `disputed`). Salesforce differs
   * from the API until the next (incremental) import.
   */
  touch(request: TouchRequest = {}, now: number = Date.now()): TouchResult {
    const millis = request.at === undefined ? now : Date.parse(request.at);
    if (Number.isNaN(millis)) {
      throw new RangeError(`'at' must be an ISO 8601 instant, got '${request.at}'`);
    }
    const at = isoInstant(millis);
    const result: TouchResult = { at, invoices: [], payments: [], customers: [], disputed: [] };
    const open = () => this.records.invoices.filter((i) => i.status === 'open');
    for (const invoice of this.pickFrom(open(), request.invoices ?? 3)) {
      const due = Date.parse(invoice.due_date) + 14 * 86_400_000;
      invoice.due_date = new Date(due).toISOString().slice(0, 10);
      invoice.updated_at = at;
      result.invoices.push(invoice.id);
    }
    for (const invoice of this.pickFrom(open(), request.payments ?? 1)) {
      const payment = this.addPayment(invoice, Date.parse(at));
      result.payments.push(payment.id);
      result.invoices.push(invoice.id);
    }
    for (const customer of this.pickFrom(this.records.customers, request.customers ?? 0)) {
      customer.name = `${customer.name.replace(/ \(renamed\)$/, '')} (renamed)`;
      customer.updated_at = at;
      result.customers.push(customer.id);
    }
    const unpaid = open().filter((i) => !this.records.payments.some((p) => p.invoice.id === i.id));
    for (const invoice of this.pickFrom(unpaid, request.disputes ?? 0)) {
      invoice.status = 'disputed';
      invoice.updated_at = at;
      result.disputed.push(invoice.id);
    }
    return result;
  }

  /** Pays an open invoice in full: a new payment, the invoice now paid. */
  private addPayment(invoice: Invoice, at: number) {
    const paid = this.records.payments
      .filter((p) => p.invoice.id === invoice.id)
      .reduce((sum, p) => sum + p.amount, 0);
    const payment = newPayment(
      this.records.payments.length,
      invoice,
      Number(invoice.total.amount) - paid,
      at,
      this.random,
    );
    payment.updated_at = isoInstant(at);
    this.records.payments.push(payment);
    invoice.status = 'paid';
    invoice.updated_at = isoInstant(at);
    return payment;
  }

  private pickFrom<T>(items: T[], count: number): T[] {
    const pool = [...items];
    const picked: T[] = [];
    while (picked.length < count && pool.length) {
      picked.push(pool.splice(Math.floor(this.random() * pool.length), 1)[0]);
    }
    return picked;
  }

  customer(id: string): Customer | undefined {
    return this.records.customers.find((c) => c.id === id);
  }

  /** Creates a customer (a new id unless `id` is given) or changes the one with `id`. */
  saveCustomer(id: string | null, fields: Record<string, unknown>, replace: boolean): Customer {
    const existing = id === null ? undefined : this.customer(id);
    const base: Customer = existing ?? {
      id: id ?? `CUS-${String(this.nextCustomer++).padStart(3, '0')}`,
      name: '',
      phone: null,
      website: null,
      address: { city: null, country: null },
      updated_at: '',
    };
    const str = (v: unknown, fallback: string | null) =>
      v === undefined ? (replace ? null : fallback) : v === null ? null : String(v);
    const address = (fields.address ?? {}) as Record<string, unknown>;
    const saved: Customer = {
      id: base.id,
      name: str(fields.name, base.name) ?? '',
      phone: str(fields.phone, base.phone),
      website: str(fields.website, base.website),
      address: {
        city: str(address.city ?? fields.city, base.address.city),
        country: str(address.country ?? fields.country, base.address.country),
      },
      updated_at: isoInstant(Date.now()),
    };
    if (existing) Object.assign(existing, saved);
    else this.records.customers.push(saved);
    return saved;
  }

  deleteCustomer(id: string): boolean {
    const before = this.records.customers.length;
    this.records.customers = this.records.customers.filter((c) => c.id !== id);
    return this.records.customers.length < before;
  }

  /** The earlier answer to a write with this idempotency key, if any. */
  replay(key: string | null): { status: number; body: unknown } | undefined {
    return key === null ? undefined : this.answered.get(key);
  }

  /**
   * Logs a write and what was answered, remembering a final answer (not a 429 or 5xx, which
   * ask for a retry) for its idempotency key.
   */
  logWrite(entry: Omit<ReceivedWrite, 'seq' | 'at'>, answer: unknown): void {
    this.received.push({ seq: this.received.length + 1, at: isoInstant(Date.now()), ...entry });
    const final = entry.status < 500 && entry.status !== 429;
    if (entry.idempotencyKey !== null && !entry.replayed && final) {
      this.answered.set(entry.idempotencyKey, { status: entry.status, body: answer });
    }
  }
}
