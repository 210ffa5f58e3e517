import { OrderConfirmed, OrderShipped } from '@sidecart/contracts';
import type { Customer } from '../src/domain/customer';
import { mailId, orderConfirmationMail, shippingNoticeMail } from '../src/domain/order-mail';

const orderId = '0192f4c2-7a1b-7c3d-8e4f-a1b2c3d4e5f6';
const customer: Customer = {
  id: '665f1c2b9d3e4a5b6c7d8e9f',
  email: 'ada@example.com',
  name: 'Ada <Lovelace>',
  role: 'customer',
  emailVerified: true,
  addresses: [],
  preferences: { currency: 'EUR', language: 'en', marketingConsent: false },
  createdAt: new Date('2026-01-01T00:00:00Z'),
};
const confirmed = OrderConfirmed.parse({
  eventId: '3f0c8a52-6c1e-4b0e-9a57-2f0d3c1b4a69',
  occurredAt: '2026-12-02T10:00:00.000Z',
  orderId,
  customerId: customer.id,
  lines: [
    {
      productId: '665f1c2b9d3e4a5b6c7d8ea0',
      sku: 'MUG-1',
      quantity: 2,
      unitPrice: { amount: 1250, currency: 'EUR' },
    },
    {
      productId: '665f1c2b9d3e4a5b6c7d8ea1',
      sku: 'TEE-2',
      quantity: 1,
      unitPrice: { amount: 999, currency: 'EUR' },
    },
  ],
  total: { amount: 3499, currency: 'EUR' },
});

describe('order emails', () => {
  it('the confirmation names the order number, each line and the total, formatted from minor units', () => {
    const mail = orderConfirmationMail(confirmed, customer);
    expect(mail.id).toBe(mailId('order-confirmation', orderId));
    expect(mail.to).toBe('ada@example.com');
    expect(mail.subject).toBe(`Your Sidecart order ${orderId.slice(-8)} is confirmed`);
    expect(mail.html).toContain('<td>MUG-1</td><td>2</td><td>€12.50</td><td>€25.00</td>');
    expect(mail.html).toContain('<td>TEE-2</td><td>1</td><td>€9.99</td><td>€9.99</td>');
    expect(mail.html).toContain('Total: <strong>€34.99</strong>');
  });

  it("amounts follow the shopper's language", () => {
    const mail = orderConfirmationMail(confirmed, {
      ...customer,
      preferences: { ...customer.preferences, language: 'de' },
    });
    expect(mail.html).toContain('34,99\u00a0€');
  });

  it('escapes what people typed (the name) as HTML', () => {
    const mail = orderConfirmationMail(confirmed, customer);
    expect(mail.html).toContain('Hello Ada &lt;Lovelace&gt;,');
    expect(mail.html).not.toContain('<Lovelace>');
  });

  it('the shipping notice names the carrier and the tracking number; one id per order and kind', () => {
    const shipped = OrderShipped.parse({
      eventId: '5b3a7f10-2d4c-4e8a-9b6f-0c1d2e3f4a5b',
      occurredAt: '2026-12-03T10:00:00.000Z',
      orderId,
      customerId: customer.id,
      trackingNumber: 'TRK-42',
      carrier: 'DHL',
    });
    const mail = shippingNoticeMail(shipped, customer);
    expect(mail.subject).toBe(`Your Sidecart order ${orderId.slice(-8)} has shipped`);
    expect(mail.html).toContain('with DHL');
    expect(mail.html).toContain('Tracking number: <strong>TRK-42</strong>');
    expect(mail.id).toBe(`shipping-notice:${orderId}`);
    expect(mail.id).not.toBe(orderConfirmationMail(confirmed, customer).id);
  });
});
