/**
 * `localorg/harness`: driving a local org from node:test outside Apex test context — a local HTTP
 * API served from a worker thread (a synchronous callout blocks the main thread), anonymous Apex
 * that fails the test on an Apex error, and SOQL as the platform runs it.
 */
import { Worker } from 'node:worker_threads';
import assert from 'node:assert/strict';
import type { LocalOrg } from './localorg';
import { ApexList, SObjectValue, type Value } from './runtime/values';

/** A local HTTP API running `handlerSource` (a function body of `(req, url, res)`). */
export class LocalApi {
  private constructor(
    private readonly worker: Worker,
    readonly baseUrl: string,
  ) {}

  static async start(handlerSource: string): Promise<LocalApi> {
    const worker = new Worker(
      `
      const { createServer } = require('node:http');
      const { parentPort } = require('node:worker_threads');
      const requests = [];
      const handle = (req, url, res) => { ${handlerSource} };
      const server = createServer((req, res) => {
        const url = new URL(req.url, 'http://localhost');
        requests.push(req.method + ' ' + req.url);
        handle(req, url, res);
      });
      parentPort.on('message', (m) => { if (m === 'requests') parentPort.postMessage(requests); });
      server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
      `,
      { eval: true },
    );
    const port = await new Promise<number>((resolve) => worker.once('message', resolve));
    return new LocalApi(worker, `http://127.0.0.1:${port}`);
  }

  /** Every request received so far, as `METHOD /path?query`. */
  async requests(): Promise<string[]> {
    this.worker.postMessage('requests');
    return new Promise((resolve) => this.worker.once('message', resolve));
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Runs anonymous Apex and returns its debug lines; fails the test on an Apex error. */
export function apex(org: LocalOrg, source: string): string[] {
  const result = org.org.runAnonymous(source);
  assert.ok(result.success, `anonymous Apex failed: ${JSON.stringify(result.error)}`);
  return result.debug.map((line) => line.message);
}

/** Runs a SOQL query in the org, as the platform would, and returns the rows. */
export function query(org: LocalOrg, soql: string): SObjectValue[] {
  const rows = org.data().query(soql, () => null) as Value;
  assert.ok(rows instanceof ApexList, 'a list of rows');
  return rows.items as SObjectValue[];
}
