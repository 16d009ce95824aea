/**
 * An import from a GraphQL API runs end to end against a local GraphQL endpoint: each request is a
 * POST whose body carries the query and its variables, the cursor is the previous page's
 * `pageInfo.endCursor`, and the run ends when `hasNextPage` is false.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import { apex, field, LocalApi, localOrg, query, registerInvoiceImport } from './harness';

const TOTAL = 5;

let api: LocalApi;

before(async () => {
  // a GraphQL server of five invoices, two per page; GET /received lists the bodies it received
  api = await LocalApi.start(`
    globalThis.bodies = globalThis.bodies || [];
    if (req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(globalThis.bodies));
      return;
    }
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const body = JSON.parse(text);
      globalThis.bodies.push(body);
      const from = body.variables.after ? Number(body.variables.after.slice(1)) : 0;
      const nodes = [];
      for (let n = from; n < Math.min(from + 2, ${TOTAL}); n++) {
        nodes.push({ id: 'INV-' + n, customer: 'Customer ' + n, total: n + '.50', status: 'open', due: '2026-02-01' });
      }
      const end = from + nodes.length;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ data: { invoices: { nodes, pageInfo: { endCursor: 'c' + end, hasNextPage: end < ${TOTAL} } } } }));
    });
  `);
});

after(() => api.stop());

test('a GraphQL import sends the cursor in the variables and follows pageInfo to the end', async () => {
  const org = localOrg(api);
  registerInvoiceImport(org, 'GraphQL_Invoices', 2, 5, {
    Endpoint__c: 'callout:Test_API/graphql',
    Method__c: 'POST',
    Paging__c: 'GraphQL',
    Records_Path__c: 'data.invoices.nodes',
    Request_Body__c: JSON.stringify({
      query:
        'query($after: String) { invoices(first: 2, after: $after) { nodes { id customer total status due } pageInfo { endCursor hasNextPage } } }',
      variables: { after: '{{after}}' },
    }),
    Page_Size__c: new Decimal(2),
  });

  const [runId] = apex(org, "System.debug(ImportJob.start('GraphQL_Invoices', 'Manual'));");
  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });
  assert.deepEqual(drained.errors, [], 'no job failed');

  const requests = await api.requests();
  assert.deepEqual(
    requests,
    ['POST /graphql', 'POST /graphql', 'POST /graphql'],
    'three pages, each a POST to the one GraphQL endpoint with nothing in the query string',
  );
  const bodies = (await (await fetch(`${api.baseUrl}/received`)).json()) as {
    query: string;
    variables: { after: string | null };
  }[];
  assert.deepEqual(
    bodies.map((b) => b.variables.after),
    [null, 'c2', 'c4'],
    'no cursor at first, then each page’s endCursor',
  );
  assert.ok(bodies[0].query.startsWith('query($after: String)'), 'the query travels as written');

  const [run] = query(
    org,
    `SELECT Status__c, Pages__c, Records_Inserted__c FROM Sync_Run__c WHERE Id = '${runId}'`,
  );
  assert.equal(field(run, 'Status__c'), 'Succeeded');
  assert.equal(String(field(run, 'Pages__c')), '3');
  assert.equal(String(field(run, 'Records_Inserted__c')), String(TOTAL));
  assert.equal(query(org, 'SELECT Id FROM Test_Invoice__c').length, TOTAL, 'every invoice arrived');
});
