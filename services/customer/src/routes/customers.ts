import { randomBytes, randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  AddressInput,
  AddressParams,
  ChangePassword,
  CustomerIdParams,
  CustomerLookupQuery,
  ExternalSignIn,
  PageQuery,
  RegisterCustomer,
  UpdateAddress,
  UpdateProfile,
  VerifyCredentials,
  type VerifiedCustomer,
} from '@sidecart/contracts';
import {
  assertOwner,
  decodeCursor,
  encodeCursor,
  notFound,
  parseBody,
  parseParams,
  parseQuery,
  problem,
  Refused,
  requireAdmin,
  requireIdentity,
} from '@sidecart/service-kit';
import { addAddress, removeAddress, updateAddress } from '../domain/addresses';
import { credentialsMatch, hashPassword, needsRehash, passwordMatches } from '../domain/credentials';
import { lookupFilter } from '../domain/account-links';
import { toProfile, toSummary, type Customer } from '../domain/customer';
import { DuplicateEmail, type CustomerStore } from '../store/customers';
import type { OrderHistory } from '../store/order-history';
import { afterAnswer, mailLink, type LinkDeps } from './account-links';

const HistoryCursor = z.tuple([z.uuid()]);

/** The most accounts one admin lookup lists. */
const LOOKUP_LIMIT = 20;

