import {
  formatMoney,
  shortOrderId,
  type Money,
  type OrderConfirmed,
  type OrderShipped,
} from '@sidecart/contracts';
import type { Customer } from './customer';

/** The emails the shop sends about an order: one of each kind per order, ever. */
export type MailKind = 'order-confirmation' | 'shipping-notice';

export type OrderMail = {
  /** `<kind>:<orderId>`: the mail's identity, which is also what makes it go out once. */
  id: string;
  kind: MailKind;
  orderId: string;
  customerId: string;
  /** The event that asked for it (for the logs; a redelivery may carry the same or, re-emitted, another). */
  eventId: string;
  to: string;
  subject: string;
  /** The body, HTML (what Dapr's SMTP binding sends). */
  html: string;
};

export const mailId = (kind: MailKind, orderId: string): string => `${kind}:${orderId}`;

export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A mail's HTML body: a title and paragraphs, signed by the shop. */
export const page = (title: string, paragraphs: string[]): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>` +
  paragraphs.join('') +
  '<p>Sidecart</p></body></html>';

/** The mail of `kind` about the event's order, to the account's address. */
const mailAbout = (
  kind: MailKind,
  event: { orderId: string; customerId: string; eventId: string },
  customer: Customer,
  subject: string,
  html: string,
): OrderMail => ({
  id: mailId(kind, event.orderId),
  kind,
  orderId: event.orderId,
  customerId: event.customerId,
  eventId: event.eventId,
  to: customer.email,
  subject,
  html,
});

const lineTotal = (unitPrice: Money, quantity: number): Money => ({
  amount: unitPrice.amount * quantity,
  currency: unitPrice.currency,
});

/**
 * The order confirmation: the order number, each line (SKU, quantity, unit price, line total) and
 * the total, every amount formatted from its integer minor units in the shopper's language.
 */
export function orderConfirmationMail(event: OrderConfirmed, customer: Customer): OrderMail {
  const locale = customer.preferences.language;
  const number = shortOrderId(event.orderId);
  const subject = `Your Sidecart order ${number} is confirmed`;
  const rows = event.lines
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.sku)}</td><td>${line.quantity}</td>` +
        `<td>${escapeHtml(formatMoney(line.unitPrice, locale))}</td>` +
        `<td>${escapeHtml(formatMoney(lineTotal(line.unitPrice, line.quantity), locale))}</td></tr>`,
    )
    .join('');
  const html = page(subject, [
    `<p>Hello ${escapeHtml(customer.name)},</p>`,
    `<p>Thank you for your order <strong>${number}</strong>. It is paid and confirmed.</p>`,
    '<table><thead><tr><th>Item</th><th>Quantity</th><th>Unit price</th><th>Amount</th></tr></thead>' +
      `<tbody>${rows}</tbody></table>`,
    `<p>Total: <strong>${escapeHtml(formatMoney(event.total, locale))}</strong></p>`,
    '<p>We will write again when it ships.</p>',
  ]);
  return mailAbout('order-confirmation', event, customer, subject, html);
}

/** The shipping notice: the order number, the carrier when known and the tracking number. */
export function shippingNoticeMail(event: OrderShipped, customer: Customer): OrderMail {
  const number = shortOrderId(event.orderId);
  const subject = `Your Sidecart order ${number} has shipped`;
  const html = page(subject, [
    `<p>Hello ${escapeHtml(customer.name)},</p>`,
    `<p>Your order <strong>${number}</strong> is on its way` +
      (event.carrier ? ` with ${escapeHtml(event.carrier)}` : '') +
      '.</p>',
    `<p>Tracking number: <strong>${escapeHtml(event.trackingNumber)}</strong></p>`,
  ]);
  return mailAbout('shipping-notice', event, customer, subject, html);
}
