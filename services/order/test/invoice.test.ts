import { text } from 'node:stream/consumers';
import { pdfPages, pdfText } from '../../../packages/stack-tests/src/pdf';
import { INVOICE_NUMBER, invoiceNumber, invoiceYear, type Invoice } from '../src/domain/invoice';
import { printable, renderInvoice } from '../src/domain/invoice-pdf';

const invoice = (overrides: Partial<Invoice> = {}): Invoice => ({
  number: 'INV-2026-000042',
  orderId: '0193a0b1-2c3d-7e4f-8a9b-0c1d2e3f4a5b',
  customerId: 'c1',
  issuedAt: new Date('2026-12-02T10:00:00Z'),
  currency: 'EUR',
  total: 4 * 1250 + 999,
  lines: [
    { sku: 'MUG-1', name: 'Blue mug', quantity: 4, unitAmount: 1250 },
    { sku: 'TEA-2', name: 'Crème brûlée tea', quantity: 1, unitAmount: 999 },
  ],
  buyer: {
    name: 'Ada Lovelace',
    line1: '12 St James Square',
    city: 'London',
    postalCode: 'SW1Y 4JH',
    country: 'GB',
  },
  seller: { name: 'Sidecart Demo Shop', address: ['1 Example Street', '10115 Berlin'], vatId: 'DE123456789' },
  ...overrides,
});

const pdfOf = async (i: Invoice) => {
  const chunks: Buffer[] = [];
  for await (const chunk of renderInvoice(i)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe('invoice numbers', () => {
  it('are INV-<year>-<six digits>, counted from 1 within the year', () => {
    expect(invoiceNumber(2026, 1)).toBe('INV-2026-000001');
    expect(invoiceNumber(2026, 123456)).toBe('INV-2026-123456');
    expect(invoiceNumber(2027, 1234567)).toBe('INV-2027-1234567');
    expect(INVOICE_NUMBER.exec('INV-2026-000042')?.slice(1)).toEqual(['2026', '000042']);
    expect(() => invoiceNumber(2026, 0)).toThrow();
    expect(() => invoiceNumber(2026, 1.5)).toThrow();
  });

  it('take the UTC year of the moment they are issued', () => {
    expect(invoiceYear(new Date('2026-12-31T23:59:59.999Z'))).toBe(2026);
    expect(invoiceYear(new Date('2027-01-01T00:00:00.000Z'))).toBe(2027);
  });
});

describe('the invoice PDF', () => {
  it('names the number, date, seller, buyer, each line and the total, with amounts from minor units', async () => {
    const pdf = await pdfOf(invoice());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const words = pdfText(pdf);
    for (const expected of [
      'Invoice number: INV-2026-000042',
      'Date: 2026-12-02',
      'Sidecart Demo Shop',
      'VAT ID: DE123456789',
      'Ada Lovelace',
      'SW1Y 4JH London',
      'Blue mug',
      'Crème brûlée tea',
      '€12.50',
      '€50.00',
      '€9.99',
      '€59.99',
    ])
      expect(words).toContain(expected);
  });

  it('goes on to a second page for an order of 50 lines, each line whole on one page', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => ({
      sku: `SKU-${i + 1}`,
      name: `Product number ${i + 1} with a name long enough to wrap onto a second line of its cell`,
      quantity: 1,
      unitAmount: 100,
    }));
    const pages = pdfPages(await pdfOf(invoice({ lines, total: 5000 }))).map((p) => p.split('\n'));
    expect(pages.length).toBeGreaterThan(1);
    for (const line of lines) {
      // On one page: the SKU, the name (wrapped over some lines), quantity, unit price and amount.
      const page = pages.find((words) => words.includes(line.sku))!;
      const at = page.indexOf(line.sku);
      const quantity = page.indexOf('1', at);
      expect(
        page
          .slice(at + 1, quantity)
          .map((w) => w.trim())
          .join(' '),
      ).toBe(line.name);
      expect(page.slice(quantity, quantity + 3)).toEqual(['1', '€1.00', '€1.00']);
    }
    const words = pages.flat();
    expect(words).toContain('€50.00');
  });

  it('prints other currencies with their own sign', async () => {
    const words = pdfText(
      await pdfOf(
        invoice({
          currency: 'GBP',
          total: 300,
          lines: [{ sku: 'A', name: 'A', quantity: 3, unitAmount: 100 }],
        }),
      ),
    );
    expect(words).toContain('£3.00');
  });

  it('prints text the standard font cannot show as ?, never as another letter', () => {
    expect(printable('Zoë “Ω” Łódź 東京')).toBe('Zoë “?” ?ód? ??');
  });

  it('is a stream that ends', async () => {
    expect((await text(renderInvoice(invoice()))).length).toBeGreaterThan(500);
  });
});