export function customerRoutes(store: CustomerStore, history: OrderHistory, links: LinkDeps): Router {
  const router = Router();

  /**
   * Sign-up. A retry of the same request (same x-request-id, as a sidecar or proxy resends
   * it after a lost answer) answers 201 with the account the first attempt opened, never a
   * false "already exists"; any other request for a taken email gets 409. A new account is
   * sent a link to confirm its address (after the answer; it may shop unconfirmed).
   */
  router.post('/', async (req, res) => {
    const input = parseBody(RegisterCustomer, req);
    const requestId = String((req as { id?: unknown }).id ?? randomUUID());
    let customer: Customer;
    let opened = false;
    try {
      customer = await store.register({
        email: input.email,
        name: input.name,
        passwordHash: await hashPassword(input.password),
        signUpRequest: requestId,
      });
      opened = true;
    } catch (err) {
      if (!(err instanceof DuplicateEmail)) throw err;
      const earlier = await store.openedBy(input.email, requestId);
      if (!earlier) throw new Refused('conflict', 'An account with this email already exists');
      customer = earlier;
    }
    res.status(201).location(`/customers/${customer.id}`).json(toProfile(customer));
    const account = customer;
    if (opened) {
      afterAnswer(links.logger, 'verification mail', () => mailLink(links, 'email-verification', account));
    }
  });

  /**
   * Sign-in for the storefront (NextAuth credentials). An unknown email and a wrong
   * password get the same answer after the same bcrypt work, so neither the message nor
   * the time tells which emails have accounts.
   */
  router.post('/credentials/verify', async (req, res) => {
    const { email, password } = parseBody(VerifyCredentials, req);
    const account = await store.credentialsOf(email);
    if (!(await credentialsMatch(password, account?.passwordHash)) || !account) {
      throw problem(401, 'The email or the password is not correct');
    }
    const { id, name, role } = account.customer;
    if (needsRehash(account.passwordHash)) {
      // A bcrypt hash from before Argon2id: upgraded now that the password is known.
      await store.setPasswordHash(id, await hashPassword(password, 'sign-in'));
    }
    res.json({ id, email: account.customer.email, name, role } satisfies VerifiedCustomer);
  });

  /**
   * OAuth sign-in (storefront only: the gateway lets only its admin identity through). The
   * account gets an unusable random password: it signs in through its provider.
   */
  router.post('/external', async (req, res) => {
    requireAdmin(req);
    const input = parseBody(ExternalSignIn, req);
    try {
      const customer = await store.findOrRegisterExternal({
        external: `${input.provider}:${input.providerAccountId}`,
        email: input.email,
        name: input.name,
        passwordHash: await hashPassword(randomBytes(32).toString('hex')),
      });
      const { id, name, email, role } = customer;
      res.json({ id, email, name, role } satisfies VerifiedCustomer);
    } catch (err) {
      if (err instanceof DuplicateEmail)
        throw new Refused('conflict', 'This email already has a password account; sign in with the password');
      throw err;
    }
  });

  /**
   * The admin's customer lookup: accounts whose email starts with `q` or whose name contains it,
   * newest first, at most LOOKUP_LIMIT (the gateway adds each one's orders). Declared before
   * `/:id` so "search" is not an id.
   */
  router.get('/search', async (req, res) => {
    requireAdmin(req);
    const { q } = parseQuery(CustomerLookupQuery, req);
    const found = await store.search(lookupFilter(q), LOOKUP_LIMIT);
    res.json({ items: found.map(toSummary) });
  });

  /** The customer a signed-in caller may reach: their own (or any, for an admin); otherwise 404. */
  async function ownCustomer(req: Request): Promise<Customer> {
    const identity = requireIdentity(req);
    const { id } = parseParams(CustomerIdParams, req);
    assertOwner(identity, id, 'Customer');
    const customer = await store.findById(id);
    if (!customer) throw notFound('Customer');
    return customer;
  }

  router.get('/:id', async (req, res) => {
    res.json(toProfile(await ownCustomer(req)));
  });

  router.patch('/:id', async (req, res) => {
    const customer = await ownCustomer(req);
    const changes = parseBody(UpdateProfile, req);
    const updated = await store.update(customer.id, changes);
    if (!updated) throw notFound('Customer');
    res.json(toProfile(updated));
  });

  router.post('/:id/addresses', async (req, res) => {
    const customer = await ownCustomer(req);
    const input = parseBody(AddressInput, req);
    const id = randomUUID();
    const updated = await store.update(customer.id, {
      addresses: addAddress(customer.addresses, input, id),
    });
    if (!updated) throw notFound('Customer');
    res.status(201).json(updated.addresses.find((a) => a.id === id));
  });

  router.patch('/:id/addresses/:addressId', async (req, res) => {
    const customer = await ownCustomer(req);
    const { addressId } = parseParams(AddressParams, req);
    const changes = parseBody(UpdateAddress, req);
    const addresses = updateAddress(customer.addresses, addressId, changes);
    if (!addresses) throw notFound('Address');
    await store.update(customer.id, { addresses });
    res.json(addresses.find((a) => a.id === addressId));
  });

  router.delete('/:id/addresses/:addressId', async (req, res) => {
    const customer = await ownCustomer(req);
    const { addressId } = parseParams(AddressParams, req);
    const addresses = removeAddress(customer.addresses, addressId);
    if (!addresses) throw notFound('Address');
    await store.update(customer.id, { addresses });
    res.status(204).end();
  });

  router.post('/:id/password', async (req, res) => {
    const customer = await ownCustomer(req);
    const { currentPassword, newPassword } = parseBody(ChangePassword, req);
    const hash = await store.passwordHashOf(customer.id);
    if (!hash || !(await passwordMatches(currentPassword, hash))) {
      throw problem(400, 'The password was not changed', {
        errors: [{ path: 'currentPassword', message: 'is not the current password' }],
      });
    }
    await store.setPasswordHash(customer.id, await hashPassword(newPassword));
    res.status(204).end();
  });

  /** Mails a new link to confirm the account's address; 409 once it is confirmed. */
  router.post('/:id/email/verification', async (req, res) => {
    const customer = await ownCustomer(req);
    if (customer.emailVerified) throw new Refused('conflict', 'The email address is confirmed already');
    await mailLink(links, 'email-verification', customer);
    res.status(202).end();
  });

  /**
   * "Sign out everywhere": the account exists and is the caller's. Sessions are the gateway's
   * (it refuses tokens signed in before this answer); nothing is stored here.
   */
  router.post('/:id/sessions/end', async (req, res) => {
    await ownCustomer(req);
    res.status(204).end();
  });

  router.get('/:id/orders', async (req, res) => {
    const customer = await ownCustomer(req);
    const { limit, cursor } = parseQuery(PageQuery, req);
    // Order ids are uuid v7, so the last id shown is where the next page starts.
    const after = decodeCursor(HistoryCursor, cursor);
    const page = await history.page(customer.id, limit, after?.[0]);
    res.json({ ...page, nextCursor: page.nextCursor === null ? null : encodeCursor([page.nextCursor]) });
  });

  /** Everything stored about the customer, as one JSON document (GDPR data portability). */
  router.get('/:id/export', async (req, res) => {
    const customer = await ownCustomer(req);
    res.set('content-disposition', `attachment; filename="sidecart-${customer.id}.json"`).json({
      exportedAt: new Date().toISOString(),
      profile: toProfile(customer),
      orders: await history.all(customer.id),
    });
  });

  /**
   * Erases the account, then the order history kept for it, and announces `customer.deleted`
   * (the order and payment services erase what they keep; see CustomerStore.erase). The account
   * goes first: an order event arriving meanwhile is then not kept (events/order-events.ts).
   */
  router.delete('/:id', async (req, res) => {
    const customer = await ownCustomer(req);
    if (!(await store.erase(customer.id))) throw notFound('Customer');
    await history.forget(customer.id);
    await links.links.forget(customer.id);
    res.status(204).end();
  });

  return router;
}
