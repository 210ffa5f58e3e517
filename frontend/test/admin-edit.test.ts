import {
  attributesFromText,
  attributesToText,
  auditValue,
  categoriesFromText,
  majorUnitsText,
} from '../lib/admin-edit';

describe('the product edit form', () => {
  it('reads categories separated by commas or spaces, once each', () => {
    expect(categoriesFromText('kitchen, home-decor  kitchen')).toEqual(['kitchen', 'home-decor']);
    expect(categoriesFromText('')).toEqual([]);
  });

  it('reads details one a line as name: value, and writes them back the same way', () => {
    const text = 'colour: blue\n\nmaterial: oak: oiled\r\n';
    const attributes = attributesFromText(text);
    expect(attributes).toEqual({ colour: 'blue', material: 'oak: oiled' });
    expect(attributesToText(attributes as Record<string, string>)).toBe('colour: blue\nmaterial: oak: oiled');
    expect(attributesFromText('colour blue')).toBe('Line 1 of the details needs the form “name: value”.');
    expect(attributesFromText(': blue')).toMatch(/^Line 1/);
  });

  it('shows prices in major units and audit values in words', () => {
    expect(majorUnitsText(1299)).toBe('12.99');
    expect(majorUnitsText(5)).toBe('0.05');
    expect(auditValue({ amount: 1500, currency: 'EUR' })).toBe('15.00 EUR');
    expect(auditValue(['kitchen', 'gifts'])).toBe('kitchen, gifts');
    expect(auditValue('')).toBe('(empty)');
    expect(auditValue(null)).toBe('—');
    expect(auditValue(false)).toBe('false');
    expect(auditValue({ colour: 'blue' })).toBe('{"colour":"blue"}');
  });
});
