import { z } from 'zod';
import { ObjectId, Slug, Uuid } from '@sidecart/contracts';
import { HttpProblem, type Identity } from '@sidecart/service-kit';
import type { RateClass } from '../domain/rate-limits';
import { accountExport, orderDetail, recommendations, type Composer } from './compose';

/** Who may call a route: anyone, a signed-in shopper (or admin), or only an admin. */
export type Access = 'anonymous' | 'customer' | 'admin';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type PublicRoute = {
  method: Method;
  /** Express path under /api/v1. */
  path: string;
  access: Access;
  app: 'customer' | 'product' | 'order' | 'payment' | 'recommendations';
  /**
   * The shape of each `:name` in `path` (a route with one must have it): the gateway answers
   * 400 naming the parameter before anything is forwarded, and the OpenAPI document shows it.
   */
  params?: z.ZodObject;
  /**
   * The service's path for this request, from the validated `params`; `me` is the verified
   * identity (absent only for anonymous routes). Also the pattern the gateway's sidecar may
   * call (scripts/gateway-acl.ts turns it into components/config/<app>.yaml).
   */
  target: (params: Record<string, string>, me: Identity | null) => string;
  /** Request headers the service needs besides identity and tracing. */
  headers?: string[];
  /** The rate-limit budget this route draws on; by default `read` for GET, else `write`. */
  rateClass?: RateClass;
  /** Builds the answer from the service's (on success) with more calls, where one page needs several. */
  compose?: Composer;
  /**
   * On success, every session of the caller that began before ends (tokens signed in earlier are
   * refused from then on): a password change, an erased account, "sign out everywhere".
   */
  endsSessions?: true;
  /**
   * The account a request tries to sign in to (e.g. the email of a password check): wrong answers
   * (401) slow further tries at that account, whoever makes them (`accountThrottle`).
   */
  account?: (body: unknown) => string | undefined;
  /** Anonymous reads of this route share the gateway's catalog cache (see catalog-cache.ts). */
  shared?: true;
};

/** The email a credentials body names, as the customer service compares it. */
const emailOf = (body: unknown) => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length <= 320 ? email.trim().toLowerCase() : undefined;
};

const OBJECT_ID = /^[a-f0-9]{24}$/;

/**
 * One path segment of a service path. Ids reach here validated; this is the last guard that
 * no dot segment, encoded slash or other escape can reach a service, whatever a schema allows.
 */
export function segment(value: string): string {
  if (!/^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/.test(value) || value === '..') {
    throw new HttpProblem(400, 'Bad Request', 'The request path is invalid');
  }
  return value;
}
const self = (me: Identity | null) => segment(me!.userId);
const p = (params: Record<string, string>, name: string) => segment(params[name]!);

const AddressIdParam = z.object({ addressId: Uuid.describe('The address id') });
const OrderIdParam = z.object({ id: Uuid.describe('The order id') });
const ProductIdParam = z.object({ id: ObjectId.describe('The product id') });

/**
 * Every public route, in one table: what it is called, who may call it, and where it goes.
 * Routes about "me" take the user from the verified token, never from the URL, so a
 * shopper cannot even name someone else's cart or profile.
 */
