/** The synckit worker behind `workerTransport`: performs one fetch per call. */
import { runAsWorker } from 'synckit';
import type { TransportRequest, TransportResult } from './transport';

runAsWorker(async (req: TransportRequest): Promise<TransportResult> => {
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body === null ? undefined : Buffer.from(req.body, 'base64'),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const body = Buffer.from(await res.arrayBuffer()).toString('base64');
    const headers: [string, string][] = [];
    res.headers.forEach((value, key) => headers.push([key, value]));
    return { ok: true, status: res.status, statusText: res.statusText, headers, body };
  } catch (e) {
    const err = e as Error & { cause?: { message?: string } };
    const kind = err.name === 'TimeoutError' || err.name === 'AbortError' ? 'timeout' : 'network';
    return { ok: false, kind, message: err.cause?.message ?? err.message };
  }
});
