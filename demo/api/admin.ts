/**
 * A client of the demo API's admin endpoints, for code on another thread than the API (the
 * start script, browser tests): the same switches as `DemoApiState`, over HTTP.
 */
import { request } from 'node:http';
import type {
  FailureSettings,
  ReceivedWrite,
  RequestLogEntry,
  TouchRequest,
  TouchResult,
} from './state';

export class DemoApiAdmin {
  /** @param url the API's base URL, e.g. `http://127.0.0.1:4010` */
  constructor(readonly url: string) {}

  /** Changes the simulated failures; returns them all. */
  setFailures(settings: Partial<FailureSettings>): Promise<FailureSettings> {
    return this.call('POST', 'failures', settings);
  }

  /** Changes records on the API's side (see `DemoApiState.touch`). */
  touch(request: TouchRequest = {}): Promise<TouchResult> {
    return this.call('POST', 'touch', request);
  }

  /** The writes received so far. */
  async received(): Promise<ReceivedWrite[]> {
    return (await this.call<{ data: ReceivedWrite[] }>('GET', 'received')).data;
  }

  /** Every API request answered so far. */
  async requests(): Promise<RequestLogEntry[]> {
    return (await this.call<{ data: RequestLogEntry[] }>('GET', 'requests')).data;
  }

  /** Back to the seed's data, no failures, empty logs. */
  async reset(): Promise<void> {
    await this.call('POST', 'reset');
  }

  /**
   * One request on a connection of its own: the caller's thread may run synchronous Apex for longer
   * than the server keeps an idle connection, and a pooled connection closed meanwhile fails the
   * next call ("fetch failed").
   */
  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const { status, text } = await new Promise<{ status: number; text: string }>(
      (resolve, reject) => {
        const req = request(
          `${this.url}/_admin/${path}`,
          {
            method,
            agent: false,
            headers: payload === undefined ? {} : { 'Content-Type': 'application/json' },
          },
          (res) => {
            let received = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (received += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text: received }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      },
    );
    if (status < 200 || status >= 300)
      throw new Error(`demo API ${method} /_admin/${path}: ${status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
