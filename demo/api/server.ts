/**
 * The demo external API: a small billing service over node:http that behaves like a real one.
 *
 * - `GET /invoices`, `/payments`, `/accounts` — lists in `{ "data": [...], "meta": {...} }`,
 *   paged by `page` (from 1) and `per_page` (default 25, at most 100), filtered by
 *   `updated_since` (ISO 8601: records with `updated_at` at or after it), in id order, with an
 *   RFC 8288 `Link` header; Conduit reads them with `Page_Number` paging (a short page is the
 *   last). `GET /<list>/:id` returns one record.
 * - `POST /accounts` (201), `PUT /accounts/:id` (create or replace), `PATCH /accounts/:id`,
 *   `DELETE /accounts/:id` (204) and `POST /accounts/batch` (a list, or `{ "data": [...] }`;
 *   all or nothing) take JSON or form bodies and answer with the records and their ids. A
 *   repeated `Idempotency-Key` gets the first answer again.
 * - Admin: `GET|POST /_admin/failures` (see `FailureSettings`), `POST /_admin/touch` (see
 *   `TouchRequest`), `GET /_admin/received` (the writes), `GET /_admin/requests` (every API
 *   request), `POST /_admin/reset`.
 *
 * Errors are `{ "error": { "code", "message" } }` with a 4xx/5xx status.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DemoApiState, type DemoApiStateOptions, type TouchRequest } from './state';
import type { Customer } from './records';

export interface DemoApiOptions extends DemoApiStateOptions {
  /** The port to listen on; 0 or unset: any free port. */
  port?: number;
  /** The interface to listen on (default 127.0.0.1). */
  host?: string;
}

export interface DemoApi {
  /** The base URL, e.g. `http://127.0.0.1:4010`: map the `Demo_API` Named Credential to it. */
  url: string;
  /** The API's data, failure switches and logs, for code in the same thread. */
  state: DemoApiState;
  close(): Promise<void>;
}

const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Ids of the records written, for the received log. */
  ids?: string[];
}

interface Request {
  method: string;
  url: URL;
  segments: string[];
  headers: IncomingMessage['headers'];
  body: unknown;
}

/**
 * Starts the demo API on `options.port` (any free port by default) with the data of
 * `options.seed` (default 1). Run it off the thread that runs Apex: localorg's callouts are
 * synchronous (see `worker.ts`).
 */
