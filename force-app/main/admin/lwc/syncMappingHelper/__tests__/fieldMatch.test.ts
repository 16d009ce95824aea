import { normalise, similarity, suggestMappings, words } from '../fieldMatch';

describe('fieldMatch', () => {
  it('normalises case, separators, camelCase, the namespace and __c', () => {
    expect(words('Customer_Name__c')).toEqual(['customer', 'name']);
    expect(words('customerName')).toEqual(['customer', 'name']);
    expect(words('conduit__Due_Date__c')).toEqual(['due', 'date']);
    expect(words('lines[0].sku')).toEqual(['lines', 'sku']);
    expect(normalise('customer_name')).toBe(normalise('Customer_Name__c'));
  });

  it('scores the same name as 1 and unrelated names low', () => {
    expect(similarity('customer_name', 'Customer_Name__c')).toBe(1);
    expect(similarity('dueDate', 'Due_Date__c')).toBe(1);
    expect(similarity('total', 'Amount__c')).toBeLessThan(0.6);
    expect(similarity('', 'Name')).toBe(0);
  });

  it('scores a near spelling and shared words in between', () => {
    expect(similarity('adress', 'Address__c')).toBeGreaterThanOrEqual(0.8);
    expect(similarity('customer.email', 'Email__c')).toBeCloseTo(0.67, 2);
  });

  it('suggests each source once, most confident first, only when similar enough', () => {
    const fields = [
      { name: 'Customer_Name__c', label: 'Customer Name' },
      { name: 'Amount__c', label: 'Total Amount' },
      { name: 'Status__c', label: 'Status' },
      { name: 'Name', label: 'Invoice Name' },
      { name: 'CreatedDate', label: 'Created Date', createable: false, updateable: false },
    ];
    const sources = ['customer_name', 'total', 'status', 'created_date', 'lines[0].sku'];
    expect(suggestMappings(sources, fields)).toEqual([
      { source: 'customer_name', target: 'Customer_Name__c', confidence: 1 },
      { source: 'status', target: 'Status__c', confidence: 1 },
      { source: 'total', target: 'Amount__c', confidence: 0.67 },
    ]);
  });

  it('suggests nothing for names that are not alike', () => {
    expect(suggestMappings(['foo', 'bar'], [{ name: 'Amount__c' }])).toEqual([]);
  });
});
