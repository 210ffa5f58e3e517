import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import {
  browserForTests,
  fillCheckoutAddress,
  screenshots,
  seriousViolations,
  settled,
  signIn,
  STOREFRONT,
} from '../src/browser';
import { ADMIN, createProduct } from '../src/shop';
import { api } from '../src/api';
import { eventually, localSecrets } from '../src/stack';
import { testPicture } from '../src/pictures';

/**
 * The storefront in a real browser (Debian's Chromium) against the whole system started as
 * the README does: every click goes storefront → gateway → Dapr → services.
 */
const browser = browserForTests();

/** A fresh browser profile: no cookies, no session. */
async function visitor(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return { context, page };
}

const PASSWORD = 'storefront-test-42';

async function signUp(page: Page, shot: (page: Page, name: string) => Promise<void>) {
  const email = `browser-${randomUUID()}@example.com`;
  await page.goto(`${STOREFRONT}/signup`);
  await page.getByLabel('Full name').fill('Grace Hopper');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await shot(page, 'sign-up');
  await page.getByRole('button', { name: 'Create account' }).click();
  // Signed in: the header offers to sign out.
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return email;
}

describe('storefront in a real browser', () => {
  it('a signed-out visitor opening the account page is sent to sign-in, and back after it', async () => {
    const shot = screenshots('protected-route');
    const { context, page } = await visitor();
    await page.goto(`${STOREFRONT}/account`);
    await page.waitForURL(/\/signin\?callbackUrl=%2Faccount$/);
    const heading = page.getByRole('heading', { level: 1, name: 'Sign in' });
    await heading.waitFor();
    expect(await heading.isVisible()).toBe(true);
    await shot(page, 'redirected-to-sign-in');

    // Wrong password: a plain message, still on the sign-in page.
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password').fill('not-the-password-1');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'The email or the password is not correct' }).waitFor();
    await shot(page, 'wrong-password');

    // The right password brings the visitor back to the page they asked for.
    const email = `returning-${randomUUID()}@example.com`;
    const signUp = await fetch('http://127.0.0.1:8080/api/v1/customers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD, name: 'Returning Shopper' }),
    });
    expect(signUp.status).toBe(201);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${STOREFRONT}/account`);
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    // The profile loaded (not the error the page shows when /me fails).
    await page.getByRole('heading', { level: 2, name: 'Profile and preferences' }).waitFor();
    expect(await page.locator('main .form-error').count()).toBe(0);
    await shot(page, 'back-on-account-page');
    await context.close();
  });

  it('every page behind a sign-in sends a signed-out visitor to sign-in with the way back; admin pages turn shoppers away', async () => {
    const { context, page } = await visitor();
    const orderId = randomUUID();
    for (const path of [
      '/checkout',
      '/orders',
      `/orders/${orderId}`,
      `/checkout/pay?orderId=${orderId}`,
      `/checkout/return?orderId=${orderId}`,
      `/checkout/cancelled?orderId=${orderId}`,
      '/admin',
      '/admin/products',
      '/admin/orders',
    ]) {
      await page.goto(`${STOREFRONT}${path}`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/signin');
      expect(new URL(page.url()).searchParams.get('callbackUrl')).toBe(path);
    }
    // A shopper (not an admin) who asks for the admin area lands on the home page.
    await signUp(page, async () => {});
    for (const path of ['/admin', '/admin/products', '/admin/orders']) {
      await page.goto(`${STOREFRONT}${path}`);
      await page.waitForURL(`${STOREFRONT}/`);
    }
    await context.close();
  });

  it('a shopper who cancels on PayPal lands on the "payment not completed" page, and can cancel the order there', async () => {
    const shot = screenshots('paypal-cancel');
    const product = await createProduct(2);
    const { context, page } = await visitor();
    await signUp(page, shot);
    await page.goto(`${STOREFRONT}/products/${product.slug}`);
    await page.getByRole('heading', { level: 1, name: product.name }).waitFor();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('status').filter({ hasText: 'Added 1 to your cart' }).waitFor();
    await page.goto(`${STOREFRONT}/checkout`);
    await fillCheckoutAddress(page);
    await page.getByRole('button', { name: 'Place order and pay with PayPal' }).click();
    await page.waitForURL(/127\.0\.0\.1:8090\/checkoutnow/, { timeout: 60_000 });
    await page.getByRole('button', { name: 'Cancel and return to the shop' }).click();

    await page.waitForURL(/localhost:3000\/checkout\/cancelled\?orderId=/);
    await page.getByRole('heading', { level: 1, name: 'Payment not completed' }).waitFor();
    await shot(page, 'payment-not-completed');
    const orderId = new URL(page.url()).searchParams.get('orderId')!;
    // The units stay held while the shopper decides.
    expect((await api('GET', `/products/${product.id}`, ADMIN)).body.stock.reserved).toBe(1);
    expect(await page.getByRole('link', { name: 'Try paying again' }).getAttribute('href')).toBe(
      `/checkout/pay?orderId=${orderId}`,
    );
    await page.getByRole('button', { name: 'Cancel the order' }).click();
    await eventually(
      async () => {
        const stock = (await api('GET', `/products/${product.id}`, ADMIN)).body.stock;
        return stock.reserved === 0 && stock.available === 2 ? stock : undefined;
      },
      { what: 'the held unit to go back on the shelf' },
    );
    await context.close();
  });

  it('sign up → search → product → two items in the cart → checkout → PayPal → confirmed in the history', async () => {
    const shot = screenshots('purchase');
    const { context, page } = await visitor();
    await signUp(page, shot);

    // Search a word from the catalog.
    await page.getByRole('searchbox', { name: 'Search products' }).fill('teapot');
    await page.getByRole('searchbox', { name: 'Search products' }).press('Enter');
    await page.waitForURL(/\/search\?q=teapot/);
    await page.getByRole('heading', { name: /Results for “teapot”/ }).waitFor();
    const results = page.locator('main ul.grid > li');
    expect(await results.count()).toBeGreaterThan(1);
    const names = await page.locator('main ul.grid h3').allTextContents();
    expect(names.every((n) => /teapot/i.test(n))).toBe(true);
    await shot(page, 'search-results');

    // Open the first product that is in stock and add two of it.
    await page.getByRole('checkbox', { name: 'In stock only' }).check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/inStock=true/);
    const first = page.locator('main ul.grid a').first();
    const productName = (await first.locator('h3').textContent())!.trim();
    await first.click();
    await page.getByRole('heading', { level: 1, name: productName }).waitFor();
    await shot(page, 'product');
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('status').filter({ hasText: 'Added 2 to your cart' }).waitFor();
    await shot(page, 'added-to-cart');

    // The cart shows the two items and their total.
    await page.getByRole('link', { name: 'Cart', exact: true }).click();
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    await expect(page.getByLabel(`Quantity of ${productName}`).inputValue()).resolves.toBe('2');
    const price = await page.locator('tbody td.num').first().textContent();
    const total = await page.getByTestId('cart-total').textContent();
    const amount = (text: string | null) => Number(text!.replace(/[^0-9]/g, ''));
    expect(amount(total)).toBe(2 * amount(price));
    await shot(page, 'cart');

    // Checkout: address, then PayPal.
    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await fillCheckoutAddress(page);
    await shot(page, 'checkout');
    await page.getByRole('button', { name: 'Place order and pay with PayPal' }).click();

    // The saga reserves the stock and opens a payment; the storefront then sends us to PayPal.
    await page.waitForURL(/127\.0\.0\.1:8090\/checkoutnow/, { timeout: 60_000 });
    await page.getByRole('heading', { name: /^Pay / }).waitFor();
    await shot(page, 'paypal-approval');
    await page.getByRole('button', { name: 'Pay now' }).click();

    // Back in the shop: the payment is captured and the order confirmed.
    await page.waitForURL(/localhost:3000\/checkout\/return/);
    await page.getByRole('heading', { name: 'Thank you for your order!' }).waitFor({ timeout: 90_000 });
    await shot(page, 'confirmation');

    await page.getByRole('link', { name: 'View your order' }).click();
    await page.getByTestId('order-timeline').waitFor();
    const timeline = await page.getByTestId('order-timeline').textContent();
    expect(timeline).toMatch(/Placed.*Awaiting payment.*Paid.*Confirmed/s);
    await shot(page, 'order-page');

    await page.getByRole('link', { name: 'Orders', exact: true }).click();
    await page.getByRole('heading', { name: 'Your orders' }).waitFor();
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('Confirmed');
    await shot(page, 'order-history');
    await context.close();
  });

  it('an admin lowers a product’s stock to 0; a shopper sees it out of stock and cannot add it', async () => {
    const shot = screenshots('admin-stock');
    const product = await createProduct(3);
    const { name, slug } = product;

    const secrets = localSecrets();
    const admin = await visitor();
    await signIn(admin.page, secrets.ADMIN_EMAIL!, secrets.ADMIN_PASSWORD!, '/admin/products');
    await admin.page.getByRole('heading', { name: 'Products' }).waitFor();
    await admin.page.locator('#admin-q').fill(product.sku);
    await admin.page.locator('#admin-q').press('Enter');
    const row = admin.page.getByRole('row', { name: new RegExp(product.sku) });
    await row.waitFor();
    await shot(admin.page, 'admin-products');
    await admin.page.getByLabel(`Stock change for ${name}`).fill('-3');
    await admin.page.getByLabel(`Reason for the stock change of ${name}`).selectOption('CORRECTION');
    await admin.page.getByRole('button', { name: `Adjust stock of ${name}` }).click();
    // On hand and available were 3; the refreshed row shows 0 for both.
    await row.getByRole('cell', { name: '3', exact: true }).first().waitFor({ state: 'detached' });
    expect(await row.getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining([product.sku, '0', '0', '0']),
    );
    await shot(admin.page, 'stock-lowered');
    await admin.context.close();

    // The catalog now says 0 available, and the storefront will not sell it.
    const after = await api('GET', `/products/${product.id}`);
    expect(after.body.stock).toEqual({ onHand: 0, reserved: 0, available: 0 });

    const shopper = await visitor();
    await signUp(shopper.page, shot);
    await shopper.page.goto(`${STOREFRONT}/products/${slug}`);
    await shopper.page.getByRole('heading', { level: 1, name }).waitFor();
    await expect(shopper.page.getByText('Out of stock', { exact: true }).first().isVisible()).resolves.toBe(
      true,
    );
    await expect(shopper.page.getByRole('button', { name: 'Out of stock' }).isDisabled()).resolves.toBe(true);
    expect(await shopper.page.getByRole('button', { name: 'Add to cart' }).count()).toBe(0);
    await shot(shopper.page, 'shopper-sees-out-of-stock');
    await shopper.context.close();
  });

  it('an admin uploads a picture for a product; its page shows it, in every width, from the shop', async () => {
    const shot = screenshots('admin-picture');
    const product = await createProduct(4);
    const { context, page } = await visitor();
    const secrets = localSecrets();
    await signIn(page, secrets.ADMIN_EMAIL!, secrets.ADMIN_PASSWORD!, '/admin/products');
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    await page.locator('#admin-q').fill(product.sku);
    await page.locator('#admin-q').press('Enter');
    await page.getByRole('row', { name: new RegExp(product.sku) }).waitFor();

    // A photo as a camera leaves it: 1600 × 1200 JPEG.
    const photo = await testPicture('jpeg', 1600, 1200);
    await page.getByLabel(`New picture for ${product.name}`).setInputFiles({
      name: 'mug.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    await shot(page, 'picture-chosen');
    await page.getByRole('button', { name: `Upload picture of ${product.name}` }).click();
    await page.getByRole('status').filter({ hasText: 'has its new picture' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'picture-uploaded');

    // The catalog points at the re-encoded picture, and the product page shows it.
    const stored = (await api('GET', `/products/${product.id}`, ADMIN)).body.images[0] as string;
    expect(stored).toMatch(/^\/api\/v1\/images\/[a-f0-9]{16}-960\.webp$/);
    await page.goto(`${STOREFRONT}/products/${product.slug}`);
    await page.getByRole('heading', { level: 1, name: product.name }).waitFor();
    expect(await settled(page)).toEqual({ pictures: 1, placeholders: 0 });
    const picture = page.locator('img.product-image');
    expect(await picture.getAttribute('src')).toBe(stored);
    const base = stored.replace(/-960\.webp$/, '');
    expect(await picture.getAttribute('srcset')).toBe(
      `${base}-320.webp 320w, ${base}-640.webp 640w, ${base}-960.webp 960w`,
    );
    expect(await picture.getAttribute('sizes')).toBeTruthy();
    // Chromium chose one of the widths and decoded it: 4:3 like the photo.
    const shown = (await page.evaluate(`(() => {
      const img = document.querySelector('img.product-image');
      return { src: img.currentSrc, width: img.naturalWidth, height: img.naturalHeight };
    })()`)) as { src: string; width: number; height: number };
    expect(shown.src).toMatch(new RegExp(`${base}-(320|640|960)\\.webp$`));
    expect(shown.width * 3).toBe(shown.height * 4);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'product-with-picture');
    await context.close();
  });

  it('fits a phone: home, search and product pages are no wider than 375 px once loaded', async () => {
    const shot = screenshots('phone');
    const context = await browser().newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const widths: Record<string, number> = {};

    /** Waits for the page's content (no "Loading…", every picture loaded: `settled`), then measures it. */
    const measure = async (label: string) => {
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const counts = await settled(page);
      widths[label] = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      await shot(page, label);
      return counts;
    };

    await page.goto(`${STOREFRONT}/`);
    const home = await measure('home');
    const featured = await page.locator('main ul.grid > li').count();
    expect(featured).toBeGreaterThan(0);
    // The newest products lead the home page: after other test files, products those tests made
    // without a picture (a placeholder each). Every card shows one or the other, and `settled` has
    // checked every picture loaded; the demo drawings are checked on the search and product pages.
    expect(home.pictures + home.placeholders).toBe(featured);

    await page.goto(`${STOREFRONT}/signup`);
    await measure('sign-up');
    expect(await page.getByLabel('Email').isVisible()).toBe(true);

    await page.goto(`${STOREFRONT}/search?q=lamp`);
    const search = await measure('search');
    const results = await page.locator('main ul.grid > li').count();
    expect(results).toBeGreaterThan(0);
    expect(search).toEqual({ pictures: results, placeholders: 0 });

    const first = page.locator('main ul.grid a').first();
    const productName = (await first.locator('h3').textContent())!.trim();
    await first.click();
    await page.waitForURL(/\/products\//);
    await page.getByRole('heading', { level: 1, name: productName }).waitFor();
    const product = await measure('product');
    expect(product).toEqual({ pictures: 1, placeholders: 0 });
    await context.close();

    expect(Object.keys(widths).sort()).toEqual(['home', 'product', 'search', 'sign-up']);
    expect(Object.entries(widths).filter(([, width]) => width > 375)).toEqual([]);
  });

  it('the main pages have no serious or critical accessibility violations (axe-core)', async () => {
    const shot = screenshots('accessibility');
    const { context, page } = await visitor();
    const found: Record<string, unknown> = {};
    const scan = async (label: string) => {
      await shot(page, label); // once settled: content and pictures in place
      const violations = await seriousViolations(page);
      if (violations.length > 0) found[label] = violations;
    };

    for (const [label, path] of [
      ['home', '/'],
      ['search', '/search?q=mug'],
      ['sign-in', '/signin'],
      ['sign-up', '/signup'],
    ] as const) {
      await page.goto(`${STOREFRONT}${path}`);
      await scan(label);
    }
    await page.goto(`${STOREFRONT}/search?q=mug`);
    await page.locator('main ul.grid a').first().click();
    await page.waitForURL(/\/products\//);
    await scan('product');

    await signUp(page, async () => undefined);
    for (const [label, path] of [
      ['cart', '/cart'],
      ['orders', '/orders'],
      ['account', '/account'],
    ] as const) {
      await page.goto(`${STOREFRONT}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await scan(label);
    }
    await context.close();

    const admin = await visitor();
    const secrets = localSecrets();
    await signIn(admin.page, secrets.ADMIN_EMAIL!, secrets.ADMIN_PASSWORD!, '/admin/products');
    await admin.page.getByRole('heading', { level: 1 }).first().waitFor();
    for (const v of await seriousViolations(admin.page))
      found['admin-products'] = [...((found['admin-products'] as unknown[]) ?? []), v];
    await admin.page.goto(`${STOREFRONT}/admin/orders`);
    await admin.page.getByRole('heading', { level: 1 }).first().waitFor();
    for (const v of await seriousViolations(admin.page))
      found['admin-orders'] = [...((found['admin-orders'] as unknown[]) ?? []), v];
    await admin.context.close();

    expect(found).toEqual({});
  });
});
