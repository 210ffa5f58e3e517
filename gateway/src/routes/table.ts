import { z } from 'zod';
import {
  AccountExport,
  Address,
  CheckResetToken,
  CustomerLookup,
  CustomerLookupQuery,
  AddressInput,
  AdjustStock,
  AdminDashboard,
  AdminOrderList,
  AdminOrderQuery,
  CancelOrder,
  Cart,
  CartQuote,
  ChangeOrderLines,
  ChangeShippingAddress,
  CategoryList,
  ChangePassword,
  CreateProduct,
  CustomerProfile,
  ExportRange,
  ExternalSignIn,
  IdempotencyKey,
  ObjectId,
  OrderDetail,
  OrderHistoryPage,
  OrderList,
  OrderView,
  PageQuery,
  PasswordResetDone,
  Payment,
  PayPalWebhookEvent,
  PayPalWebhookHeaders,
  PayPalWebhookReceipt,
  PictureParams,
  PictureUpload,
  PlaceOrder,
  Product,
  ProductAuditPage,
  ProductPage,
  ProductQuery,
  PutCart,
  QuoteCart,
  RegisterCustomer,
  RequestPasswordReset,
  ResetPassword,
  ResetTokenStatus,
  ShipOrder,
  Slug,
  UpdateAddress,
  UpdateProduct,
  UpdateProfile,
  Uuid,
  VerifiedCustomer,
  VerifyCredentials,
  VerifyEmail,
  Recommendations,
  RefundOrder,
  ReturnOrder,
} from '@sidecart/contracts';
import { problem, type Identity } from '@sidecart/service-kit';
import type { RateClass } from '../domain/rate-limits';
import {
  accountExport,
  adminDashboard,
  customerLookup,
  orderDetail,
  recommendations,
  type Composer,
} from './compose';

/** Who may call a route: anyone, a signed-in shopper (or admin), or only an admin. */
export type Access = 'anonymous' | 'customer' | 'admin';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Tag = 'Accounts' | 'Catalog' | 'Cart' | 'Orders' | 'Payments' | 'Webhooks' | 'System';

/** Response headers worth naming in the document; what each means is said once, in openapi.ts. */
export type ResponseHeader =
  'ETag' | 'Location' | 'Content-Disposition' | 'Preference-Applied' | 'Guest-Cart' | 'Cache-Control';

/** A success answer: its status, its body (none for 204) and the headers it carries. */
export type Answer = {
  status: 200 | 201 | 202 | 204 | 304;
  description: string;
  body?: z.ZodType;
  /** The answer is a CSV file (`text/csv`), not JSON. */
  csv?: true;
  /** A body that is not JSON (a picture): the media types it may have. */
  media?: string[];
  headers?: ResponseHeader[];
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 429 | 500 | 503 | 504;

/**
 * What a public route takes and answers, for the OpenAPI document. The statuses that follow
 * from the route's kind (400 for a route with input, 401, 403 for admin routes, 413 for a
 * body, 429, 500, 503, 504) are added by openapi.ts; `errors` names the rest, and may reword those.
 */
export type RouteDoc = {
  operationId: string;
  summary: string;
  description?: string;
  tag: Tag;
  query?: z.ZodObject;
  /** Request headers the service reads, by their HTTP name. */
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** The body may be left out (every field of it has a default). */
  bodyOptional?: boolean;
  answers: Answer[];
  errors?: Partial<Record<ErrorStatus, string>>;
};

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
   * refused from then on): a password change, an erased account, "sign out everywhere". A function
   * names the account from the service's answer instead, for a route with no caller (a password
   * reset by a mailed link).
   */
  endsSessions?: true | ((answer: unknown) => string | undefined);
  /**
   * The account a request tries to sign in to (e.g. the email of a password check): wrong answers
   * (401) slow further tries at that account, whoever makes them (`accountThrottle`).
   */
  account?: (body: unknown) => string | undefined;
  /**
   * The route acts on a signed-out shopper's cart, named by the `Guest-Cart` header: a token the
   * gateway signed (auth/guest-cart.ts), verified here and passed to `target` as `params.guestId`;
   * a bad one is a 400 naming the header. `mint`: a request without one starts a new guest cart,
   * whose token comes back in the `Guest-Cart` response header; `required`: it must carry one.
   */
  guestCart?: 'mint' | 'required';
  /** The answer is a file streamed through as it arrives (CSV exports), never held whole. */
  stream?: true;
  /** Anonymous reads of this route share the gateway's catalog cache (see catalog-cache.ts). */
  shared?: true;
  /**
   * A write that changes what shared reads answer: once the service says yes, this gateway drops
   * its shared answers, so the admin who made the change sees it at once (other replicas of the
   * gateway within the cache's time to live).
   */
  changesShared?: true;
  /** The answer is bytes (a picture), passed on as they are with their caching headers. */
  binary?: true;
  /** A larger JSON body than the gateway's 64 KB, for this route only (a picture, base64). */
  bodyLimit?: string;
  /**
   * What the route takes and answers: the OpenAPI document is built from it, and the gateway
   * holds each request to it (contract.ts) before forwarding.
   */
  doc: RouteDoc;
};

/** The email a credentials body names, as the customer service compares it. */
const emailOf = (body: unknown) => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length <= 320 ? email.trim().toLowerCase() : undefined;
};

const OBJECT_ID = /^[a-f0-9]{24}$/;

const notYours = (what: string) => `No such ${what}, or it is someone else's`;

/**
 * One path segment of a service path. Ids reach here validated; this is the last guard that
 * no dot segment, encoded slash or other escape can reach a service, whatever a schema allows.
 */
export function segment(value: string): string {
  if (!/^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/.test(value) || value === '..') {
    throw problem(400, 'The request path is invalid');
  }
  return value;
}
const self = (me: Identity | null) => segment(me!.userId);
const p = (params: Record<string, string>, name: string) => segment(params[name]!);

const guest = (params: Record<string, string>) => p(params, 'guestId');

const GuestCartHeader = z.object({
  'Guest-Cart': z
    .string()
    .max(1000)
    .describe('The guest cart token the gateway gave in a `Guest-Cart` response header'),
});

