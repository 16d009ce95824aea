/**
 * The demo API in a worker thread. localorg's real callouts are synchronous: they block the
 * thread that runs Apex until the answer comes, so the API must answer from another thread.
 *
 * ```ts
 * const api = await startDemoApiWorker({ port: 4010, seed: 1 });
 * const org = createLocalOrg({ projectDir: '.', credentials: { Demo_API: api.url } });
 * await api.admin.setFailures({ rateLimitEvery: 3 });
 * await api.close();
 * ```
 */
import { Worker } from 'node:worker_threads';
import { DemoApiAdmin } from './admin';
import type { DemoApiOptions } from './server';

export interface DemoApiWorker {
  /** The base URL to map the `Demo_API` Named Credential to. */
  url: string;
  /** The admin endpoints: failures, touch, received, requests, reset. */
  admin: DemoApiAdmin;
  /** Stops the API and its thread. */
  close(): Promise<void>;
}

/** Starts the demo API (`startDemoApi`) in a worker thread; resolves once it listens. */
export async function startDemoApiWorker(options: DemoApiOptions = {}): Promise<DemoApiWorker> {
  // the worker runs the TypeScript sources through tsx, as the main thread does
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker-thread.ts', import.meta.url).href;
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true, workerData: options },
  );
  let running = true;
  worker.once('exit', () => (running = false));
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { url: string }) => resolve(m.url));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the demo API thread exited (${code})`)));
  });
  return {
    url,
    admin: new DemoApiAdmin(url),
    close: async () => {
      if (!running) return;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}
