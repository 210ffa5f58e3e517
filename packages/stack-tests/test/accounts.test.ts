/**
 * Accounts through the public gateway, with the mail read where the shopper reads it (the run's
 * mailpit, src/mail.ts): a password reset link works once and expires (the tests' links live
 * 30 s: `PASSWORD_RESET_TTL_SECONDS`, set where src/stack.ts starts the stack), a reset request tells nobody
 * whether an email has an account and draws on the `auth` budget, the sign-up mail's link confirms
 * the address, and the admin finds a customer by email or by name with their orders. Then the
 * storefront's pages for the same, in a browser, with axe.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { api } from '../src/api';
import { launchBrowser, screenshots, seriousViolations, signIn, STOREFRONT } from '../src/browser';
import { mailsTo, readMail } from '../src/mail';
import { ADMIN, checkout, createProduct, fillCart, fromNewClient, type Who } from '../src/shop';
import { eventually, localSecrets } from '../src/stack';
import { tokenFor } from '../src/tokens';

const PASSWORD = 'correct-horse-42';
const NEW_PASSWORD = 'battery-staple-43';

/** Each request from a client address of its own, so no test spends another's `auth` budget. */
const anon = (method: string, path: string, body?: unknown) =>
  api(method, path, undefined, body, fromNewClient());

async function signUp(name = 'Account Shopper'): Promise<{ who: Who; email: string; name: string }> {
  const email = `accounts-${randomUUID()}@example.com`;
  const res = await anon('POST', '/customers', { email, password: PASSWORD, name });
  expect(res.status).toBe(201);
  expect(res.body.emailVerified).toBe(false);
  return { who: { userId: res.body.id as string, role: 'customer' }, email, name };
}

/** The answer to a sign-in attempt (what the storefront's sign-in asks). */
const signInStatus = async (email: string, password: string) =>
  (await anon('POST', '/customers/credentials/verify', { email, password })).status;

/**
 * Waits for the mail to `email` whose subject matches (and that is none of `seen`), reads it, and
 * returns its link: it must open `page` on the storefront, with the token in its query.
 */
async function mailedLink(email: string, subject: RegExp, page: string, seen: string[] = []) {
  const summary = await eventually(
    async () => (await mailsTo(email)).find((m) => subject.test(m.Subject) && !seen.includes(m.ID)),
    { within: 20_000, what: `a mail "${subject.source}" to ${email}` },
  );
  const mail = await readMail(summary.ID);
  const href = /href="([^"]+)"/.exec(mail.HTML)?.[1];
  expect(href).toBeDefined();
  const url = new URL(href!.replace(/&amp;/g, '&'));
  expect(url.origin).toBe(STOREFRONT);
  expect(url.pathname).toBe(page);
  return { id: summary.ID, url: url.toString(), token: url.searchParams.get('token')! };
}

const resetLink = (email: string, seen: string[] = []) =>
  mailedLink(email, /reset your sidecart password/i, '/reset-password', seen);
const verificationLink = (email: string) => mailedLink(email, /confirm your email/i, '/verify-email');

const lookUp = (q: string, who: Who = ADMIN) =>
  api('GET', `/admin/customers?q=${encodeURIComponent(q)}`, who);

