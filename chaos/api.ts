/**
 * The chaos suite's local API: an HTTP server in a worker thread (a synchronous callout blocks the
 * main thread) that serves invoices and payments to imports and receives exports. It remembers
 * every write request by its `Idempotency-Key`: the first request under a key is applied, a repeat
 * is answered as the first was and applied no more. A write fault makes the API apply a request
 * and then fail it (a 5xx or a 429), as a gateway in front of a real API does.
 */
import { Worker } from 'node:worker_threads';

/** A source record of an import: what `GET /invoices` or `GET /payments` serves. */
export interface SourceRecord {
  id: string;
  name: string;
  amount: number;
  /** When it last changed, ISO 8601: `updated_since` filters on it. */
  updated: string;
  /** A tombstone: the record was deleted in the API. */
  deleted?: boolean;
}

/** The nth write request (1-based, counting every write) is applied, then answered `status`. */
export interface WriteFault {
  nth: number;
  status: number;
  retryAfterSeconds?: number;
}

/** One write request the API received. */
export interface ReceivedWrite {
  method: string;
  path: string;
  key: string | null;
  /** The records in the body, in order, as `name=total`. */
  names: string[];
  body: string;
  status: number;
  /** True when this request changed the API's data (the first under its key). */
  applied: boolean;
}

export interface ApiState {
  writes: ReceivedWrite[];
  /** Every read request, as `METHOD /path?query`. */
  reads: string[];
}

export interface ApiSetup {
  invoices: SourceRecord[];
  payments: SourceRecord[];
  writeFaults: WriteFault[];
}

const SERVER = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
let setup = { invoices: [], payments: [], writeFaults: [] };
let state = { writes: [], reads: [] };
const answers = new Map();
const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const read = (url, res) => {
  const records = url.pathname.startsWith('/payments') ? setup.payments : setup.invoices;
  const since = url.searchParams.get('updated_since');
  const page = Number(url.searchParams.get('page') || 1);
  const size = Number(url.searchParams.get('per_page') || 100);
  const wanted = records.filter((r) => !since || r.updated >= since);
  json(res, 200, { data: wanted.slice((page - 1) * size, page * size) });
};
const write = (req, url, body, res) => {
  const key = req.headers['idempotency-key'] || null;
  let names = [];
  try {
    const parsed = JSON.parse(body || '{}');
    const records = Array.isArray(parsed.data) ? parsed.data : [parsed];
    names = records.map((r) => r.name + '=' + r.total);
  } catch (e) {
    names = ['(unparsable body)'];
  }
  const path = url.pathname;
  const repeat = key !== null && answers.has(key);
  const nth = state.writes.length + 1;
  const fault = setup.writeFaults.find((f) => f.nth === nth);
  const ok = { data: names.map((n) => ({ id: 'EXT-' + n })) };
  if (repeat) {
    state.writes.push({ method: req.method, path, key, names, body, status: 200, applied: false });
    json(res, 200, answers.get(key));
    return;
  }
  if (key !== null) answers.set(key, ok);
  const status = fault ? fault.status : 200;
  state.writes.push({ method: req.method, path, key, names, body, status, applied: true });
  if (fault) {
    const headers = fault.retryAfterSeconds ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
    json(res, fault.status, { error: 'applied, then the gateway failed' }, headers);
  } else {
    json(res, 200, ok);
  }
};
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    if (req.method === 'GET') {
      state.reads.push(req.method + ' ' + req.url);
      read(url, res);
    } else {
      write(req, url, body, res);
    }
  });
});
parentPort.on('message', (m) => {
  if (m.type === 'reset') {
    setup = m.setup;
    state = { writes: [], reads: [] };
    answers.clear();
  }
  parentPort.postMessage({ id: m.id, state });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
`;

/** The API of one chaos process; `reset` before each scenario. */
export class ChaosApi {
  private nextId = 1;

  private constructor(
    private readonly worker: Worker,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<ChaosApi> {
    const worker = new Worker(SERVER, { eval: true });
    const { port } = await new Promise<{ port: number }>((resolve) =>
      worker.once('message', resolve),
    );
    worker.unref();
    return new ChaosApi(worker, `http://127.0.0.1:${port}`);
  }

  /** Forget every request; serve these records and apply-then-fail these writes. */
  async reset(setup: ApiSetup): Promise<void> {
    await this.ask({ type: 'reset', setup });
  }

  /** What the API received since the last reset. */
  state(): Promise<ApiState> {
    return this.ask({ type: 'state' });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private ask(message: { type: string; setup?: ApiSetup }): Promise<ApiState> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const listener = (reply: { id: number; state: ApiState }) => {
        if (reply.id !== id) return;
        this.worker.off('message', listener);
        resolve(reply.state);
      };
      this.worker.on('message', listener);
      this.worker.postMessage({ ...message, id });
    });
  }
}