const AddressIdParam = z.object({ addressId: Uuid.describe('The address id') });
const OrderIdParam = z.object({ id: Uuid.describe('The order id') });
const CreditNoteParams = OrderIdParam.extend({
  number: z
    .string()
    .max(20)
    .regex(/^CN-\d{4}-\d{6,}$/, 'must be a credit note number like CN-2026-000001')
    .describe('The credit note number (`creditNotes` on the order)'),
});
const ProductIdParam = z.object({ id: ObjectId.describe('The product id') });

const QUOTE_DESCRIPTION =
  "What the cart would cost if ordered now: each line at today's catalog price, shipping by the " +
  "chosen method (the shop's default if none), tax for the destination country, and the total, all " +
  'computed by the order service from its pricing configuration; checkout computes the same. Every ' +
  'shipping method is listed with its fee for this cart. Amounts are integer minor units.';
/** An invoice's answer: the PDF, streamed through as the order service renders it. */
const INVOICE_PDF: Answer[] = [
  { status: 200, description: 'The invoice', media: ['application/pdf'], headers: ['Content-Disposition'] },
];
const CREDIT_NOTE_PDF: Answer[] = [
  {
    status: 200,
    description: 'The credit note',
    media: ['application/pdf'],
    headers: ['Content-Disposition'],
  },
];

