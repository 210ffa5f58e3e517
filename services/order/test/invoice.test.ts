import { text } from 'node:stream/consumers';
import { pdfPages, pdfText } from '../../../packages/stack-tests/src/pdf';
import {
  CREDIT_NOTE_NUMBER,
  creditCharges,
  creditNoteNumber,
  INVOICE_NUMBER,
  invoiceNumber,
  invoiceYear,
  type Charges,
  type CreditNote,
  type Invoice,
} from '../src/domain/invoice';
import {
  chargeRows,
  printable,
  ratePercent,
  renderCreditNote,
  renderInvoice,
} from '../src/domain/invoice-pdf';

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
  charges: null,
  ...overrides,
});

/** 59.99 of goods and 4.90 shipping at 19 % VAT contained in both. */
const charges: Charges = {
  subtotal: 5999,
  shipping: 490,
  taxRate: 1900,
  tax: 958 + 78,
  taxIncluded: true,
  total: 6489,
};

const pdfOf = async (i: Invoice | PDFKit.PDFDocument) => {
  const chunks: Buffer[] = [];
  for await (const chunk of 'number' in i ? renderInvoice(i) : i) chunks.push(chunk as Buffer);
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

  it('credit notes count in their own series, CN-<year>-<six digits>', () => {
    expect(creditNoteNumber(2026, 1)).toBe('CN-2026-000001');
    expect(creditNoteNumber(2026, 1234567)).toBe('CN-2026-1234567');
    expect(CREDIT_NOTE_NUMBER.exec('CN-2026-000042')?.slice(1)).toEqual(['2026', '000042']);
    expect(CREDIT_NOTE_NUMBER.test('INV-2026-000042')).toBe(false);
    expect(INVOICE_NUMBER.test('CN-2026-000042')).toBe(false);
    expect(() => creditNoteNumber(1999, 1)).toThrow();
    expect(() => creditNoteNumber(2026, 0)).toThrow();
  });

  it('take the UTC year of the moment they are issued', () => {
    expect(invoiceYear(new Date('2026-12-31T23:59:59.999Z'))).toBe(2026);
    expect(invoiceYear(new Date('2027-01-01T00:00:00.000Z'))).toBe(2027);
  });
});

describe("a credit note's charges", () => {
  it("are the order's own when the whole total was paid back", () => {
    expect(creditCharges(charges, 6489)).toBe(charges);
  });

  it('are goods only for part of it, stating the VAT the amount contains at the order rate (half up)', () => {
    // 12.50 at 19 %: 1250 × 19 / 119 = 199.58 → 200.
    expect(creditCharges(charges, 1250)).toEqual({
      subtotal: 1250,
      shipping: 0,
      taxRate: 1900,
      tax: 200,
      taxIncluded: true,
      total: 1250,
    });
    expect(creditCharges({ ...charges, taxRate: 0, tax: 0 }, 100).tax).toBe(0);
  });

  it('print as subtotal, shipping, VAT with its rate (included or not) and total', () => {
    expect(chargeRows(charges)).toEqual([
      ['Subtotal', 5999],
      ['Shipping', 490],
      ['VAT 19% (included)', 1036],
      ['Total', 6489],
    ]);
    expect(chargeRows({ ...charges, taxIncluded: false })[2]).toEqual(['VAT 19%', 1036]);
    expect(ratePercent(750)).toBe('7.5%');
  });
});

describe('the invoice PDF', () => {
  it('states subtotal, shipping, VAT and total from the stored charges', async () => {
    const words = pdfText(await pdfOf(invoice({ charges, total: 6489 })));
    expect(words).toMatch(
      /Subtotal\n€59\.99\nShipping\n€4\.90\nVAT 19% \(included\)\n€10\.36\nTotal\n€64\.89/,
    );
  });

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

  it('of a credit note names its number, the invoice it corrects, the refunded line and amount', async () => {
    const note: CreditNote = {
      number: 'CN-2026-000007',
      invoiceNumber: 'INV-2026-000042',
      orderId: invoice().orderId,
      issuedAt: new Date('2026-12-03T10:00:00Z'),
      currency: 'EUR',
      total: 1250,
      lines: [{ sku: 'MUG-1', name: 'Blue mug', quantity: 1, unitAmount: 1250 }],
      reason: 'Chipped',
      charges: creditCharges(charges, 1250),
    };
    const words = pdfText(await pdfOf(renderCreditNote(note, invoice({ charges }))));
    for (const expected of [
      'Credit note',
      'Credit note number: CN-2026-000007',
      'Corrects invoice: INV-2026-000042',
      'Date: 2026-12-03',
      'Ada Lovelace',
      'Sidecart Demo Shop',
      'MUG-1',
    ])
      expect(words).toContain(expected);
    expect(words).not.toContain('Invoice number');
    expect(words).toMatch(/Shipping\n€0\.00\nVAT 19% \(included\)\n€2\.00\nTotal\n€12\.50/);
  });

  it('is a stream that ends', async () => {
    expect((await text(renderInvoice(invoice()))).length).toBeGreaterThan(500);
  });
});
