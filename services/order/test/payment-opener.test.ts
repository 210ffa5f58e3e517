import { createLogger } from '@sidecart/service-kit';
import { PaymentOpener } from '../src/events/payment-opener';
import type { AwaitingPayment, OrderStore } from '../src/store/orders';
import type { Payments } from '../src/clients/payments';

const logger = createLogger('payment-opener-test');
logger.level = 'silent';

const order = (id: string): AwaitingPayment => ({
  id,
  customerId: 'c1',
  total: { amount: 1000, currency: 'EUR' },
  breakdown: { itemTotal: 1000, shipping: 0, taxTotal: 0 },
});

/** Orders awaiting payment, and a payment service whose answers the test releases one by one. */
function fakes(waiting: string[]) {
  const attached = new Map<string, string>();
  const calls: string[] = [];
  const pending = new Map<string, (ok: boolean) => void>();
  const orders = {
    awaitingPaymentOf: async (id: string) => (waiting.includes(id) && !attached.has(id) ? order(id) : null),
    awaitingPayment: async () => waiting.filter((id) => !attached.has(id)).map(order),
    attachPayment: async (id: string, paymentId: string) => void attached.set(id, paymentId),
  } as unknown as OrderStore;
  const payments = {
    open: (o: { id: string }) => {
      calls.push(o.id);
      return new Promise((resolve, reject) =>
        pending.set(o.id, (ok) =>
          ok
            ? resolve({ id: `pay-${o.id}`, approveUrl: 'http://paypal/approve' })
            : reject(new Error('down')),
        ),
      );
    },
  } as unknown as Payments;
  const answer = async (id: string, ok = true) => {
    pending.get(id)!(ok);
    pending.delete(id);
    await new Promise((r) => setTimeout(r, 5));
  };
  return { orders, payments, attached, calls, answer };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('PaymentOpener', () => {
  it('opens payments of independent orders at once, side by side, up to its bound', async () => {
    const f = fakes(['a', 'b', 'c']);
    const opener = new PaymentOpener(f.orders, f.payments, logger, { concurrency: 2, graceSeconds: 5 });
    expect(opener.openSoon('a')).toBe(true);
    expect(opener.openSoon('b')).toBe(true);
    expect(opener.openSoon('c')).toBe(false); // over the bound: left to the sweep
    expect(opener.openSoon('a')).toBe(false); // already being opened
    await tick();
    expect(f.calls).toEqual(['a', 'b']); // both in flight before either answered
    await f.answer('b');
    await f.answer('a');
    expect([...f.attached]).toEqual([
      ['b', 'pay-b'],
      ['a', 'pay-a'],
    ]);
  });

  it('the sweep catches what failed, and skips orders still in flight', async () => {
    const f = fakes(['a', 'b']);
    const opener = new PaymentOpener(f.orders, f.payments, logger, { concurrency: 8, graceSeconds: 0 });
    opener.openSoon('a');
    await tick();
    await f.answer('a', false); // the payment service was down
    opener.openSoon('b'); // b is in flight when the sweep runs
    await tick();
    const sweep = opener.sweep();
    await tick();
    expect(f.calls).toEqual(['a', 'b', 'a']);
    await f.answer('a');
    expect(await sweep).toBe(1);
    await f.answer('b');
    expect([...f.attached.keys()].sort()).toEqual(['a', 'b']);
  });
});
