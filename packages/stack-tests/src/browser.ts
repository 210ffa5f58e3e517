import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import axe from 'axe-core';
import { ARTIFACTS } from './stack';

export const STOREFRONT = 'http://localhost:3000';

/**
 * Debian's Chromium driven by playwright-core (never a browser download). The flags keep
 * it from reaching for Google's services, which a closed network refuses one by one.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
}

/**
 * One Chromium for the tests of a file or describe block: launched before the first, closed after
 * the last. Call it where `beforeAll` may be called; read the browser through the getter it returns.
 */
export function browserForTests(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium did not start (see the beforeAll error above)');
    return browser;
  };
}

/** Debian's Chromium, or CHROMIUM_PATH. */
export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps dialling hosts this machine cannot reach. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Waits until a page shows its content: no "Loading…" left, and every product picture on it
 * loaded (each lazy one scrolled into view first). Fails when one stays "Loading…" or a picture
 * does not load (`naturalWidth` 0, the state a broken picture stays in). Returns how many product
 * pictures it holds, and how many placeholders (a product without a picture, or one that failed).
 */
export async function settled(page: Page): Promise<{ pictures: number; placeholders: number }> {
  await page.getByText('Loading…').first().waitFor({ state: 'detached' });
  await page.evaluate(`(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += 400) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(() => r()));
    }
    window.scrollTo(0, 0);
  })()`);
  // Every picture settles (loaded or failed); the check below says which.
  await page.waitForFunction(
    `[...document.querySelectorAll('img.product-image')].every((img) => img.complete)`,
  );
  const broken = (await page.evaluate(
    `[...document.querySelectorAll('img.product-image')].filter((img) => img.naturalWidth === 0).map((img) => img.currentSrc || img.src)`,
  )) as string[];
  if (broken.length > 0) throw new Error(`pictures that did not load on ${page.url()}: ${broken.join(', ')}`);
  if ((await page.getByText('Loading…').count()) > 0) throw new Error(`"Loading…" is left on ${page.url()}`);
  return {
    pictures: await page.locator('img.product-image').count(),
    placeholders: await page.locator('.image-placeholder').count(),
  };
}

/**
 * Saves a numbered full-page screenshot of a journey's step under test-artifacts/storefront/,
 * once the page has settled (above): a screenshot never shows "Loading…" or a half-loaded picture.
 */
export function screenshots(journey: string) {
  const dir = path.join(ARTIFACTS, 'storefront', journey);
  fs.mkdirSync(dir, { recursive: true });
  let step = 0;
  return async (page: Page, name: string) => {
    await settled(page);
    step += 1;
    await page.screenshot({
      path: path.join(dir, `${String(step).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };
}

export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] };

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axe.source });
  // Runs in the page, where axe is a global; typed here without the DOM library.
  const violations = await page.evaluate(async () => {
    const inPage = globalThis as unknown as { axe: typeof axe; document: axe.ElementContext };
    const result = await inPage.axe.run(inPage.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Signs in through the storefront's own form, as a person would. */
export async function signIn(page: Page, email: string, password: string, returnTo = '/') {
  await page.goto(`${STOREFRONT}/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}

/** Fills the checkout's shipping address as a shopper in Berlin would. */
export async function fillCheckoutAddress(page: Page) {
  await page.getByLabel('Full name').fill('Grace Hopper');
  await page.getByLabel('Street and number').fill('1 Navy Yard');
  await page.getByLabel('Postal code').fill('10115');
  await page.getByLabel('City').fill('Berlin');
  await page.getByLabel('Country').selectOption('DE');
}
