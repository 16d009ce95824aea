/**
 * A client of the demo API's admin endpoints, for code on another thread than the API (the
 * start script, browser tests): the same switches as `DemoApiState`, over HTTP.
 */
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

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/_admin/${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`demo API ${method} /_admin/${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
