/**
 * Shipping and tax (docs/architecture.md, "Shipping and tax") through the public gateway: the
 * quote before payment, the order's subtotal, shipping, tax and total, and PayPal's breakdown,
 * for three destinations, against amounts computed by hand here from the shop's pricing.json
 * (prices include tax; DE 19 %, FR 20 %, US none; standard 4.90 free from 50.00, express 9.90,
 * economy free and the default; tax per line, rounded half up).
 */
import type { Browser } from 'playwright-core';
import { api } from '../src/api';
import { fillCheckoutAddress, launchBrowser, screenshots, seriousViolations, signIn } from '../src/browser';
import { paypalOrder } from '../src/paypal';
import {
  address,
  approveOnPayPal,
  capture,
  checkout,
  createProduct,
  fillCart,
  newShopper,
  registeredShopper,
  untilStatus,
  withApproveUrl,
  type Who,
} from '../src/shop';
import { eventually } from '../src/stack';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const paypalValue = (amount: number) => ({ currency_code: 'EUR', value: (amount / 100).toFixed(2) });

/** Two mugs at 12.50 and one at 9.99: goods worth 34.99 in every case below. */
async function cartOf34_99(who: Who) {
  const [a, b] = await Promise.all([createProduct(20, 1250), createProduct(20, 999)]);
  await fillCart(who, [
    { productId: a.id, quantity: 2 },
    { productId: b.id, quantity: 1 },
  ]);
  return { a, b };
}

/**
 * The three destinations, computed by hand. Lines 25.00 and 9.99; the tax a gross amount holds
 * at rate r is amount × r / (1 + r), per line, half up.
 */
const DESTINATIONS = [
  {
    country: 'DE',
    shippingMethod: 'standard',
    // 25.00 × 19/119 = 3.9916 → 3.99; 9.99 × 19/119 = 1.5950 → 1.60; shipping 4.90 × 19/119 = 0.7824 → 0.78.
    shipping: 490,
    tax: 399 + 160 + 78,
    total: 3499 + 490,
    // PayPal: goods 34.99 − 5.59 = 29.40, shipping 4.90 − 0.78 = 4.12, tax 6.37.
    breakdown: { item_total: 2940, shipping: 412, tax_total: 637 },
    rate: 1900,
  },
  {
    country: 'FR',
    shippingMethod: 'express',
    // 25.00 / 6 = 4.1667 → 4.17; 9.99 / 6 = 1.665 → 1.67 (a half, rounded up); 9.90 / 6 = 1.65.
    shipping: 990,
    tax: 417 + 167 + 165,
    total: 3499 + 990,
    // PayPal: goods 34.99 − 5.84 = 29.15, shipping 9.90 − 1.65 = 8.25, tax 7.49.
    breakdown: { item_total: 2915, shipping: 825, tax_total: 749 },
    rate: 2000,
  },
  {
    // No method named: the shop's default, economy (free); no tax outside the EU.
    country: 'US',
    shippingMethod: undefined,
    shipping: 0,
    tax: 0,
    total: 3499,
    breakdown: { item_total: 3499, shipping: 0, tax_total: 0 },
    rate: 0,
  },
] as const;