export async function startDemoApi(options: DemoApiOptions = {}): Promise<DemoApi> {
  const state = new DemoApiState(options);
  const server = createServer((req, res) => {
    handle(state, req, res).catch((e: unknown) => {
      send(res, { status: 500, body: error('internal', String(e)) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

async function handle(state: DemoApiState, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const raw = await readBody(req);
  const segments = url.pathname.split('/').filter(Boolean);
  const write = method !== 'GET' && method !== 'HEAD';
  let request: Request | null = null;
  let answer: Answer;
  try {
    request = { method, url, segments, headers: req.headers, body: parseBody(req, raw) };
    answer =
      segments[0] === '_admin' ? admin(state, request) : api(state, request, baseUrl(req, url));
  } catch (e) {
    answer = errorAnswer(e);
  }
  if (segments[0] !== '_admin') {
    state.requests.push({ method, url: url.pathname + url.search, status: answer.status });
    if (write) {
      const key = header(req, 'idempotency-key');
      state.logWrite(
        {
          method,
          path: url.pathname,
          contentType: header(req, 'content-type'),
          idempotencyKey: key,
          body: request?.body ?? raw,
          status: answer.status,
          ids: answer.ids ?? [],
          replayed: answer.headers?.['Idempotent-Replayed'] === 'true',
        },
        answer.body,
      );
    }
  }
  send(res, answer);
}

function api(state: DemoApiState, req: Request, base: string): Answer {
  const failure = state.simulatedFailure(req.url.pathname);
  if (failure?.status === 429) {
    const wait = String(state.failures.retryAfterSeconds);
    throw new HttpError(429, 'rate_limited', `Too many requests: retry after ${wait} s`, {
      'Retry-After': wait,
    });
  }
  if (failure?.status === 500) {
    throw new HttpError(500, 'server_error', 'The demo API failed (a simulated 500)');
  }
  const replayed = state.replay(header(req, 'idempotency-key'));
  if (replayed && req.method !== 'GET') {
    return { ...replayed, headers: { 'Idempotent-Replayed': 'true' } };
  }
  const [collection, id, ...rest] = req.segments;
  if (rest.length || !collection) throw notFound(req);
  const collections: Record<string, { id: string; updated_at: string }[] | undefined> = {
    invoices: state.records.invoices,
    payments: state.records.payments,
    accounts: state.records.customers,
  };
  const records = collections[collection];
  if (!records) throw notFound(req);
  if (req.method === 'GET') {
    if (id === undefined) return list(records, req.url, base);
    const record = records.find((r) => r.id === id);
    if (!record) throw new HttpError(404, 'not_found', `No ${collection} record '${id}'`);
    return { status: 200, body: record };
  }
  if (collection !== 'accounts') {
    throw new HttpError(405, 'method_not_allowed', `/${collection} is read-only`);
  }
  return writeAccounts(state, req, id);
}

function writeAccounts(state: DemoApiState, req: Request, id: string | undefined): Answer {
  if (req.method === 'POST' && id === 'batch') {
    const items = batchItems(req.body);
    const refused = items.map((item) => state.rejection(item)).filter((m) => m !== null);
    if (refused.length) throw new HttpError(400, 'invalid_records', refused.join('; '));
    const saved = items.map((item) =>
      state.saveCustomer(
        typeof item.id === 'string' && state.customer(item.id) ? item.id : null,
        item,
        false,
      ),
    );
    return { status: 200, body: { data: saved }, ids: saved.map((c) => c.id) };
  }
  if (req.method === 'POST' && id === undefined) {
    const saved = saveOne(state, null, req.body, false);
    return { status: 201, body: saved, ids: [saved.id] };
  }
  if (id === undefined || id === 'batch') throw notFound(req);
  switch (req.method) {
    case 'PUT': {
      const created = !state.customer(id);
      const saved = saveOne(state, id, req.body, true);
      return { status: created ? 201 : 200, body: saved, ids: [id] };
    }
    case 'PATCH': {
      if (!state.customer(id)) throw new HttpError(404, 'not_found', `No account '${id}'`);
      return { status: 200, body: saveOne(state, id, req.body, false), ids: [id] };
    }
    case 'DELETE': {
      if (!state.deleteCustomer(id)) throw new HttpError(404, 'not_found', `No account '${id}'`);
      return { status: 204, ids: [id] };
    }
    default:
      throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed here`);
  }
}

function saveOne(
  state: DemoApiState,
  id: string | null,
  body: unknown,
  replace: boolean,
): Customer {
  const fields = asRecord(body);
  const refused = state.rejection({ id: id ?? fields.id, name: fields.name });
  if (refused) throw new HttpError(400, 'invalid_record', refused);
  return state.saveCustomer(id, fields, replace);
}

function batchItems(body: unknown): Record<string, unknown>[] {
  const list = Array.isArray(body) ? body : (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(list) || list.length === 0) {
    throw new HttpError(400, 'invalid_body', 'A batch is a non-empty list, or { "data": [...] }');
  }
  return list.map(asRecord);
}

function asRecord(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_body', 'The body must be a JSON object or form fields');
  }
  return body as Record<string, unknown>;
}

/** A page of `records` updated at or after `updated_since`, in id order. */
function list(records: { id: string; updated_at: string }[], url: URL, base: string): Answer {
  const page = positiveInteger(url, 'page', 1);
  const perPage = Math.min(positiveInteger(url, 'per_page', DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  const since = url.searchParams.get('updated_since');
  let matching = records;
  if (since !== null) {
    const from = Date.parse(since);
    if (Number.isNaN(from)) {
      throw new HttpError(400, 'invalid_parameter', `updated_since: not an ISO 8601 instant`);
    }
    matching = records.filter((r) => Date.parse(r.updated_at) >= from);
  }
  matching = [...matching].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const totalPages = Math.max(1, Math.ceil(matching.length / perPage));
  const data = matching.slice((page - 1) * perPage, page * perPage);
  const link = (n: number, rel: string) => {
    const target = new URL(url.pathname + url.search, base);
    target.searchParams.set('page', String(n));
    target.searchParams.set('per_page', String(perPage));
    return `<${target.href}>; rel="${rel}"`;
  };
  const links = [link(1, 'first'), link(totalPages, 'last')];
  if (page < totalPages) links.push(link(page + 1, 'next'));
  if (page > 1) links.push(link(page - 1, 'prev'));
  return {
    status: 200,
    headers: { Link: links.join(', ') },
    body: {
      data,
      meta: { page, per_page: perPage, total: matching.length, total_pages: totalPages },
    },
  };
}

function positiveInteger(url: URL, name: string, fallback: number): number {
  const value = url.searchParams.get(name);
  if (value === null) return fallback;
  if (!/^[1-9]\d*$/.test(value)) {
    throw new HttpError(400, 'invalid_parameter', `${name}: a positive integer, got '${value}'`);
  }
  return Number(value);
}

function admin(state: DemoApiState, req: Request): Answer {
  const route = `${req.method} /${req.segments.join('/')}`;
  switch (route) {
    case 'GET /_admin/failures':
      return { status: 200, body: state.failures };
    case 'POST /_admin/failures':
      return { status: 200, body: state.setFailures(asRecord(req.body ?? {})) };
    case 'POST /_admin/touch':
      return { status: 200, body: state.touch(asRecord(req.body ?? {}) as TouchRequest) };
    case 'GET /_admin/received':
      return { status: 200, body: { data: state.received } };
    case 'GET /_admin/requests':
      return { status: 200, body: { data: state.requests } };
    case 'POST /_admin/reset':
      state.reset();
      return { status: 204 };
    default:
      throw notFound(req);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(req: IncomingMessage, raw: string): unknown {
  if (raw === '') return null;
  const type = (header(req, 'content-type') ?? 'application/json').split(';')[0].trim();
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return JSON.parse(raw);
    } catch {
      throw new HttpError(400, 'invalid_json', 'The body is not valid JSON');
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  throw new HttpError(415, 'unsupported_media_type', `Send JSON or form fields, not ${type}`);
}

function header(req: { headers: IncomingMessage['headers'] }, name: string): string | null {
  const value = req.headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

function baseUrl(req: IncomingMessage, url: URL): string {
  return `http://${header(req, 'host') ?? url.host}`;
}

function notFound(req: Request): HttpError {
  return new HttpError(404, 'not_found', `No route for ${req.method} ${req.url.pathname}`);
}

function error(code: string, message: string) {
  return { error: { code, message } };
}

function errorAnswer(e: unknown): Answer {
  if (e instanceof HttpError) {
    return { status: e.status, body: error(e.code, e.message), headers: e.headers };
  }
  if (e instanceof RangeError) return { status: 400, body: error('invalid_request', e.message) };
  throw e;
}

function send(res: ServerResponse, answer: Answer): void {
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.body === undefined) {
    res.writeHead(answer.status, headers).end();
    return;
  }
  headers['Content-Type'] = 'application/json';
  res.writeHead(answer.status, headers).end(JSON.stringify(answer.body));
}
