import PDFDocument from 'pdfkit';
import { formatMoney, shortOrderId } from '@sidecart/contracts';
import type { Invoice } from './invoice';

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

const money = (amount: number, invoice: Invoice) =>
  formatMoney({ amount, currency: invoice.currency }, LOCALE);

/**
 * The invoice as a PDF (A4, pdfkit): the seller, the buyer, the number and date, each line with
 * its quantity, unit price and amount, and the total. A stream: the caller pipes it to where it
 * goes, and it ends with the document.
 */
export function renderInvoice(invoice: Invoice): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: `Invoice ${invoice.number}`,
      Author: printable(invoice.seller.name),
      CreationDate: invoice.issuedAt,
    },
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const text = (value: string, options?: PDFKit.Mixins.TextOptions) => doc.text(printable(value), options);

  doc.font('Helvetica-Bold').fontSize(20);
  text('Invoice');
  doc.font('Helvetica').fontSize(10).moveDown(0.5);
  text(`Invoice number: ${invoice.number}`);
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
  for (const line of invoice.lines) {
    row([
      line.sku,
      line.name,
      String(line.quantity),
      money(line.unitAmount, invoice),
      money(line.quantity * line.unitAmount, invoice),
    ]);
  }
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .stroke();
  doc.moveDown(0.5);
  row(['', 'Total', '', '', money(invoice.total, invoice)], true);

  doc.moveDown(2).font('Helvetica').fontSize(8);
  text(`Amounts in ${invoice.currency}. Paid with PayPal when the order was confirmed.`, {
    width,
  });
  doc.end();
  return doc;
}
