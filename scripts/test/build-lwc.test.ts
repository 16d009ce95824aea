import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileComponent, findComponentSources } from '../build-lwc';

test('the LWC build strips types and keeps the decorators for the platform compiler', () => {
  const js = compileComponent(
    [
      "import { LightningElement, api } from 'lwc';",
      'interface Row { id: string }',
      'export default class Rows extends LightningElement {',
      '  @api rows: Row[] = [];',
      '  get count(): number { return this.rows.length; }',
      '}',
    ].join('\n'),
    'rows.ts',
  );
  assert.match(js, /@api\s*\n?\s*rows = \[\];/);
  assert.doesNotMatch(js, /interface|: number|Row\[\]/);
  assert.doesNotMatch(js, /__esDecorate|__decorate/, 'decorators are not lowered');
});

test('the LWC build names the file and line of a syntax error', () => {
  assert.throws(
    () => compileComponent('const x: number = ;\n', 'broken.ts'),
    /broken\.ts.*\(1:\d+\)|broken\.ts: .*1:/s,
  );
});

test('the LWC build finds component sources and leaves tests out', () => {
  const sources = findComponentSources('force-app');
  assert.ok(sources.some((f) => f.endsWith('syncStatusBadge/syncStatusBadge.ts')));
  assert.ok(sources.every((f) => !f.includes('__tests__')));
});
