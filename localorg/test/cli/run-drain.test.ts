/**
 * `localorg run script.apex --drain --credential Name=URL`: anonymous Apex outside Apex test
 * context, then the job queue, with callouts to a local HTTP server.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { main, parseArgs, parseCredentials } from '../../src/cli/main';
import { INTEGRATION_PROJECT } from '../async/integration';
import { LocalApi } from '../../src/harness';

let api: LocalApi;

before(async () => {
  api = await LocalApi.start(
    `res.writeHead(200); res.end('page ' + url.pathname.split('/').pop());`,
  );
});

after(() => api.stop());

function script(source: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'localorg-run-')), 'script.apex');
  writeFileSync(file, source);
  return file;
}

function capture(argv: string[]): { code: number; out: string[] } {
  const out: string[] = [];
  const code = main(argv, (s) => out.push(...s.split('\n')));
  return { code, out };
}

test('--drain is a flag; --credential repeats; NAME=URL is required', () => {
  const a = parseArgs([
    'run',
    's.apex',
    '--drain',
    '--credential',
    'A=http://x',
    '--credential=B=http://y',
  ]);
  assert.deepEqual(a.positional, ['s.apex']);
  assert.deepEqual(a.options.get('drain'), ['true']);
  assert.deepEqual(parseCredentials(a.options.get('credential')), { A: 'http://x', B: 'http://y' });
  assert.throws(() => parseCredentials(['A']), /--credential needs NAME=URL/);
  const { code, out } = capture(['run', 's.apex', '--credential', 'nourl']);
  assert.equal(code, 2);
  assert.match(out[0], /--credential needs NAME=URL/);
});

test('without --drain the enqueued job only waits', () => {
  const { code, out } = capture([
    'run',
    script('System.debug(System.enqueueJob(new ChainStep(1)) != null);'),
    '--project',
    INTEGRATION_PROJECT,
  ]);
  assert.equal(code, 0);
  assert.deepEqual(out, ['DEBUG|true']);
});

test('run --drain runs the three-Queueable chain against the local API and prints each job', async () => {
  const { code, out } = capture([
    'run',
    script("System.enqueueJob(new ChainStep(1));\nSystem.debug('enqueued');\n"),
    '--project',
    INTEGRATION_PROJECT,
    '--drain',
    '--credential',
    `Local_API=${api.baseUrl}`,
  ]);
  assert.equal(code, 0, out.join('\n'));
  assert.equal(out[0], 'DEBUG|enqueued');
  const ran = out.filter((l) => l.startsWith('-- ran '));
  assert.equal(ran.length, 3);
  for (const line of ran) assert.match(line, /^-- ran Queueable ChainStep \(707\w{15}\)$/);
  const drainedAt = out.indexOf('-- drained: 3 ran, 0 failed');
  assert.ok(drainedAt > 0, out.join('\n'));
  const jobs = out.slice(drainedAt + 1);
  assert.equal(jobs.length, 3, out.join('\n'));
  for (const line of jobs) assert.match(line, /^-- job 707\w{15} Queueable ChainStep: Completed$/);
  assert.deepEqual((await api.requests()).slice(-3), [
    'GET /pages/1',
    'GET /pages/2',
    'GET /pages/3',
  ]);
});

test('run --drain prints failures and exits 1 when a job failed', () => {
  const { code, out } = capture([
    'run',
    script(
      `List<Item__c> items = new List<Item__c>();
for (Integer i = 0; i < 250; i++) items.add(new Item__c(Name = 'I' + i, Number__c = i));
insert items;
System.enqueueJob(new SoqlInLoop(250));
System.enqueueJob(new SoqlInLoop(10));
`,
    ),
    '--project',
    INTEGRATION_PROJECT,
    '--drain',
  ]);
  assert.equal(code, 1);
  assert.ok(
    out.includes(
      '-- failed Queueable SoqlInLoop: System.LimitException: Too many SOQL queries: 201',
    ),
    out.join('\n'),
  );
  const drainedAt = out.indexOf('-- drained: 2 ran, 1 failed');
  assert.ok(drainedAt > 0, out.join('\n'));
  assert.deepEqual(
    out.slice(drainedAt + 1).map((line) => line.replace(/707\w{15}/, 'ID')),
    [
      '-- job ID Queueable SoqlInLoop: Failed (System.LimitException: Too many SOQL queries: 201)',
      '-- job ID Queueable SoqlInLoop: Completed',
    ],
    'the final status of each job that ran',
  );
});

test('run --drain lists scheduled work that is not due yet', () => {
  const { code, out } = capture([
    'run',
    script("System.schedule('Nightly', '0 0 0 1 1 ? 2099', new Nightly());"),
    '--project',
    INTEGRATION_PROJECT,
    '--drain',
  ]);
  assert.equal(code, 0, out.join('\n'));
  assert.equal(out.length, 2, out.join('\n'));
  assert.equal(out[0], '-- drained: 0 ran, 0 failed');
  assert.match(
    out[1],
    /^-- waiting Scheduled Nightly \(08e\w{15}\) until 2099-01-01T00:00:00\.000Z$/,
  );
});

test('the bin launcher runs a script and drains the queue (npx localorg run … --drain)', () => {
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'localorg.js');
  const out = execFileSync(
    process.execPath,
    [
      bin,
      'run',
      script("System.debug('hello');\nLater.go('x');\n"),
      '--project',
      INTEGRATION_PROJECT,
      '--drain',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  )
    .trim()
    .split('\n');
  assert.equal(out.length, 5, out.join('\n'));
  assert.equal(out[0], 'DEBUG|hello');
  assert.match(out[1], /^-- ran Future Later\.go \(707\w{15}\)$/);
  assert.equal(out[2], 'DEBUG|later x');
  assert.equal(out[3], '-- drained: 1 ran, 0 failed');
  assert.match(out[4], /^-- job 707\w{15} Future Later\.go: Completed$/);
});
