import PDFDocument from 'pdfkit';
import { formatMoney, shortOrderId } from '@sidecart/contracts';
import type { Charges, CreditNote, Invoice, InvoiceLine } from './invoice';

/** How amounts and dates are written on invoices. */
const LOCALE = 'en';

/**
 * The PDF's standard fonts (Helvetica) write Windows-1252 text only: anything else (a name in
 * another script) is shown as `?` rather than as a wrong glyph. A font file with more scripts
 * would lift this.
 */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
export const printable = (text: string): string =>
  [...text.normalize('NFC')]
    .map((c) => {
      const code = c.codePointAt(0)!;
      return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(c)
        ? c
        : '?';
    })
    .join('');

/** A VAT rate in basis points as printed: 1900 → "19%", 750 → "7.5%". */
export const ratePercent = (basisPoints: number): string => `${basisPoints / 100}%`;

/** The rows under the lines: subtotal, shipping, VAT (rate, amount, included or added), total. */
export function chargeRows(charges: Charges): [label: string, amount: number][] {
  return [
    ['Subtotal', charges.subtotal],
    ['Shipping', charges.shipping],
    [`VAT ${ratePercent(charges.taxRate)}${charges.taxIncluded ? ' (included)' : ''}`, charges.tax],
    ['Total', charges.total],
  ];
}

/**
 * The invoice as a PDF (A4, pdfkit): the seller, the buyer, the number and date, each line with
 * its quantity, unit price and amount, subtotal, shipping, VAT and the total. A stream: the caller
 * pipes it to where it goes, and it ends with the document.
 */
export function renderInvoice(invoice: Invoice): PDFKit.PDFDocument {
  return renderDocument(invoice, {
    title: 'Invoice',
    heading: [`Invoice number: ${invoice.number}`],
    lines: invoice.lines,
    charges: invoice.charges,
    total: invoice.total,
    footer: `Amounts in ${invoice.currency}. Paid with PayPal when the order was confirmed.`,
  });
}

/**
 * A credit note as a PDF, laid out as the invoice it corrects (whose seller and buyer it names):
 * its number, the invoice's number, the refunded lines (or the reason, for an amount) and what
 * was paid back, with its VAT.
 */
export function renderCreditNote(note: CreditNote, invoice: Invoice): PDFKit.PDFDocument {
  return renderDocument(
    { ...invoice, number: note.number, issuedAt: note.issuedAt },
    {
      title: 'Credit note',
      heading: [`Credit note number: ${note.number}`, `Corrects invoice: ${note.invoiceNumber}`],
      lines: note.lines,
      charges: note.charges,
      total: note.total,
      footer: `Amounts in ${note.currency}. Refunded to the PayPal account that paid: ${note.reason}`,
    },
  );
}

function renderDocument(
  invoice: Invoice,
  body: {
    title: string;
    heading: string[];
    lines: InvoiceLine[];
    charges: Charges | null;
    total: number;
    footer: string;
  },
): PDFKit.PDFDocument {
  const money = (amount: number) => formatMoney({ amount, currency: invoice.currency }, LOCALE);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: `${body.title} ${invoice.number}`,
      Author: printable(invoice.seller.name),
      CreationDate: invoice.issuedAt,
    },
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const text = (value: string, options?: PDFKit.Mixins.TextOptions) => doc.text(printable(value), options);

  doc.font('Helvetica-Bold').fontSize(20);
  text(body.title);
  doc.font('Helvetica').fontSize(10).moveDown(0.5);
  for (const line of body.heading) text(line);
  text(`Date: ${invoice.issuedAt.toISOString().slice(0, 10)}`);
  text(`Order: ${shortOrderId(invoice.orderId)} (${invoice.orderId})`);

  // The seller on the left, the buyer on the right, side by side.
  const top = doc.moveDown(1.5).y;
  const half = { width: width / 2 - 10 };
  doc.font('Helvetica-Bold').text('Seller', left, top, half);
  doc.font('Helvetica');
  for (const line of [
    invoice.seller.name,
    ...invoice.seller.address,
    ...(invoice.seller.vatId ? [`VAT ID: ${invoice.seller.vatId}`] : []),
  ])
    text(line, half);
  const sellerBottom = doc.y;

  const buyer = invoice.buyer;
  doc.font('Helvetica-Bold').text('Bill to', left + width / 2, top, half);
  doc.font('Helvetica');
  for (const line of [
    buyer.name,
    buyer.line1,
    ...(buyer.line2 ? [buyer.line2] : []),
    `${buyer.postalCode} ${buyer.city}`,
    buyer.country,
  ])
    text(line, half);
  doc.x = left;
  doc.y = Math.max(doc.y, sellerBottom);

  // The lines: SKU, description, quantity, unit price, amount.
  const columns = [
    { title: 'SKU', width: 0.18, align: 'left' },
    { title: 'Description', width: 0.4, align: 'left' },
    { title: 'Qty', width: 0.1, align: 'right' },
    { title: 'Unit price', width: 0.16, align: 'right' },
    { title: 'Amount', width: 0.16, align: 'right' },
  ] as const;
  const row = (cells: string[], bold = false) => {
    // A row is never split over two pages (an order holds up to 50 lines): room for three lines of text.
    if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    let x = left;
    let bottom = y;
    for (const [i, column] of columns.entries()) {
      const w = column.width * width;
      doc.text(printable(cells[i] ?? ''), x, y, { width: w - 6, align: column.align });
      bottom = Math.max(bottom, doc.y);
      x += w;
    }
    doc.y = bottom + 4;
    doc.x = left;
  };
  doc.moveDown(2);
  row(
    columns.map((c) => c.title),
    true,
  );
  doc
    .moveTo(left, doc.y - 2)
    .lineTo(left + width, doc.y - 2)
    .stroke();
  for (const line of body.lines) {
    row([
      line.sku,
      line.name,
      String(line.quantity),
      money(line.unitAmount),
      money(line.quantity * line.unitAmount),
    ]);
  }
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .stroke();
  doc.moveDown(0.5);
  // Issued before charges were stored: the total only.
  const charges: [string, number][] = body.charges ? chargeRows(body.charges) : [['Total', body.total]];
  for (const [label, amount] of charges) row(['', label, '', '', money(amount)], label === 'Total');

  doc.moveDown(2).font('Helvetica').fontSize(8);
  text(body.footer, { width });
  doc.end();
  return doc;
}
