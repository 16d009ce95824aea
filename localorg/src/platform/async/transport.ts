/**
 * Real HTTP for callouts outside tests, synchronous from the interpreter's point of view.
 * Two transports: a synckit worker thread (default; one warm worker, fetch inside it) and a
 * child process per call (`execFileSync`). See the async report for the measured difference.
 */
import { execFileSync } from 'node:child_process';
import { createSyncFn } from 'synckit';

export interface TransportRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: [string, string][];
  /** Base64 of the body bytes, or null. */
  readonly body: string | null;
  readonly timeoutMs: number;
}

export type TransportResult =
  | {
      readonly ok: true;
      readonly status: number;
      readonly statusText: string;
      readonly headers: [string, string][];
      readonly body: string;
    }
  | { readonly ok: false; readonly kind: 'timeout' | 'network'; readonly message: string };

export interface CalloutTransport {
  send(req: TransportRequest): TransportResult;
}

let workerSend: ((req: TransportRequest) => TransportResult) | null = null;

/** The default transport: a synckit worker (started on first use). */
export function workerTransport(): CalloutTransport {
  return {
    send(req) {
      workerSend ??= createSyncFn<(r: TransportRequest) => Promise<TransportResult>>(
        new URL('./http-worker.mjs', import.meta.url).pathname,
        { timeout: 130_000 },
      );
      return workerSend(req);
    },
  };
}

const CHILD_SCRIPT = `
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', async () => {
  const req = JSON.parse(input);
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body === null ? undefined : Buffer.from(req.body, 'base64'),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const body = Buffer.from(await res.arrayBuffer()).toString('base64');
    process.stdout.write(JSON.stringify({ ok: true, status: res.status, statusText: res.statusText, headers: [...res.headers], body }));
  } catch (e) {
    const kind = e && (e.name === 'TimeoutError' || e.name === 'AbortError') ? 'timeout' : 'network';
    process.stdout.write(JSON.stringify({ ok: false, kind, message: String(e && e.cause ? e.cause.message || e.cause : e) }));
  }
});`;

/** A transport that spawns `node` for each request. */
export function processTransport(): CalloutTransport {
  return {
    send(req) {
      const out = execFileSync(process.execPath, ['-e', CHILD_SCRIPT], {
        input: JSON.stringify(req),
        timeout: req.timeoutMs + 5_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return JSON.parse(out.toString('utf8')) as TransportResult;
    },
  };
}