describe('password reset by a mailed link', () => {
  it('works once: the new password signs in, the old one does not, earlier sessions end', async () => {
    const { who, email } = await signUp();
    const before = `Bearer ${await tokenFor(who)}`;
    expect((await api('GET', '/me', before)).status).toBe(200);

    const asked = await anon('POST', '/customers/password-reset', { email });
    expect(asked.status).toBe(202);
    const { token } = await resetLink(email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The reset page may ask whether the link works without using it.
    const checked = await anon('POST', '/customers/password-reset/check', { token });
    expect(checked.status).toBe(200);
    const lifetime = Date.parse(checked.body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(30_000);

    const reset = await anon('POST', '/customers/password-reset/complete', {
      token,
      newPassword: NEW_PASSWORD,
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ id: who.userId, email });

    expect(await signInStatus(email, NEW_PASSWORD)).toBe(200);
    expect(await signInStatus(email, PASSWORD)).toBe(401);
    // The session that began before the reset has ended.
    const ended = await api('GET', '/me', before);
    expect(ended.status).toBe(401);
    expect(ended.body.detail).toMatch(/session has ended/);

    // The same token again: refused, and the password stays the one set with it.
    const again = await anon('POST', '/customers/password-reset/complete', {
      token,
      newPassword: 'third-horse-44',
    });
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual([{ path: 'token', message: expect.stringMatching(/already used/) }]);
    expect((await anon('POST', '/customers/password-reset/check', { token })).status).toBe(400);
    expect(await signInStatus(email, 'third-horse-44')).toBe(401);
    expect(await signInStatus(email, NEW_PASSWORD)).toBe(200);

    // Following a link mailed to the address shows it is the owner's. Sessions end to the second:
    // one that begins within a second of the reset is refused too.
    const profile = await eventually(
      async () => {
        const me = await api('GET', '/me', `Bearer ${await tokenFor(who)}`);
        return me.status === 200 ? me.body : undefined;
      },
      { within: 5_000, what: 'a new session' },
    );
    expect(profile.emailVerified).toBe(true);
  });

  it('used by several requests at once, changes the password exactly once', async () => {
    const { email } = await signUp();
    expect((await anon('POST', '/customers/password-reset', { email })).status).toBe(202);
    const { token } = await resetLink(email);
    const passwords = Array.from({ length: 5 }, (_, i) => `concurrent-horse-${i}0`);
    const answers = await Promise.all(
      passwords.map((newPassword) =>
        anon('POST', '/customers/password-reset/complete', { token, newPassword }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400, 400, 400]);
    // The one that was answered 200 set the password; none of the refused ones did.
    const winner = passwords[answers.findIndex((a) => a.status === 200)]!;
    for (const password of passwords) {
      expect(await signInStatus(email, password)).toBe(password === winner ? 200 : 401);
    }
  });

  it('expires: once its lifetime is over it is refused and the password stays', async () => {
    const { email } = await signUp();
    expect((await anon('POST', '/customers/password-reset', { email })).status).toBe(202);
    const { token } = await resetLink(email);
    expect((await anon('POST', '/customers/password-reset/check', { token })).status).toBe(200);
    // The check does not use the link; it answers 400 once the link has expired (30 s here).
    const expired = await eventually(
      async () => {
        const answer = await anon('POST', '/customers/password-reset/check', { token });
        return answer.status === 400 ? answer : undefined;
      },
      { within: 45_000, what: 'the link to expire' },
    );
    expect(expired.body.errors).toEqual([{ path: 'token', message: expect.stringMatching(/expired/) }]);
    const late = await anon('POST', '/customers/password-reset/complete', {
      token,
      newPassword: NEW_PASSWORD,
    });
    expect(late.status).toBe(400);
    expect(late.body.errors[0]).toMatchObject({ path: 'token', message: expect.stringMatching(/expired/) });
    expect(await signInStatus(email, PASSWORD)).toBe(200);
    expect(await signInStatus(email, NEW_PASSWORD)).toBe(401);
  });

  it('a forged or malformed token is refused naming `token`', async () => {
    const forged = await anon('POST', '/customers/password-reset/complete', {
      token: 'A'.repeat(43),
      newPassword: NEW_PASSWORD,
    });
    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([{ path: 'token', message: expect.stringMatching(/not valid/) }]);
    const malformed = await anon('POST', '/customers/password-reset/complete', {
      token: 'short',
      newPassword: NEW_PASSWORD,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].path).toBe('token');
  });

  it('answers an unknown email exactly as a known one, and mails only the known one', async () => {
    const { email } = await signUp();
    const unknown = `nobody-${randomUUID()}@example.com`;
    const known = await anon('POST', '/customers/password-reset', { email });
    const stranger = await anon('POST', '/customers/password-reset', { email: unknown });
    for (const answer of [known, stranger]) {
      expect(answer.status).toBe(202);
      expect(answer.body).toBeUndefined();
    }
    expect(stranger.headers.get('content-type')).toBe(known.headers.get('content-type'));
    expect(stranger.headers.get('content-length')).toBe(known.headers.get('content-length'));
    await resetLink(email);
    expect(await mailsTo(unknown)).toEqual([]);
  });

  it('draws on the `auth` budget: one address gets 30 requests a minute, then 429', async () => {
    const client = fromNewClient();
    const statuses: Record<number, number> = {};
    let limit: string | null = null;
    for (let sent = 0; sent < 34; sent += 10) {
      const answers = await Promise.all(
        Array.from({ length: Math.min(10, 34 - sent) }, () =>
          api(
            'POST',
            '/customers/password-reset',
            undefined,
            { email: `nobody-${randomUUID()}@example.com` },
            client,
          ),
        ),
      );
      for (const answer of answers) {
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        if (answer.status === 429) limit = answer.headers.get('ratelimit-limit');
      }
    }
    expect(statuses).toEqual({ 202: 30, 429: 4 });
    expect(limit).toBe('30');
  });
});

describe('email verification', () => {
  it("the sign-up mail's link confirms the address once; the admin lookup shows the flag", async () => {
    const { who, email } = await signUp();
    const flag = async () => {
      const found = await lookUp(email);
      expect(found.status).toBe(200);
      expect(found.body.items).toHaveLength(1);
      return found.body.items[0].emailVerified as boolean;
    };
    // An unconfirmed account shops all the same.
    expect((await api('PUT', '/cart', who, { lines: [] })).status).toBe(200);
    expect(await flag()).toBe(false);

    const { token } = await verificationLink(email);
    expect((await anon('POST', '/customers/email/verify', { token })).status).toBe(204);
    expect(await flag()).toBe(true);
    expect((await api('GET', '/me', who)).body.emailVerified).toBe(true);

    const again = await anon('POST', '/customers/email/verify', { token });
    expect(again.status).toBe(400);
    expect(again.body.errors[0]).toMatchObject({ path: 'token' });
    // A confirmed address needs no new link.
    expect((await api('POST', '/me/email/verification', who)).status).toBe(409);
  });

  it('an unconfirmed shopper may ask for a new link, and that one works', async () => {
    const { who, email } = await signUp();
    const first = await verificationLink(email);
    expect((await api('POST', '/me/email/verification', who)).status).toBe(202);
    const second = await mailedLink(email, /confirm your email/i, '/verify-email', [first.id]);
    expect(second.token).not.toBe(first.token);
    expect((await anon('POST', '/customers/email/verify', { token: second.token })).status).toBe(204);
    expect((await api('GET', '/me', who)).body.emailVerified).toBe(true);
  });
});

describe('admin customer lookup', () => {
  it('finds a customer by email and by a fragment of the name, with their orders', async () => {
    const tag = randomUUID().slice(0, 8);
    const shopper = await signUp(`Ada Lookup-${tag} Lovelace`);
    const other = await signUp(`Grace Lookup-${tag} Hopper`);
    const product = await createProduct(10, 1999);
    await fillCart(shopper.who, [{ productId: product.id, quantity: 2 }]);
    const placed = await checkout(shopper.who);
    expect(placed.status).toBe(201);

    const byEmail = await lookUp(shopper.email.toUpperCase());
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.items).toHaveLength(1);
    const [found] = byEmail.body.items;
    expect(found).toMatchObject({
      id: shopper.who.userId,
      email: shopper.email,
      name: shopper.name,
      role: 'customer',
      emailVerified: false,
      moreOrders: false,
    });
    expect(found.orders).toEqual([
      expect.objectContaining({
        id: placed.body.id,
        customerId: shopper.who.userId,
        total: { amount: 3998, currency: 'EUR' },
      }),
    ]);

    // A fragment of the name, in another case: both accounts, newest first, each with its own orders.
    const byName = await lookUp(`lookup-${tag}`);
    expect(byName.status).toBe(200);
    expect(byName.body.items.map((c: { id: string }) => c.id)).toEqual([
      other.who.userId,
      shopper.who.userId,
    ]);
    expect(byName.body.items[0].orders).toEqual([]);
    expect(byName.body.items[1].orders.map((o: { id: string }) => o.id)).toEqual([placed.body.id]);

    // The text is taken literally, never as a pattern.
    expect((await lookUp(`.*${tag}`)).body.items).toEqual([]);
  });

  it('is for admins only, and wants at least 2 characters', async () => {
    const { who } = await signUp();
    expect((await lookUp('ada', who)).status).toBe(403);
    expect((await api('GET', '/admin/customers?q=ada')).status).toBe(401);
    const short = await lookUp('a');
    expect(short.status).toBe(400);
    expect(short.body.errors[0].path).toBe('q');
  });
});

describe('storefront account pages', () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  it('forgot password → mailed link → new password → sign in; the used link, verification and the admin page', async () => {
    const { email, name } = await signUp(`Browser Reset ${randomUUID().slice(0, 8)}`);
    browser = await launchBrowser();
    const shot = screenshots('password-reset');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);

    await page.goto(`${STOREFRONT}/signin`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Mail me a link' }).click();
    await page
      .getByRole('status')
      .getByText(/if an account/i)
      .waitFor();
    await shot(page, 'forgot-password');

    const link = await resetLink(email);
    await page.goto(link.url);
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'reset-form');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL((url) => url.pathname === '/signin');
    await page.getByText(/your password is changed/i).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'signin-after-reset');
    await signIn(page, email, NEW_PASSWORD, '/account');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(page.url()).toBe(`${STOREFRONT}/account`);

    // The same link again: the page says it was used and offers a new one, with no form.
    await page.goto(link.url);
    await page.getByText(/already used/i).waitFor();
    expect(await page.getByLabel('New password', { exact: true }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // The sign-up mail's link.
    const verify = await verificationLink(email);
    await page.goto(verify.url);
    await page.getByRole('heading', { level: 1, name: 'Email address confirmed' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'verified');

    // The admin finds the account by name, confirmed.
    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const adminPage = await admin.newPage();
    adminPage.setDefaultTimeout(30_000);
    const secrets = localSecrets();
    await signIn(adminPage, secrets.ADMIN_EMAIL!, secrets.ADMIN_PASSWORD!, '/admin/customers');
    await adminPage.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await adminPage.getByLabel('Email or name').fill(name.slice(8));
    await adminPage.getByRole('button', { name: 'Find' }).click();
    const row = adminPage.getByRole('region', { name });
    await row.waitFor();
    await row.getByText(email).waitFor();
    await row.getByText('Email confirmed', { exact: true }).waitFor();
    expect(await seriousViolations(adminPage)).toEqual([]);
    await shot(adminPage, 'admin-customers');
  });
});