describe('shipping and tax through the gateway', () => {
  it.each(DESTINATIONS)(
    'to $country: the quote, the order and PayPal’s breakdown match the totals computed by hand',
    async (d) => {
      const shopper = newShopper();
      await cartOf34_99(shopper);
      const method = d.shippingMethod ? { shippingMethod: d.shippingMethod } : {};

      const quote = await api('POST', '/cart/quote', shopper, {
        country: d.country,
        currency: 'EUR',
        ...method,
      });
      expect(quote.status).toBe(200);
      expect(quote.body).toMatchObject({
        subtotal: eur(3499),
        shipping: { method: d.shippingMethod ?? 'economy', amount: eur(d.shipping) },
        tax: { country: d.country, rate: d.rate, amount: eur(d.tax), included: true },
        total: eur(d.total),
      });
      expect(quote.body.lines.map((l: { amount: { amount: number } }) => l.amount.amount)).toEqual([
        2500, 999,
      ]);
      expect(
        quote.body.shippingMethods.map((m: { method: string; amount: { amount: number } }) => [
          m.method,
          m.amount.amount,
        ]),
      ).toEqual([
        ['economy', 0],
        ['standard', 490],
        ['express', 990],
      ]);

      const placed = await checkout(shopper, undefined, {
        shippingAddress: { ...address, country: d.country },
        currency: 'EUR',
        ...method,
      });
      expect(placed.status).toBe(201);
      expect(placed.body).toMatchObject({
        subtotal: eur(3499),
        shipping: { method: d.shippingMethod ?? 'economy', amount: eur(d.shipping) },
        tax: { country: d.country, rate: d.rate, amount: eur(d.tax), included: true },
        total: eur(d.total),
      });

      // The PayPal order is opened at the new total, with goods, shipping and tax split out.
      const reserved = await withApproveUrl(shopper, placed.body.id);
      const payment = (await api('GET', `/orders/${placed.body.id}/payment`, shopper)).body;
      expect(payment.amount).toEqual(eur(d.total));
      const atPayPal = (await paypalOrder(payment.providerOrderId)).body.purchase_units[0].amount;
      expect(atPayPal).toEqual({
        ...paypalValue(d.total),
        breakdown: {
          item_total: paypalValue(d.breakdown.item_total),
          shipping: paypalValue(d.breakdown.shipping),
          tax_total: paypalValue(d.breakdown.tax_total),
        },
      });

      await approveOnPayPal(reserved.payment.approveUrl);
      const captured = await capture(shopper, placed.body.id);
      expect(captured.body.capture.amount).toEqual(eur(d.total));
      const confirmed = await untilStatus(shopper, placed.body.id, ['CONFIRMED']);
      expect(confirmed).toMatchObject({ total: eur(d.total), tax: { amount: eur(d.tax) } });
    },
  );

  it('ships free from the threshold on, also after a change of the order’s lines', async () => {
    const shopper = newShopper();
    const mug = await createProduct(20, 1250);
    await fillCart(shopper, [{ productId: mug.id, quantity: 2 }]);
    const standard = { country: 'DE', currency: 'EUR', shippingMethod: 'standard' };
    // 25.00 pays 4.90 standard shipping; tax 3.99 + 0.78.
    expect((await api('POST', '/cart/quote', shopper, standard)).body).toMatchObject({
      shipping: { amount: eur(490), freeFrom: eur(5000) },
      tax: { amount: eur(399 + 78) },
      total: eur(2990),
    });
    const placed = await checkout(shopper, undefined, {
      shippingAddress: { ...address, country: 'DE' },
      currency: 'EUR',
      shippingMethod: 'standard',
    });
    expect(placed.body.total).toEqual(eur(2990));
    await withApproveUrl(shopper, placed.body.id);

    // Four mugs: 50.00 reaches the threshold, shipping is free; 50.00 × 19/119 = 7.9832 → 7.98.
    const changed = await eventually(
      async () => {
        const res = await api('PATCH', `/orders/${placed.body.id}`, shopper, {
          lines: [{ productId: mug.id, quantity: 4 }],
        });
        return res.status === 200 ? res : undefined;
      },
      { what: 'the change of the order to be applied' },
    );
    expect(changed.body).toMatchObject({
      subtotal: eur(5000),
      shipping: { method: 'standard', amount: eur(0) },
      tax: { amount: eur(798) },
      total: eur(5000),
    });
    const payment = (await api('GET', `/orders/${placed.body.id}/payment`, shopper)).body;
    expect((await paypalOrder(payment.providerOrderId)).body.purchase_units[0].amount).toEqual({
      ...paypalValue(5000),
      breakdown: { item_total: paypalValue(4202), shipping: paypalValue(0), tax_total: paypalValue(798) },
    });
  });

  it('takes nothing of the price from the client, and names a shipping method it does not know', async () => {
    const shopper = newShopper();
    await cartOf34_99(shopper);
    const body = { shippingAddress: { ...address, country: 'DE' }, currency: 'EUR' };
    for (const field of ['total', 'shipping', 'tax']) {
      const priced = await checkout(shopper, undefined, { ...body, [field]: eur(1) });
      expect(priced.status).toBe(400);
      expect(priced.body.errors[0].path).toBe(field);
    }
    const unknown = await checkout(shopper, undefined, { ...body, shippingMethod: 'pigeon' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      { path: 'shippingMethod', message: 'must be one of economy, standard, express' },
    ]);
    const badCountry = await api('POST', '/cart/quote', shopper, { country: 'Germany', currency: 'EUR' });
    expect(badCountry.status).toBe(400);
    expect(badCountry.body.errors[0].path).toBe('country');
  });

  it('quotes a signed-out shopper’s cart', async () => {
    const mug = await createProduct(20, 1250);
    const started = await api('PUT', '/guest-cart', undefined, {
      lines: [{ productId: mug.id, quantity: 1 }],
    });
    expect(started.status).toBe(200);
    const token = started.headers.get('guest-cart')!;
    const quote = await api(
      'POST',
      '/guest-cart/quote',
      undefined,
      { country: 'FR', currency: 'EUR', shippingMethod: 'standard' },
      { 'guest-cart': token },
    );
    expect(quote.status).toBe(200);
    // 12.50 / 6 = 2.0833 → 2.08; shipping 4.90 / 6 = 0.8167 → 0.82.
    expect(quote.body).toMatchObject({ tax: { amount: eur(208 + 82) }, total: eur(1250 + 490) });
  });
});

