/**
 * The product edit form's text fields as the API takes them, and back. Plain functions (no
 * server-only import) so the unit tests check them.
 */

/** The currencies a price may be in, as the product forms offer them. */
export const CURRENCIES = [
  ['EUR', 'EUR'],
  ['USD', 'USD'],
  ['GBP', 'GBP'],
] as const;

/** "kitchen, home-decor" or "kitchen home-decor" → ['kitchen', 'home-decor'] (the API checks each slug). */
export const categoriesFromText = (input: string): string[] => [
  ...new Set(input.split(/[\s,]+/).filter((c) => c.length > 0)),
];

/** One attribute a line, `key: value`; an empty line is skipped. A line without a colon is an error. */
export function attributesFromText(input: string): Record<string, string> | string {
  const attributes: Record<string, string> = {};
  for (const [i, line] of input.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return `Line ${i + 1} of the details needs the form “name: value”.`;
    attributes[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return attributes;
}

export const attributesToText = (attributes: Record<string, string>): string =>
  Object.entries(attributes)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n');

/** Minor units as the price field shows them: 1299 → "12.99". */
export const majorUnitsText = (amount: number): string => (amount / 100).toFixed(2);

/** A value of the audit trail in words: text as it is, anything else as compact JSON. */
export const auditValue = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  if (typeof value === 'object' && value && 'amount' in value && 'currency' in value) {
    const money = value as { amount: number; currency: string };
    return `${majorUnitsText(money.amount)} ${money.currency}`;
  }
  return JSON.stringify(value);
};