export const ROUTES: PublicRoute[] = [
  // Accounts
  {
    method: 'POST',
    path: '/customers',
    access: 'anonymous',
    app: 'customer',
    target: () => 'customers',
    rateClass: 'auth',
  },
  {
    method: 'POST',
    path: '/customers/credentials/verify',
    access: 'anonymous',
    app: 'customer',
    target: () => 'customers/credentials/verify',
    rateClass: 'auth',
    account: emailOf,
  },
  // The storefront's server, after an OAuth sign-in; shoppers cannot vouch for an identity.
  {
    method: 'POST',
    path: '/customers/external',
    access: 'admin',
    app: 'customer',
    target: () => 'customers/external',
    rateClass: 'auth',
  },
  {
    method: 'GET',
    path: '/me',
    access: 'customer',
    app: 'customer',
    target: (_, me) => `customers/${self(me)}`,
  },
  {
    method: 'PATCH',
    path: '/me',
    access: 'customer',
    app: 'customer',
    target: (_, me) => `customers/${self(me)}`,
  },
  {
    method: 'DELETE',
    path: '/me',
    access: 'customer',
    app: 'customer',
    endsSessions: true,
    target: (_, me) => `customers/${self(me)}`,
  },
  {
    method: 'POST',
    path: '/me/addresses',
    access: 'customer',
    app: 'customer',
    target: (_, me) => `customers/${self(me)}/addresses`,
  },
  {
    method: 'PATCH',
    path: '/me/addresses/:addressId',
    access: 'customer',
    app: 'customer',
    params: AddressIdParam,
    target: (a, me) => `customers/${self(me)}/addresses/${p(a, 'addressId')}`,
  },
  {
    method: 'DELETE',
    path: '/me/addresses/:addressId',
    access: 'customer',
    app: 'customer',
    params: AddressIdParam,
    target: (a, me) => `customers/${self(me)}/addresses/${p(a, 'addressId')}`,
  },
  {
    method: 'POST',
    path: '/me/password',
    access: 'customer',
    app: 'customer',
    endsSessions: true,
    target: (_, me) => `customers/${self(me)}/password`,
  },
  {
    method: 'POST',
    path: '/me/sessions/end',
    access: 'customer',
    app: 'customer',
    endsSessions: true,
    target: (_, me) => `customers/${self(me)}/sessions/end`,
  },
  {
    method: 'GET',
    path: '/me/export',
    access: 'customer',
    app: 'customer',
    target: (_, me) => `customers/${self(me)}/export`,
    compose: accountExport,
  },
  {
    method: 'GET',
    path: '/me/orders',
    access: 'customer',
    app: 'customer',
    target: (_, me) => `customers/${self(me)}/orders`,
  },

  // Catalog
  {
    method: 'GET',
    path: '/products',
    access: 'anonymous',
    app: 'product',
    target: () => 'products',
    shared: true,
  },
  {
    method: 'GET',
    // `:id` like the product's other routes (OpenAPI holds `/products/{idOrSlug}` and
    // `/products/{id}` for the same path): here it may also be a slug.
    path: '/products/:id',
    access: 'anonymous',
    app: 'product',
    params: z.object({ id: z.union([ObjectId, Slug]).describe('The product id or its slug') }),
    target: (a) => (OBJECT_ID.test(a.id!) ? `products/${p(a, 'id')}` : `products/by-slug/${p(a, 'id')}`),
    shared: true,
  },
  {
    method: 'GET',
    path: '/categories',
    access: 'anonymous',
    app: 'product',
    target: () => 'categories',
    shared: true,
  },
  { method: 'POST', path: '/products', access: 'admin', app: 'product', target: () => 'products' },
  {
    method: 'PATCH',
    path: '/products/:id',
    access: 'admin',
    app: 'product',
    params: ProductIdParam,
    target: (a) => `products/${p(a, 'id')}`,
  },
  {
    method: 'POST',
    path: '/products/:id/archive',
    access: 'admin',
    app: 'product',
    params: ProductIdParam,
    target: (a) => `products/${p(a, 'id')}/archive`,
  },
  {
    method: 'POST',
    path: '/products/:id/stock',
    access: 'admin',
    app: 'product',
    params: ProductIdParam,
    target: (a) => `products/${p(a, 'id')}/stock-adjustments`,
  },

  // Recommendations (the Go service), composed with the catalog's names and prices; cached
  // like the catalog's anonymous reads.
  {
    method: 'GET',
    path: '/products/:id/recommendations',
    access: 'anonymous',
    app: 'recommendations',
    params: ProductIdParam,
    target: (a) => `recommendations/${p(a, 'id')}`,
    compose: recommendations,
    shared: true,
  },

  // Cart and orders
  {
    method: 'GET',
    path: '/cart',
    access: 'customer',
    app: 'order',
    target: (_, me) => `carts/${self(me)}`,
  },
  {
    method: 'PUT',
    path: '/cart',
    access: 'customer',
    app: 'order',
    target: (_, me) => `carts/${self(me)}`,
    headers: ['if-match'],
  },
  {
    method: 'POST',
    path: '/orders',
    access: 'customer',
    app: 'order',
    target: () => 'orders',
    headers: ['idempotency-key'],
  },
  { method: 'GET', path: '/orders', access: 'customer', app: 'order', target: () => 'orders' },
  {
    method: 'GET',
    path: '/orders/:id',
    access: 'customer',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}`,
    compose: orderDetail,
  },
  {
    method: 'POST',
    path: '/orders/:id/cancel',
    access: 'customer',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}/cancel`,
  },
  {
    method: 'POST',
    path: '/orders/:id/ship',
    access: 'admin',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}/ship`,
  },
  {
    method: 'POST',
    path: '/orders/:id/deliver',
    access: 'admin',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}/deliver`,
  },
  // Every shopper's orders, for the admin area.
  { method: 'GET', path: '/admin/orders', access: 'admin', app: 'order', target: () => 'orders/all' },

  // Payments
  {
    method: 'GET',
    path: '/orders/:id/payment',
    access: 'customer',
    app: 'payment',
    params: OrderIdParam,
    target: (a) => `payments/order/${p(a, 'id')}`,
  },
  {
    method: 'POST',
    path: '/orders/:id/payment/capture',
    access: 'customer',
    app: 'payment',
    params: OrderIdParam,
    target: (a) => `payments/order/${p(a, 'id')}/capture`,
  },
  // PayPal calls this; the payment service verifies the signature with PayPal before acting.
  {
    method: 'POST',
    path: '/webhooks/paypal',
    access: 'anonymous',
    app: 'payment',
    target: () => 'webhooks/paypal',
    headers: [
      'paypal-auth-algo',
      'paypal-cert-url',
      'paypal-transmission-id',
      'paypal-transmission-sig',
      'paypal-transmission-time',
    ],
  },
];
