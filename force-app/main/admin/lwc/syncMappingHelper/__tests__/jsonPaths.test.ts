import { detectRecordsPath, listPaths, readPath, readSample } from '../jsonPaths';
import invoices from './data/invoices.json';

describe('jsonPaths', () => {
  it('finds the largest list of objects, not a smaller or nested one', () => {
    expect(detectRecordsPath(invoices)).toBe('data');
  });

  it('reads a response that is itself the list, and deeply nested lists', () => {
    expect(detectRecordsPath([{ id: 1 }])).toBe('');
    expect(
      detectRecordsPath({ result: { items: [{ id: 1 }, { id: 2 }] }, errors: [{ id: 3 }] }),
    ).toBe('result.items');
  });

  it('finds a list nested in a record when it is the largest', () => {
    expect(detectRecordsPath({ order: { lines: [{ sku: 'a' }, { sku: 'b' }] } })).toBe(
      'order.lines',
    );
    expect(detectRecordsPath([{ lines: [{ sku: 'a' }, { sku: 'b' }] }])).toBe('[0].lines');
  });

  it('finds nothing when there is no list of objects', () => {
    expect(detectRecordsPath({ data: [1, 2, 3], count: 3 })).toBeNull();
    expect(detectRecordsPath('text')).toBeNull();
  });

  it('reads a value at a path', () => {
    expect(readPath(invoices, 'data[1].customer.address.city')).toBe('Paris');
    expect(readPath(invoices, 'data[0].lines[1].sku')).toBe('B-2');
    expect(readPath(invoices, 'data.missing.deeper')).toBeUndefined();
  });

  it('lists every path of nested records with its type and a sample value', () => {
    const paths = listPaths(invoices.data);
    expect(paths.map((p) => p.path)).toEqual([
      'id',
      'customer_name',
      'customer.address.city',
      'total',
      'status',
      'paid',
      'due_date',
      'notes',
      'codes',
      'lines[0].sku',
      'lines[0].qty',
    ]);
    const byPath = Object.fromEntries(paths.map((p) => [p.path, p]));
    expect(byPath['customer.address.city']).toEqual({
      path: 'customer.address.city',
      type: 'string',
      sample: 'Berlin',
    });
    expect(byPath.total).toEqual({ path: 'total', type: 'number', sample: '10.5' });
    expect(byPath.paid.type).toBe('boolean');
    expect(byPath.codes).toEqual({ path: 'codes', type: 'array', sample: '["a","b"]' });
    expect(byPath['lines[0].qty']).toEqual({ path: 'lines[0].qty', type: 'number', sample: '2' });
  });

  it('takes the type of a path from the first record with a value there', () => {
    expect(listPaths(invoices.data).find((p) => p.path === 'notes')).toEqual({
      path: 'notes',
      type: 'string',
      sample: 'urgent',
    });
  });

  it('reads a sample text, or says why it cannot', () => {
    const read = readSample(JSON.stringify(invoices));
    expect(read.recordsPath).toBe('data');
    expect(read.records).toHaveLength(2);
    expect(read.error).toBeUndefined();
    expect(readSample('{"data": [1]}').error).toBe(
      'The sample holds no list of records (a JSON array of objects).',
    );
    expect(readSample('{oops').error).toMatch(/^Not valid JSON: /);
  });
});
