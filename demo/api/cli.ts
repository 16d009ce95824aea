/**
 * The demo API from a shell: `node --import tsx demo/api/cli.ts [--port 4010] [--seed 1]
 * [--invoices 60] [--host 127.0.0.1]`. It prints its URL and runs until stopped (Ctrl+C).
 */
import { parseArgs } from 'node:util';
import { startDemoApi } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    seed: { type: 'string', default: '1' },
    invoices: { type: 'string', default: '60' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const api = await startDemoApi({
  port: Number(values.port),
  seed: Number(values.seed),
  invoices: Number(values.invoices),
  host: values.host,
});
console.log(`demo API listening on ${api.url} (seed ${api.state.seed})`);
console.log(`  GET ${api.url}/invoices?page=1&per_page=25&updated_since=2025-12-01T00:00:00Z`);
console.log(`  admin: ${api.url}/_admin/failures, /_admin/touch, /_admin/received`);
process.once('SIGINT', () => void api.close().then(() => process.exit(0)));