describe('the breakdown in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the cart and checkout show subtotal, shipping, tax and total before payment, and follow the choices', async () => {
    const shot = screenshots('shipping-tax');
    const shopper = await registeredShopper();
    await cartOf34_99(shopper);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const text = (id: string) => page.getByTestId(id).textContent();

    await signIn(page, shopper.email, 'correct-horse-42', '/cart');
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    // Germany and the default economy shipping: 34.99 with 5.59 of VAT in it (3.99 + 1.60).
    expect(await text('cart-subtotal')).toBe('€34.99');
    expect(await text('cart-shipping')).toBe('Free');
    expect(await text('cart-tax')).toBe('€5.59');
    expect(await text('cart-total')).toBe('€34.99');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'cart-germany');

    // France, standard: 4.90 shipping; VAT 4.17 + 1.67 + 0.82 = 6.66.
    await page.getByLabel('Ship to').selectOption('FR');
    await page.getByLabel('Shipping method').selectOption('standard');
    await page.getByRole('button', { name: 'Update estimate' }).click();
    await page.waitForURL(/country=FR&shipping=standard/);
    expect(await text('cart-shipping')).toBe('€4.90');
    expect(await text('cart-tax')).toBe('€6.66');
    expect(await text('cart-total')).toBe('€39.89');
    expect(await page.getByText('Includes VAT 20 % (FR)').count()).toBe(1);
    await shot(page, 'cart-france-standard');

    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
    await fillCheckoutAddress(page);
    // Germany, express: 9.90 shipping; VAT 3.99 + 1.60 + 1.58 (9.90 × 19/119 = 1.5807).
    await page.getByRole('radio', { name: /^Express/ }).check();
    await eventually(async () => ((await text('checkout-total')) === '€44.89' ? true : undefined), {
      what: 'the checkout total for express shipping',
    });
    expect(await text('checkout-tax')).toBe('€7.17');
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'checkout-germany-express');

    // To France instead: the same total (prices include tax), VAT 4.17 + 1.67 + 1.65.
    await page.getByLabel('Country').selectOption('FR');
    await eventually(async () => ((await text('checkout-tax')) === '€7.49' ? true : undefined), {
      what: 'the checkout tax for France',
    });
    expect(await text('checkout-total')).toBe('€44.89');
    await shot(page, 'checkout-france-express');

    await page.getByRole('button', { name: 'Place order and pay with PayPal' }).click();
    await page.waitForURL(/127\.0\.0\.1:8090\/checkoutnow/, { timeout: 60_000 });
    const orders = (await api('GET', '/orders', shopper)).body.items as { id: string }[];
    const order = (await api('GET', `/orders/${orders[0]!.id}`, shopper)).body;
    expect(order).toMatchObject({
      shipping: { method: 'express', amount: eur(990) },
      tax: { country: 'FR', amount: eur(749) },
      total: eur(4489),
    });
    await context.close();
  });
});
