// The synckit worker behind `workerTransport`: one fetch per call. Plain JavaScript because
// worker threads do not inherit tsx's loader on Node 20 (see transport.ts).
import { runAsWorker } from 'synckit';

runAsWorker(async (req) => {
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body === null ? undefined : Buffer.from(req.body, 'base64'),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const body = Buffer.from(await res.arrayBuffer()).toString('base64');
    const headers = [];
    res.headers.forEach((value, key) => headers.push([key, value]));
    return { ok: true, status: res.status, statusText: res.statusText, headers, body };
  } catch (e) {
    const kind = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timeout' : 'network';
    return { ok: false, kind, message: e.cause?.message ?? e.message };
  }
});
