import request from 'supertest';
import { AccountExport } from '@sidecart/contracts';
import { Dapr, IDENTITY_HEADERS, type InvokeOptions, type InvokeResponse } from '@sidecart/service-kit';
import { createInternalApp } from '../src/app';
import { healthRounds } from '../src/routes/system';
import { logger, signedToken, testGateway } from './fixtures';

const ME = '6b065900492b27f54e76c9d7';
const ORDER_IDS = [
  '0190a8d2-7b7c-7cc3-8b5e-3f1c2d4e5f63',
  '0190a8d2-7b7c-7cc3-8b5e-3f1c2d4e5f62',
  '0190a8d2-7b7c-7cc3-8b5e-3f1c2d4e5f61',
];
const json = (status: number, body: unknown): InvokeResponse => ({
  status,
  headers: new Headers({ 'content-type': 'application/json' }),
  body,
});
const money = { amount: 1200, currency: 'EUR' };
const order = (id: string, i: number) => ({
  id,
  customerId: ME,
  status: 'CONFIRMED',
  lines: [{ productId: '6b065900492b27f54e76c9d8', sku: 'MUG', name: 'Mug', quantity: 1, unitPrice: money }],
  subtotal: money,
  shipping: { method: 'economy', amount: { amount: 0, currency: 'EUR' } },
  tax: { country: 'FR', rate: 2000, amount: { amount: 200, currency: 'EUR' }, included: true },
  total: money,
  shippingAddress: { name: 'Ada', line1: '1 Road', city: 'Paris', postalCode: '75001', country: 'FR' },
  payment: { paymentId: null, approveUrl: null },
  tracking: null,
  cancelReason: null,
  history: [],
  invoice: null,
  creditNotes: [],
  refunds: [],
  createdAt: `2026-11-2${i}T10:00:00.000Z`,
  updatedAt: `2026-11-2${i}T10:00:00.000Z`,
});

/** The services as the export reads them: two pages of orders, a payment for all but the oldest. */
class Services extends Dapr {
  calls: { appId: string; path: string; headers: Record<string, string> }[] = [];
  constructor() {
    super({ httpPort: 1 });
  }
  override async invoke(appId: string, path: string, options: InvokeOptions = {}): Promise<InvokeResponse> {
    this.calls.push({ appId, path, headers: options.headers ?? {} });
    if (appId === 'customer' && path === `customers/${ME}/export`) {
      return {
        ...json(200, { exportedAt: '2026-11-30T10:00:00.000Z', profile: profile(), orders: [] }),
        headers: new Headers({ 'content-disposition': `attachment; filename="sidecart-${ME}.json"` }),
      };
    }
    if (appId === 'order' && path === 'orders?limit=100') {
      return json(200, { items: ORDER_IDS.slice(0, 2).map((id, i) => summary(id, i)), nextCursor: 'page2' });
    }
    if (appId === 'order' && path === 'orders?limit=100&cursor=page2') {
      return json(200, { items: [summary(ORDER_IDS[2]!, 2)], nextCursor: null });
    }
    const byId = ORDER_IDS.findIndex((id) => path === `orders/${id}`);
    if (appId === 'order' && byId >= 0) return json(200, order(ORDER_IDS[byId]!, 9 - byId));
    const paid = ORDER_IDS.slice(0, 2).findIndex((id) => path === `payments/order/${id}`);
    if (appId === 'payment' && paid >= 0) return json(200, payment(ORDER_IDS[paid]!, 9 - paid));
    if (appId === 'payment') return json(404, { status: 404, title: 'Not Found' });
    throw new Error(`unexpected call ${appId} ${path}`);
  }
}
const profile = () => ({
  id: ME,
  email: 'ada@example.com',
  name: 'Ada',
  emailVerified: false,
  addresses: [],
  preferences: { currency: 'EUR', language: 'en', marketingConsent: false },
  createdAt: '2026-11-01T10:00:00.000Z',
});
const summary = (id: string, i: number) => {
  const { status, total, invoice, creditNotes, createdAt, updatedAt } = order(id, 9 - i);
  return { id, status, total, invoice, creditNotes, createdAt, updatedAt };
};
const payment = (orderId: string, i: number) => ({
  id: orderId.replace(/.$/, 'a'),
  orderId,
  customerId: ME,
  amount: money,
  status: 'CAPTURED',
  provider: 'paypal',
  providerOrderId: `PP-${i}`,
  approveUrl: null,
  capture: null,
  refund: null,
  failureReason: null,
  createdAt: `2026-11-2${i}T10:00:00.000Z`,
  updatedAt: `2026-11-2${i}T10:00:00.000Z`,
});

describe('GET /api/v1/me/export', () => {
  it("adds every order and payment of the caller's, read as the caller through the shopper's own routes", async () => {
    const dapr = new Services();
    const res = await request(testGateway(dapr))
      .get('/api/v1/me/export')
      .set('authorization', `Bearer ${await signedToken(ME)}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="sidecart-${ME}.json"`);
    const body = AccountExport.parse(res.body);
    expect(body.profile.email).toBe('ada@example.com');
    expect(body.orderRecords.map((o) => o.id)).toEqual(ORDER_IDS);
    expect(body.payments.map((p) => p.orderId)).toEqual(ORDER_IDS.slice(0, 2));
    // Every call after the customer service's carries the caller's identity: the services' own
    // ownership checks apply, and only paths of the gateway's route table are called.
    for (const call of dapr.calls) expect(call.headers[IDENTITY_HEADERS.userId]).toBe(ME);
    expect(
      new Set(dapr.calls.map((c) => c.path.replace(/[0-9a-f-]{36}/, ':id').replace(/\?.*/, ''))),
    ).toEqual(new Set([`customers/${ME}/export`, 'orders', 'orders/:id', 'payments/order/:id']));
  });

  it('fails rather than leave something out when a service cannot answer', async () => {
    class PaymentDown extends Services {
      override async invoke(appId: string, path: string, options: InvokeOptions = {}) {
        if (appId === 'payment') return json(500, { status: 500, title: 'Internal Server Error' });
        return super.invoke(appId, path, options);
      }
    }
    const res = await request(testGateway(new PaymentDown()))
      .get('/api/v1/me/export')
      .set('authorization', `Bearer ${await signedToken(ME)}`);
    expect(res.status).toBeGreaterThanOrEqual(500);
  });
});

describe('the internal port', () => {
  it('answers every service’s details without a token', async () => {
    class Ready extends Dapr {
      constructor() {
        super({ httpPort: 1 });
      }
      override async invoke(appId: string): Promise<InvokeResponse> {
        return json(200, { status: 'ok', service: appId, checks: { subscriptions: { status: 'ok' } } });
      }
    }
    const app = createInternalApp({ health: healthRounds(new Ready()), logger });
    const res = await request(app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.services.order.checks.subscriptions).toEqual({ status: 'ok' });
    const text = await request(app).get('/health/summary');
    expect(text.text).toMatch(/all 5 services ok/);
  });
});