/**
 * Every public route, in one table: what it is called, who may call it, where it goes, and what
 * it takes and answers.
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
    doc: {
      operationId: 'registerCustomer',
      summary: 'Create an account',
      description: 'Draws on the `auth` rate-limit budget.',
      tag: 'Accounts',
      body: RegisterCustomer,
      answers: [
        { status: 201, description: 'The new account', body: CustomerProfile, headers: ['Location'] },
      ],
      errors: { 409: 'An account with this email already exists' },
    },
  },
  {
    method: 'POST',
    path: '/customers/credentials/verify',
    access: 'anonymous',
    app: 'customer',
    target: () => 'customers/credentials/verify',
    rateClass: 'auth',
    account: emailOf,
    doc: {
      operationId: 'verifyCredentials',
      summary: 'Check an email and password',
      description:
        "The storefront's sign-in asks this before it issues a token. An unknown email and a wrong " +
        'password get the same answer. Draws on the `auth` rate-limit budget.',
      tag: 'Accounts',
      body: VerifyCredentials,
      answers: [{ status: 200, description: 'The credentials are right', body: VerifiedCustomer }],
      errors: { 401: 'The email or the password is not correct, or a bearer token was sent and is invalid' },
    },
  },
  // Mailed links: a password reset, the sign-up mail's address confirmation.
  {
    method: 'POST',
    path: '/customers/password-reset',
    access: 'anonymous',
    app: 'customer',
    target: () => 'customers/password-reset',
    rateClass: 'auth',
    doc: {
      operationId: 'requestPasswordReset',
      summary: 'Mail me a link to choose a new password',
      description:
        'If the email has an account, a link is mailed to it that sets a new password once, within its ' +
        'lifetime (1 hour by default). The answer is the same, and as fast, whether or not the email has ' +
        'an account. At most 5 such mails per account per 15 minutes. Draws on the `auth` rate-limit budget.',
      tag: 'Accounts',
      body: RequestPasswordReset,
      answers: [{ status: 202, description: 'If the email has an account, a link is on its way' }],
    },
  },
  {
    method: 'POST',
    path: '/customers/password-reset/check',
    access: 'anonymous',
    app: 'customer',
    target: () => 'customers/password-reset/check',
    rateClass: 'auth',
    doc: {
      operationId: 'checkPasswordResetLink',
      summary: 'Whether a reset link still works',
      description: 'Does not use the link. Draws on the `auth` rate-limit budget.',
      tag: 'Accounts',
      body: CheckResetToken,
      answers: [{ status: 200, description: 'The link works until `expiresAt`', body: ResetTokenStatus }],
      errors: { 400: 'The token is malformed, unknown, expired or used (`errors` names `token`)' },
    },
  },
  {
    method: 'POST',
    path: '/customers/password-reset/complete',
    access: 'anonymous',
    app: 'customer',
    target: () => 'customers/password-reset/complete',
    rateClass: 'auth',
    endsSessions: (answer) => PasswordResetDone.safeParse(answer).data?.id,
    doc: {
      operationId: 'resetPassword',
      summary: "Set a new password with a reset link's token",
      description:
        'The token works once: a second use, or one after the link expired, is refused. Every session of ' +
        "the account that began before ends (its tokens answer 401), and the account's address counts as " +
        'confirmed. Draws on the `auth` rate-limit budget.',
      tag: 'Accounts',
      body: ResetPassword,
      answers: [
        { status: 200, description: 'The password is changed; sign in with it', body: PasswordResetDone },
      ],
      errors: {
        400: 'The token is unknown, expired or used (`errors` names `token`), or the new password breaks the password rules',
      },
    },
  },
  {
    method: 'POST',
    path: '/customers/email/verify',
    access: 'anonymous',
    app: 'customer',
    target: () => 'customers/email/verify',
    rateClass: 'auth',
    doc: {
      operationId: 'verifyEmail',
      summary: "Confirm an account's email address with the sign-up mail's link",
      description:
        'The token works once, within its lifetime (7 days by default). Unconfirmed accounts shop all the ' +
        'same; admins see the flag. Draws on the `auth` rate-limit budget.',
      tag: 'Accounts',
      body: VerifyEmail,
      answers: [{ status: 204, description: 'The address is confirmed' }],
      errors: { 400: 'The token is malformed, unknown, expired or used (`errors` names `token`)' },
    },
  },
  // The storefront's server, after an OAuth sign-in; shoppers cannot vouch for an identity.
  {
    method: 'POST',
    path: '/customers/external',
    access: 'admin',
    app: 'customer',
    target: () => 'customers/external',
    rateClass: 'auth',
    doc: {
      operationId: 'signInExternal',
      summary: 'Find or open the account of an OAuth identity',
      description:
        "The storefront's server calls this after an OAuth sign-in (e.g. GitHub) with its own admin " +
        'identity; the first sign-in opens an account with an unusable password.',
      tag: 'Accounts',
      body: ExternalSignIn,
      answers: [{ status: 200, description: 'The account of this identity', body: VerifiedCustomer }],
      errors: { 409: 'The email already belongs to a password account' },
    },
  },
  {
    method: 'GET',
    path: '/me',
    access: 'customer',
    app: 'customer',
    target: (_, me) => `customers/${self(me)}`,
    doc: {
      operationId: 'getMyProfile',
      summary: 'Read my profile',
      description: 'Name, email, address book and preferences of the signed-in customer.',
      tag: 'Accounts',
      answers: [{ status: 200, description: 'The signed-in customer', body: CustomerProfile }],
      errors: { 404: 'The account no longer exists' },
    },
  },
  {
    method: 'PATCH',
    path: '/me',
    access: 'customer',
    app: 'customer',
    target: (_, me) => `customers/${self(me)}`,
    doc: {
      operationId: 'updateMyProfile',
      summary: 'Change my name or preferences',
      description: 'Send only the fields to change; preferences are merged field by field.',
      tag: 'Accounts',
      body: UpdateProfile,
      answers: [{ status: 200, description: 'The profile as changed', body: CustomerProfile }],
      errors: { 404: 'The account no longer exists' },
    },
  },
  {
    method: 'DELETE',
    path: '/me',
    access: 'customer',
    app: 'customer',
    endsSessions: true,
    target: (_, me) => `customers/${self(me)}`,
    doc: {
      operationId: 'deleteMyAccount',
      summary: 'Delete my account',
      description:
        'Deletes the account and the order history kept with it, and ends every session of it. ' +
        'Orders stay with the order service.',
      tag: 'Accounts',
      answers: [{ status: 204, description: 'The account is gone' }],
      errors: { 404: 'The account no longer exists' },
    },
  },
  {
    method: 'POST',
    path: '/me/addresses',
    access: 'customer',
    app: 'customer',
    target: (_, me) => `customers/${self(me)}/addresses`,
    doc: {
      operationId: 'addMyAddress',
      summary: 'Add an address to my address book',
      description: 'At most 10 addresses; `isDefault: true` makes it the default instead of the one before.',
      tag: 'Accounts',
      body: AddressInput,
      answers: [{ status: 201, description: 'The new address', body: Address }],
      errors: { 404: 'The account no longer exists', 409: 'The address book is full' },
    },
  },
  {
    method: 'PATCH',
    path: '/me/addresses/:addressId',
    access: 'customer',
    app: 'customer',
    params: AddressIdParam,
    target: (a, me) => `customers/${self(me)}/addresses/${p(a, 'addressId')}`,
    doc: {
      operationId: 'updateMyAddress',
      summary: 'Change an address',
      description: 'Send only the fields to change; `isDefault: true` makes it the default.',
      tag: 'Accounts',
      body: UpdateAddress,
      answers: [{ status: 200, description: 'The address as changed', body: Address }],
      errors: { 400: 'The address id or the body is invalid', 404: 'No such address' },
    },
  },
  {
    method: 'DELETE',
    path: '/me/addresses/:addressId',
    access: 'customer',
    app: 'customer',
    params: AddressIdParam,
    target: (a, me) => `customers/${self(me)}/addresses/${p(a, 'addressId')}`,
    doc: {
      operationId: 'deleteMyAddress',
      summary: 'Remove an address',
      description: 'Orders placed with it keep their copy of the address.',
      tag: 'Accounts',
      answers: [{ status: 204, description: 'The address is gone' }],
      errors: { 400: 'The address id is not a UUID', 404: 'No such address' },
    },
  },
  {
    method: 'POST',
    path: '/me/password',
    access: 'customer',
    app: 'customer',
    endsSessions: true,
    target: (_, me) => `customers/${self(me)}/password`,
    doc: {
      operationId: 'changeMyPassword',
      summary: 'Change my password',
      tag: 'Accounts',
      body: ChangePassword,
      description: 'Every session signed in before the change ends: its tokens answer 401 from then on.',
      answers: [{ status: 204, description: 'The password is changed' }],
      errors: {
        400: 'The current password is wrong, or the new one breaks the password rules',
        404: 'The account no longer exists',
      },
    },
  },
  {
    method: 'POST',
    path: '/me/sessions/end',
    access: 'customer',
    app: 'customer',
    endsSessions: true,
    target: (_, me) => `customers/${self(me)}/sessions/end`,
    doc: {
      operationId: 'endMySessions',
      summary: 'Sign out everywhere',
      description: 'Every session of mine signed in up to now ends: its tokens answer 401 from then on.',
      tag: 'Accounts',
      answers: [{ status: 204, description: 'Every earlier session has ended' }],
      errors: { 404: 'The account no longer exists' },
    },
  },
  {
    method: 'POST',
    path: '/me/email/verification',
    access: 'customer',
    app: 'customer',
    target: (_, me) => `customers/${self(me)}/email/verification`,
    doc: {
      operationId: 'resendEmailVerification',
      summary: 'Mail me a new link to confirm my email address',
      description: 'For an account whose address is not confirmed yet (the sign-up mail lost or expired).',
      tag: 'Accounts',
      answers: [{ status: 202, description: 'The link is on its way' }],
      errors: { 404: 'The account no longer exists', 409: 'The address is confirmed already' },
    },
  },
  {
    method: 'GET',
    path: '/me/export',
    access: 'customer',
    app: 'customer',
    target: (_, me) => `customers/${self(me)}/export`,
    compose: accountExport,
    doc: {
      operationId: 'exportMyData',
      summary: 'Download everything stored about me',
      description:
        "One JSON document (GDPR art. 15 and 20), sent as an attachment: the profile and order history, every order as the order service keeps it, and each order's payment.",
      tag: 'Accounts',
      answers: [
        { status: 200, description: 'The export', body: AccountExport, headers: ['Content-Disposition'] },
      ],
      errors: { 404: 'The account no longer exists' },
    },
  },
  {
    method: 'GET',
    path: '/me/orders',
    access: 'customer',
    app: 'customer',
    target: (_, me) => `customers/${self(me)}/orders`,
    doc: {
      operationId: 'listMyOrderHistory',
      summary: 'My order history',
      description: 'The history the customer service keeps from order events, newest first.',
      tag: 'Accounts',
      query: PageQuery,
      answers: [{ status: 200, description: 'A page of the history', body: OrderHistoryPage }],
      errors: { 404: 'The account no longer exists' },
    },
  },

  // Catalog
  {
    method: 'GET',
    path: '/products',
    access: 'anonymous',
    app: 'product',
    target: () => 'products',
    shared: true,
    doc: {
      operationId: 'listProducts',
      summary: 'Search and browse the catalog',
      description: 'Only products on sale.',
      tag: 'Catalog',
      query: ProductQuery,
      answers: [{ status: 200, description: 'A page of products', body: ProductPage }],
    },
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
    doc: {
      operationId: 'getProduct',
      summary: 'Read a product by id or slug',
      description: "A 24-character hex id is read as the product's id, anything else as its slug.",
      tag: 'Catalog',
      answers: [{ status: 200, description: 'The product, with its stock', body: Product }],
      errors: {
        400: 'The slug is not valid',
        404: 'No such product (archived products are visible to admins only)',
      },
    },
  },
  {
    method: 'GET',
    path: '/categories',
    access: 'anonymous',
    app: 'product',
    target: () => 'categories',
    shared: true,
    doc: {
      operationId: 'listCategories',
      summary: 'Categories and how many products each has',
      description: 'Only categories of products on sale, with how many each has.',
      tag: 'Catalog',
      answers: [{ status: 200, description: 'Every category in use', body: CategoryList }],
    },
  },
  {
    method: 'POST',
    path: '/products',
    access: 'admin',
    app: 'product',
    changesShared: true,
    target: () => 'products',
    doc: {
      operationId: 'createProduct',
      summary: 'Add a product',
      tag: 'Catalog',
      body: CreateProduct,
      answers: [{ status: 201, description: 'The new product', body: Product, headers: ['Location'] }],
      errors: { 409: 'A product with this SKU or slug exists' },
    },
  },
  {
    method: 'PATCH',
    path: '/products/:id',
    access: 'admin',
    app: 'product',
    changesShared: true,
    params: ProductIdParam,
    target: (a) => `products/${p(a, 'id')}`,
    doc: {
      operationId: 'updateProduct',
      summary: 'Change a product',
      description: 'Stock is never set here: see `POST /products/{id}/stock`.',
      tag: 'Catalog',
      body: UpdateProduct,
      answers: [{ status: 200, description: 'The product as changed', body: Product }],
      errors: { 404: 'No such product', 409: 'Another product has this slug' },
    },
  },
  {
    method: 'POST',
    path: '/products/:id/archive',
    access: 'admin',
    app: 'product',
    changesShared: true,
    params: ProductIdParam,
    target: (a) => `products/${p(a, 'id')}/archive`,
    doc: {
      operationId: 'archiveProduct',
      summary: 'Take a product off sale',
      description: 'The product stays readable for admins and for old order pages.',
      tag: 'Catalog',
      answers: [{ status: 200, description: 'The archived product', body: Product }],
      errors: { 400: 'The product id is not an ObjectId', 404: 'No such product' },
    },
  },
  {
    method: 'GET',
    path: '/products/:id/audit',
    access: 'admin',
    app: 'product',
    params: ProductIdParam,
    target: (a) => `products/${p(a, 'id')}/audit`,
    doc: {
      operationId: 'getProductAudit',
      summary: "A product's audit trail",
      description:
        'Every change made to the product through `PATCH /products/{id}` or its archiving, newest first: ' +
        'who (the admin), when, and each changed field before and after.',
      tag: 'Catalog',
      query: PageQuery,
      answers: [{ status: 200, description: 'A page of the audit trail', body: ProductAuditPage }],
      errors: { 400: 'The product id is not an ObjectId, or the cursor is invalid', 404: 'No such product' },
    },
  },
  {
    method: 'PUT',
    path: '/products/:id/picture',
    access: 'admin',
    app: 'product',
    changesShared: true,
    params: ProductIdParam,
    target: (a) => `products/${p(a, 'id')}/picture`,
    // PICTURE_MAX_BYTES (2 MB) base64-encoded is 2.7 MB: a body up to 4 MB reaches the schema,
    // which names `data` when it is too large; a larger one is refused by size alone (413).
    bodyLimit: '4mb',
    doc: {
      operationId: 'putProductPicture',
      summary: "Set a product's main picture",
      description:
        'The picture (JPEG, PNG or WebP, at most 2 MB) goes base64-encoded in `data`, with its type in ' +
        '`contentType`. It is checked (the data must be a whole picture of that type) and re-encoded as ' +
        "WebP at 320, 640 and 960 px wide, without its metadata; the product's first picture then points at " +
        'the widest (`/api/v1/images/<hash>-960.webp`, the others beside it). A refused picture stores nothing.',
      tag: 'Catalog',
      body: PictureUpload,
      answers: [{ status: 200, description: 'The product with its new picture', body: Product }],
      errors: {
        400: 'The picture is refused: `contentType` is not JPEG, PNG or WebP or is not what `data` holds, or `data` is not a whole picture or is larger than 2 MB',
        404: 'No such product',
        413: 'The body is larger than 4 MB',
      },
    },
  },
  {
    method: 'GET',
    path: '/images/:name',
    access: 'anonymous',
    app: 'product',
    params: PictureParams,
    target: (a) => `images/${p(a, 'name')}`,
    binary: true,
    doc: {
      operationId: 'getPicture',
      summary: 'A product picture',
      description:
        "The name is a hash of the picture's content, so the answer never changes: it may be cached for a year " +
        '(`Cache-Control: public, max-age=31536000, immutable`).',
      tag: 'Catalog',
      answers: [
        {
          status: 200,
          description: 'The picture',
          media: ['image/webp', 'image/svg+xml'],
          headers: ['Cache-Control'],
        },
      ],
      errors: { 400: 'The name is not a picture name', 404: 'No such picture' },
    },
  },
  {
    method: 'POST',
    path: '/products/:id/stock',
    access: 'admin',
    app: 'product',
    changesShared: true,
    params: ProductIdParam,
    target: (a) => `products/${p(a, 'id')}/stock-adjustments`,
    doc: {
      operationId: 'adjustStock',
      summary: 'Adjust the units on the shelf',
      tag: 'Catalog',
      body: AdjustStock,
      answers: [{ status: 200, description: 'The product with its new stock', body: Product }],
      errors: {
        404: 'No such product',
        409: 'The adjustment would leave fewer units than are reserved, or fewer than none',
      },
    },
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
    doc: {
      operationId: 'getRecommendations',
      summary: 'Customers who bought this also bought',
      description:
        'The products bought most often in the same confirmed orders as this one, most first (at most 4), ' +
        'with their names and prices from the catalog. Empty when nobody bought it with another product.',
      tag: 'Catalog',
      answers: [{ status: 200, description: 'The recommended products', body: Recommendations }],
      errors: { 400: 'The product id is not an ObjectId' },
    },
  },

  // Cart and orders
  {
    method: 'GET',
    path: '/cart',
    access: 'customer',
    app: 'order',
    target: (_, me) => `carts/${self(me)}`,
    doc: {
      operationId: 'getMyCart',
      summary: 'Read my cart',
      description: 'An empty cart if there is none yet. Send its ETag back as If-Match when you change it.',
      tag: 'Cart',
      answers: [{ status: 200, description: 'The cart', body: Cart, headers: ['ETag'] }],
    },
  },
  {
    method: 'PUT',
    path: '/cart',
    access: 'customer',
    app: 'order',
    target: (_, me) => `carts/${self(me)}`,
    headers: ['if-match'],
    doc: {
      operationId: 'replaceMyCart',
      summary: 'Replace the lines of my cart',
      description:
        "Each line takes the product's name, SKU and price as they are now; checkout prices it again.",
      tag: 'Cart',
      headers: z.object({
        'If-Match': z
          .string()
          .max(200)
          .optional()
          .describe('The ETag of the cart as you read it; leave it out only when you have no cart yet'),
      }),
      body: PutCart,
      answers: [{ status: 200, description: 'The cart as saved', body: Cart, headers: ['ETag'] }],
      errors: {
        400: 'The body is invalid, or some lines name products the shop cannot sell',
        409: 'The cart was changed since you read it, or it exists and If-Match is missing',
      },
    },
  },
  {
    method: 'POST',
    path: '/cart/quote',
    access: 'customer',
    app: 'order',
    rateClass: 'read',
    target: (_, me) => `carts/${self(me)}/quote`,
    doc: {
      operationId: 'quoteMyCart',
      summary: 'Price my cart with shipping and tax for a destination',
      description: QUOTE_DESCRIPTION,
      tag: 'Cart',
      body: QuoteCart,
      answers: [{ status: 200, description: 'The quote', body: CartQuote }],
      errors: {
        400: 'The body is invalid, the shipping method is unknown, or the cart cannot be ordered as it is (empty, unsellable lines, another currency)',
      },
    },
  },
  // A signed-out shopper's cart; merged into the account's at sign-in.
  {
    method: 'GET',
    path: '/guest-cart',
    access: 'anonymous',
    app: 'order',
    guestCart: 'required',
    target: (a) => `carts/guest/${guest(a)}`,
    doc: {
      operationId: 'getGuestCart',
      summary: "Read a signed-out shopper's cart",
      description:
        'The cart the `Guest-Cart` token names; empty once it was merged into an account or has expired (a week after its last change).',
      tag: 'Cart',
      headers: GuestCartHeader,
      answers: [{ status: 200, description: 'The guest cart', body: Cart, headers: ['ETag'] }],
      errors: { 400: 'The Guest-Cart header is missing, forged or expired' },
    },
  },
  {
    method: 'PUT',
    path: '/guest-cart',
    access: 'anonymous',
    app: 'order',
    guestCart: 'mint',
    target: (a) => `carts/guest/${guest(a)}`,
    headers: ['if-match'],
    doc: {
      operationId: 'replaceGuestCart',
      summary: "Replace the lines of a signed-out shopper's cart",
      description:
        'Without a `Guest-Cart` header a new guest cart is started and its token comes back in the ' +
        '`Guest-Cart` response header: keep it (the storefront keeps it in an http-only cookie) and send ' +
        'it with every later call. Lines and If-Match work as for `PUT /cart`.',
      tag: 'Cart',
      headers: GuestCartHeader.partial().extend({
        'If-Match': z.string().max(200).optional().describe('The ETag of the cart as you read it'),
      }),
      body: PutCart,
      answers: [
        { status: 200, description: 'The cart as saved', body: Cart, headers: ['ETag', 'Guest-Cart'] },
      ],
      errors: {
        400: 'The body is invalid, some lines name products the shop cannot sell, or the Guest-Cart header is forged or expired',
        409: 'The cart was changed since you read it, or it exists and If-Match is missing',
      },
    },
  },
  {
    method: 'POST',
    path: '/guest-cart/quote',
    access: 'anonymous',
    app: 'order',
    guestCart: 'required',
    rateClass: 'read',
    target: (a) => `carts/guest/${guest(a)}/quote`,
    doc: {
      operationId: 'quoteGuestCart',
      summary: "Price a signed-out shopper's cart with shipping and tax for a destination",
      description: QUOTE_DESCRIPTION,
      tag: 'Cart',
      headers: GuestCartHeader,
      body: QuoteCart,
      answers: [{ status: 200, description: 'The quote', body: CartQuote }],
      errors: {
        400: 'The body is invalid, the shipping method is unknown, the cart cannot be ordered as it is, or the Guest-Cart header is missing, forged or expired',
      },
    },
  },
  {
    method: 'POST',
    path: '/cart/merge',
    access: 'customer',
    app: 'order',
    guestCart: 'required',
    target: (a, me) => `carts/${self(me)}/merge/${guest(a)}`,
    doc: {
      operationId: 'mergeGuestCart',
      summary: 'Move a guest cart into my cart (at sign-in)',
      description:
        "Adds the guest cart's quantities to my cart's (at most 99 of a product, 50 lines), drops " +
        'products no longer sold and deletes the guest cart, all at once. Repeating it changes nothing.',
      tag: 'Cart',
      headers: GuestCartHeader,
      answers: [{ status: 200, description: 'My cart after the merge', body: Cart, headers: ['ETag'] }],
      errors: {
        400: 'The Guest-Cart header is missing, forged or expired',
        409: 'Either cart kept changing during the merge; try again',
      },
    },
  },
  {
    method: 'POST',
    path: '/orders',
    access: 'customer',
    app: 'order',
    target: () => 'orders',
    headers: ['idempotency-key'],
    doc: {
      operationId: 'placeOrder',
      summary: 'Check out: my cart becomes an order',
      description:
        'The order starts `PENDING`; stock, payment and confirmation follow (watch `status`). ' +
        "Its subtotal, shipping, tax and total are computed from the catalog and the shop's pricing " +
        'configuration for the shipping country and method, as `POST /cart/quote` shows them. ' +
        'Repeating the call with the same Idempotency-Key returns the same order.',
      tag: 'Orders',
      headers: z.object({
        'Idempotency-Key': IdempotencyKey.describe('A UUID you choose per checkout attempt'),
      }),
      body: PlaceOrder,
      answers: [
        { status: 201, description: 'The order was placed', body: OrderView, headers: ['Location'] },
        { status: 200, description: 'The order placed earlier with this Idempotency-Key', body: OrderView },
      ],
      errors: {
        400: 'The body or Idempotency-Key is invalid, the shipping method is unknown, or the cart cannot be ordered as it is (empty, unsellable lines)',
      },
    },
  },
  {
    method: 'GET',
    path: '/orders',
    access: 'customer',
    app: 'order',
    target: () => 'orders',
    doc: {
      operationId: 'listMyOrders',
      summary: 'My orders',
      description: 'Newest first.',
      tag: 'Orders',
      query: PageQuery,
      answers: [{ status: 200, description: 'A page of orders', body: OrderList }],
    },
  },
  {
    method: 'GET',
    path: '/orders/:id',
    access: 'customer',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}`,
    headers: ['if-none-match', 'prefer'],
    compose: orderDetail,
    doc: {
      operationId: 'getOrder',
      summary: 'Read an order',
      description: "With each line's product as the catalog has it now (`null` where it is gone).",
      tag: 'Orders',
      headers: z.object({
        'If-None-Match': z
          .string()
          .max(200)
          .optional()
          .describe('The ETag of the order as you have it: 304 while it is unchanged'),
        Prefer: z
          .string()
          .max(200)
          .optional()
          .describe(
            'With If-None-Match, `wait=<seconds>` (at most 3): the answer comes as soon as the order changes, or as 304 after the wait. Follow a checkout this way instead of polling.',
          ),
      }),
      answers: [
        { status: 200, description: 'The order', body: OrderDetail, headers: ['ETag', 'Preference-Applied'] },
        { status: 304, description: 'The order is still as your If-None-Match says', headers: ['ETag'] },
      ],
      errors: { 404: notYours('order') },
    },
  },
  {
    method: 'POST',
    path: '/orders/:id/cancel',
    access: 'customer',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}/cancel`,
    doc: {
      operationId: 'cancelOrder',
      summary: 'Cancel an order',
      description: 'Reserved stock is released and a captured payment refunded.',
      tag: 'Orders',
      body: CancelOrder,
      bodyOptional: true,
      answers: [{ status: 200, description: 'The cancelled order', body: OrderView }],
      errors: { 404: notYours('order'), 409: 'The order is past the point where it can be cancelled' },
    },
  },
  {
    method: 'PATCH',
    path: '/orders/:id',
    access: 'customer',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}`,
    headers: ['if-match'],
    doc: {
      operationId: 'changeOrder',
      summary: 'Change the quantities of an order before it is paid',
      description:
        'Each named line takes its new quantity (0 removes it); every line left is priced again from the catalog, ' +
        "the stock reserved again and the PayPal payment's amount changed. The change is in the order's history.",
      tag: 'Orders',
      headers: z.object({
        'If-Match': z
          .string()
          .max(200)
          .optional()
          .describe(
            'The ETag of the order as you read it: the change applies only to that order (412 otherwise)',
          ),
      }),
      body: ChangeOrderLines,
      answers: [
        { status: 200, description: 'The changed order', body: OrderView, headers: ['ETag'] },
        {
          status: 202,
          description: 'The change is under way (a service did not answer); it is finished in the background',
          body: OrderView,
          headers: ['ETag'],
        },
      ],
      errors: {
        404: notYours('order'),
        409: 'The order cannot change now (paid, being paid, being changed, or the stock is short): the reason is in `detail`',
        412: 'The order changed since you read it',
      },
    },
  },
  {
    method: 'PUT',
    path: '/orders/:id/shipping-address',
    access: 'customer',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}/shipping-address`,
    doc: {
      operationId: 'changeOrderAddress',
      summary: 'Change where an order is shipped, until it ships',
      description:
        "The shopper's own order, or any order for an admin. The change is in the order's history.",
      tag: 'Orders',
      body: ChangeShippingAddress,
      answers: [
        { status: 200, description: 'The order with its new address', body: OrderView, headers: ['ETag'] },
      ],
      errors: { 404: notYours('order'), 409: 'The order has shipped' },
    },
  },
  {
    method: 'POST',
    path: '/orders/:id/ship',
    access: 'admin',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}/ship`,
    doc: {
      operationId: 'shipOrder',
      summary: 'Mark an order shipped',
      tag: 'Orders',
      body: ShipOrder,
      answers: [{ status: 200, description: 'The shipped order', body: OrderView }],
      errors: { 404: 'No such order', 409: 'The order is not in a state that can ship' },
    },
  },
  {
    method: 'POST',
    path: '/orders/:id/deliver',
    access: 'admin',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}/deliver`,
    doc: {
      operationId: 'deliverOrder',
      summary: 'Mark an order delivered',
      tag: 'Orders',
      answers: [{ status: 200, description: 'The delivered order', body: OrderView }],
      errors: { 404: 'No such order', 409: 'The order has not shipped' },
    },
  },
  // Invoices: PDF files rendered by the order service and streamed through as it writes them.
  {
    method: 'GET',
    path: '/orders/:id/invoice.pdf',
    access: 'customer',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}/invoice.pdf`,
    stream: true,
    doc: {
      operationId: 'getOrderInvoice',
      summary: "Download your order's invoice (PDF)",
      description:
        'Every confirmed order gets an invoice a moment after it is confirmed (`invoice` on the order), ' +
        'numbered gapless per year (`INV-2026-000001`): the seller, the buyer, each line and the total.',
      tag: 'Orders',
      answers: INVOICE_PDF,
      errors: { 404: "No such order, it is someone else's, or its invoice is not issued yet" },
    },
  },
  {
    method: 'GET',
    path: '/admin/orders/:id/invoice.pdf',
    access: 'admin',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}/invoice.pdf`,
    stream: true,
    doc: {
      operationId: 'getOrderInvoiceAsAdmin',
      summary: "Download any order's invoice (PDF)",
      tag: 'Orders',
      answers: INVOICE_PDF,
      errors: { 404: 'No such order, or its invoice is not issued yet' },
    },
  },
  {
    method: 'GET',
    path: '/orders/:id/credit-notes/:number.pdf',
    access: 'customer',
    app: 'order',
    params: CreditNoteParams,
    target: (a) => `orders/${p(a, 'id')}/credit-notes/${p(a, 'number')}`,
    stream: true,
    doc: {
      operationId: 'getOrderCreditNote',
      summary: 'Download a credit note of your order (PDF)',
      description:
        'Every completed refund of an invoiced order (a refund or return, or the full refund of a ' +
        'cancelled order) gets a credit note (`creditNotes` on the order), numbered gapless per year ' +
        'in its own series (`CN-2026-000001`): the invoice it corrects, the refunded lines or amount, ' +
        'VAT and the total paid back.',
      tag: 'Orders',
      answers: CREDIT_NOTE_PDF,
      errors: { 404: "No such order or credit note, or it is someone else's" },
    },
  },
  {
    method: 'GET',
    path: '/admin/orders/:id/credit-notes/:number.pdf',
    access: 'admin',
    app: 'order',
    params: CreditNoteParams,
    target: (a) => `orders/${p(a, 'id')}/credit-notes/${p(a, 'number')}`,
    stream: true,
    doc: {
      operationId: 'getOrderCreditNoteAsAdmin',
      summary: 'Download a credit note of any order (PDF)',
      tag: 'Orders',
      answers: CREDIT_NOTE_PDF,
      errors: { 404: 'No such order or credit note' },
    },
  },
  // Refunds and returns of a paid order, for the admin area (docs/architecture.md, "Refunds and returns").
  {
    method: 'POST',
    path: '/admin/orders/:id/refunds',
    access: 'admin',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}/refunds`,
    headers: ['idempotency-key'],
    doc: {
      operationId: 'refundOrder',
      summary: 'Refund part of a paid order',
      description:
        "Whole lines (each refunds its total as the order holds it) or an amount, through PayPal's refund of " +
        "the capture; never more than was paid in all, each line once. The refund is in the order's `refunds` " +
        "and timeline, and the shopper's order history. Repeating the call with the same Idempotency-Key " +
        'refunds nothing more and answers the order (200), finishing the refund if it was left under way.',
      tag: 'Orders',
      headers: z.object({
        'Idempotency-Key': IdempotencyKey.describe('A UUID you choose per refund'),
      }),
      body: RefundOrder,
      answers: [
        { status: 201, description: 'Refunded: the order with its refunds', body: OrderView },
        {
          status: 200,
          description: 'The refund asked for earlier with this Idempotency-Key',
          body: OrderView,
        },
        {
          status: 202,
          description:
            'Asked for, but the payment service did not answer yet: it is finished in the background',
          body: OrderView,
        },
      ],
      errors: {
        400: 'The body or Idempotency-Key is invalid, or names a line the order does not have',
        404: 'No such order',
        409: 'The order is not paid (or cancelled), a line was refunded already, the amount is more than is left, the key was used for another refund, or PayPal refused it',
      },
    },
  },
  {
    method: 'POST',
    path: '/admin/orders/:id/returns',
    access: 'admin',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}/returns`,
    headers: ['idempotency-key'],
    doc: {
      operationId: 'returnOrderLines',
      summary: 'Record goods returned after delivery',
      description:
        'The named lines came back whole: their units go back on the shelf and their totals are refunded, as for ' +
        '`refundOrder`. Only for a delivered order; each line once. The same Idempotency-Key answers the same return.',
      tag: 'Orders',
      headers: z.object({
        'Idempotency-Key': IdempotencyKey.describe('A UUID you choose per return'),
      }),
      body: ReturnOrder,
      answers: [
        { status: 201, description: 'Returned and refunded: the order with its refunds', body: OrderView },
        {
          status: 200,
          description: 'The return recorded earlier with this Idempotency-Key',
          body: OrderView,
        },
        {
          status: 202,
          description:
            'Recorded, but the payment service did not answer yet: it is finished in the background',
          body: OrderView,
        },
      ],
      errors: {
        400: 'The body or Idempotency-Key is invalid, or names a line the order does not have',
        404: 'No such order',
        409: 'The order is not delivered, a line was refunded or returned already, the key was used for another return, or PayPal refused the refund',
      },
    },
  },
  // Every shopper's orders, for the admin area.
  {
    method: 'GET',
    path: '/admin/orders',
    access: 'admin',
    app: 'order',
    target: () => 'orders/all',
    doc: {
      operationId: 'listAllOrders',
      summary: "Every shopper's orders",
      description: 'Newest first, optionally only those in one status.',
      tag: 'Orders',
      query: AdminOrderQuery,
      answers: [{ status: 200, description: 'A page of orders', body: AdminOrderList }],
    },
  },
  // The admin's customer lookup.
  {
    method: 'GET',
    path: '/admin/customers',
    access: 'admin',
    app: 'customer',
    target: () => 'customers/search',
    compose: customerLookup,
    doc: {
      operationId: 'lookUpCustomers',
      summary: 'Find customers by email or name, with their orders',
      description:
        'Accounts whose email starts with `q` or whose name contains it (any case), newest first, at most ' +
        '20; each with whether its address is confirmed and its latest 10 orders from the order service.',
      tag: 'Accounts',
      query: CustomerLookupQuery,
      answers: [{ status: 200, description: 'The accounts that match', body: CustomerLookup }],
    },
  },
  // How the shop is doing, for the admin area's dashboard.
  {
    method: 'GET',
    path: '/admin/dashboard',
    access: 'admin',
    app: 'order',
    target: () => 'reports/dashboard',
    compose: adminDashboard,
    doc: {
      operationId: 'getAdminDashboard',
      summary: 'Sales, orders by status, top products, low stock and payment failures',
      description:
        'The last 30 UTC days (today included): confirmed sales and refunds per day and currency ' +
        '(integer minor units), orders by their latest status, the ten products most sold, payment ' +
        "failures per day and the latest ones; and the catalog's active products with 5 or fewer units " +
        "available. The figures come from the order service's read model, fed by order, stock and " +
        'payment events (each counted once), so they trail the events by the time their delivery takes.',
      tag: 'Orders',
      answers: [{ status: 200, description: 'The dashboard', body: AdminDashboard }],
    },
  },

  // Exports for the admin: CSV files streamed through as the services write them.
  {
    method: 'GET',
    path: '/admin/exports/orders.csv',
    access: 'admin',
    app: 'order',
    target: () => 'orders/export',
    stream: true,
    doc: {
      operationId: 'exportOrders',
      summary: 'Orders placed in a date range, as CSV',
      description:
        'Every order created at or after `from` and before `to` (dates are midnight UTC), oldest first: ' +
        'id, time, status, customer id, items, lines, total in minor units, currency, shipping country, ' +
        "tracking number. A cell that starts with `=`, `+`, `-` or `@` is prefixed with `'` so a " +
        'spreadsheet never runs it as a formula.',
      tag: 'Orders',
      query: ExportRange,
      answers: [{ status: 200, description: 'The CSV file', csv: true, headers: ['Content-Disposition'] }],
    },
  },
  {
    method: 'GET',
    path: '/admin/exports/products.csv',
    access: 'admin',
    app: 'product',
    target: () => 'products/export',
    stream: true,
    doc: {
      operationId: 'exportProducts',
      summary: 'Products created in a date range, as CSV',
      description:
        'Every product (on sale or archived) created at or after `from` and before `to`, oldest first: ' +
        'id, SKU, slug, name, categories, price in minor units, currency, stock, whether on sale, times. ' +
        "A cell that starts with `=`, `+`, `-` or `@` is prefixed with `'`.",
      tag: 'Catalog',
      query: ExportRange,
      answers: [{ status: 200, description: 'The CSV file', csv: true, headers: ['Content-Disposition'] }],
    },
  },

  // Payments
  {
    method: 'GET',
    path: '/orders/:id/payment',
    access: 'customer',
    app: 'payment',
    params: OrderIdParam,
    target: (a) => `payments/order/${p(a, 'id')}`,
    doc: {
      operationId: 'getOrderPayment',
      summary: "Read an order's payment",
      description: 'While it is `CREATED`, send the shopper to `approveUrl` to approve it with PayPal.',
      tag: 'Payments',
      answers: [{ status: 200, description: 'The payment', body: Payment }],
      errors: { 400: 'The order id is not a UUID', 404: notYours('payment') },
    },
  },
  {
    method: 'POST',
    path: '/orders/:id/payment/capture',
    access: 'customer',
    app: 'payment',
    params: OrderIdParam,
    target: (a) => `payments/order/${p(a, 'id')}/capture`,
    doc: {
      operationId: 'captureOrderPayment',
      summary: 'Take the money once the shopper approved',
      description:
        'Captures at most once: a repeated call answers with the first outcome. A declined capture ' +
        'answers 200 with `status: FAILED`.',
      tag: 'Payments',
      answers: [{ status: 200, description: 'The payment after the capture', body: Payment }],
      errors: {
        400: 'The order id is not a UUID',
        404: notYours('payment'),
        409: 'The shopper has not approved the payment yet, or it was cancelled',
      },
    },
  },
  {
    method: 'POST',
    path: '/orders/:id/payment/retry',
    access: 'customer',
    app: 'order',
    params: OrderIdParam,
    target: (a) => `orders/${p(a, 'id')}/payment/retry`,
    doc: {
      operationId: 'retryOrderPayment',
      summary: 'Try the payment again after a decline',
      description:
        'While the order still holds its stock (`STOCK_RESERVED`), a declined payment gets a new PayPal ' +
        "order for the same amount: send the shopper to the order's new `payment.approveUrl`. A payment " +
        'still waiting for approval is answered as it is, so a repeated call opens nothing more. At most ' +
        '5 PayPal orders per order, and at most one capture.',
      tag: 'Payments',
      answers: [{ status: 200, description: 'The order with its new approval link', body: OrderView }],
      errors: {
        400: 'The order id is not a UUID',
        404: notYours('order'),
        409: 'The order no longer waits for payment, its payment cannot be tried again, or it was tried 5 times',
      },
    },
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
    doc: {
      operationId: 'receivePayPalWebhook',
      summary: 'PayPal event deliveries',
      description: 'For PayPal only: nothing is acted on before PayPal confirms the signature.',
      tag: 'Webhooks',
      headers: PayPalWebhookHeaders,
      body: PayPalWebhookEvent,
      answers: [{ status: 200, description: 'The event was received', body: PayPalWebhookReceipt }],
      errors: {
        400: 'A signature header is missing, the signature is not genuine, or the event is malformed',
      },
    },
  },
];
