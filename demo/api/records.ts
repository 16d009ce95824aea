/**
 * The demo API's records: customers (the sample accounts of `demo/data/Account.json`), their
 * invoices and the payments of those invoices, generated from a seed so that every start with
 * the same seed serves the same data.
 */
import type { SampleAccount } from '../data/accounts';

/** A customer as the API shows it; `id` is the account's `External_Id__c`. */
export interface Customer {
  id: string;
  name: string;
  phone: string | null;
  website: string | null;
  address: { city: string | null; country: string | null };
  updated_at: string;
}

export interface InvoiceLine {
  sku: string;
  description: string;
  quantity: number;
  unit_price: string;
}

/** `disputed` only comes from `touch` (a customer disputes an invoice): a code the demo's status
 * mapping does not know, so that invoice fails its import until an admin maps it. */
export type InvoiceStatus = 'open' | 'paid' | 'void' | 'disputed';

export interface Invoice {
  id: string;
  number: string;
  customer: { id: string; name: string };
  /** Money as a decimal string with its currency, as payment APIs send it. */
  total: { amount: string; currency: string };
  status: InvoiceStatus;
  issued_on: string;
  due_date: string;
  lines: InvoiceLine[];
  updated_at: string;
}

export interface Payment {
  id: string;
  invoice: { id: string; number: string };
  amount: number;
  currency: string;
  method: 'card' | 'transfer';
  paid_on: string;
  updated_at: string;
}

export interface DemoRecords {
  customers: Customer[];
  invoices: Invoice[];
  payments: Payment[];
}

/** The instant the generated data is dated from: every record was changed before it. */
export const DATA_EPOCH = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const CURRENCY = 'EUR';

const CATALOG: { sku: string; description: string; price: number }[] = [
  { sku: 'SUB-BASIC', description: 'Basic subscription, one month', price: 49 },
  { sku: 'SUB-TEAM', description: 'Team subscription, one month', price: 199 },
  { sku: 'SEAT', description: 'Additional seat', price: 12.5 },
  { sku: 'SUPPORT', description: 'Priority support', price: 89.9 },
  { sku: 'ONBOARD', description: 'Onboarding workshop', price: 650 },
  { sku: 'STORAGE', description: 'Extra storage, 100 GB', price: 7.25 },
];

/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same sequence.
 * Written here rather than taken from a package because it is six lines and only has to be
 * repeatable, not strong.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An ISO 8601 instant without milliseconds: `2025-12-03T10:15:00Z`. */
export function isoInstant(millis: number): string {
  return new Date(Math.floor(millis / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function isoDate(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** The customers the API knows: the sample accounts. */
function customersFrom(accounts: SampleAccount[]): Customer[] {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return accounts.map((a, i) => ({
    id: a.External_Id__c,
    name: a.Name,
    phone: text(a.Phone),
    website: text(a.Website),
    address: { city: text(a.BillingCity), country: text(a.BillingCountry) },
    updated_at: isoInstant(DATA_EPOCH - (i + 1) * 7 * DAY),
  }));
}

/**
 * The demo data for a seed: `invoiceCount` invoices of the sample customers (ids `INV-1001` …),
 * issued over the 90 days before `DATA_EPOCH`, and payments (`PAY-2001` …) for the paid
 * invoices and some open ones.
 */
export function generateRecords(
  seed: number,
  invoiceCount: number,
  accounts: SampleAccount[],
): DemoRecords {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const customers = customersFrom(accounts);
  const invoices: Invoice[] = [];
  const payments: Payment[] = [];
  for (let i = 0; i < invoiceCount; i++) {
    const customer = pick(customers);
    const issued = DATA_EPOCH - (1 + Math.floor(random() * 90)) * DAY;
    const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const item = pick(CATALOG);
      return {
        sku: item.sku,
        description: item.description,
        quantity: 1 + Math.floor(random() * 10),
        unit_price: item.price.toFixed(2),
      };
    });
    const total = cents(lines.reduce((sum, l) => sum + l.quantity * Number(l.unit_price), 0));
    const roll = random();
    const status: InvoiceStatus = roll < 0.6 ? 'open' : roll < 0.9 ? 'paid' : 'void';
    const number = `INV-${1001 + i}`;
    const invoice: Invoice = {
      id: number,
      number,
      customer: { id: customer.id, name: customer.name },
      total: { amount: total.toFixed(2), currency: CURRENCY },
      status,
      issued_on: isoDate(issued),
      due_date: isoDate(issued + 30 * DAY),
      lines,
      updated_at: isoInstant(issued + Math.floor(random() * 12 * 3_600_000)),
    };
    invoices.push(invoice);
    const paid = status === 'paid' ? total : status === 'open' && random() < 0.3 ? total / 2 : 0;
    for (const amount of splitPayment(paid, random)) {
      const paidOn = Math.min(issued + (1 + Math.floor(random() * 29)) * DAY, DATA_EPOCH - DAY);
      payments.push(newPayment(payments.length, invoice, amount, paidOn, random));
    }
  }
  return { customers, invoices, payments };
}

/** One or two positive payments adding up to `total` (none for a total of 0). */
function splitPayment(total: number, random: () => number): number[] {
  if (total <= 0) return [];
  if (total < 20 || random() < 0.6) return [cents(total)];
  const first = cents(total * (0.3 + random() * 0.4));
  return [first, cents(total - first)];
}

/** The payment number `index` (from 0) of an invoice. */
export function newPayment(
  index: number,
  invoice: Invoice,
  amount: number,
  paidOn: number,
  random: () => number,
): Payment {
  return {
    id: `PAY-${2001 + index}`,
    invoice: { id: invoice.id, number: invoice.number },
    amount: cents(amount),
    currency: CURRENCY,
    method: random() < 0.5 ? 'card' : 'transfer',
    paid_on: isoDate(paidOn),
    updated_at: isoInstant(paidOn + Math.floor(random() * 8 * 3_600_000)),
  };
}
