/**
 * The worker-thread side of `worker.ts`: starts the demo API with the options in `workerData`,
 * posts its URL, and closes it when told to.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startDemoApi, type DemoApiOptions } from './server';

const api = await startDemoApi(workerData as DemoApiOptions);
parentPort!.on('message', (message: unknown) => {
  if (message === 'close') void api.close().then(() => parentPort!.close());
});
parentPort!.postMessage({ url: api.url });
