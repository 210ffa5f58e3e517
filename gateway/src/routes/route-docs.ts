import { z } from 'zod';
import {
  AddressInput,
  Address,
  AdjustStock,
  AdminOrderList,
  AdminOrderQuery,
  CancelOrder,
  Cart,
  CategoryList,
  ChangePassword,
  CreateProduct,
  AccountExport,
  CustomerProfile,
  IdempotencyKey,
  OrderDetail,
  OrderHistoryPage,
  OrderList,
  OrderView,
  PageQuery,
  Payment,
  PayPalWebhookEvent,
  PayPalWebhookHeaders,
  PayPalWebhookReceipt,
  PlaceOrder,
  Product,
  ProductPage,
  ProductQuery,
  PutCart,
  Recommendations,
  RegisterCustomer,
  ShipOrder,
  UpdateAddress,
  UpdateProduct,
  UpdateProfile,
  VerifiedCustomer,
  VerifyCredentials,
  ExternalSignIn,
} from '@sidecart/contracts';

export type Tag = 'Accounts' | 'Catalog' | 'Cart' | 'Orders' | 'Payments' | 'Webhooks' | 'System';

/** Response headers worth naming in the document; what each means is said once, in openapi.ts. */
export type ResponseHeader = 'ETag' | 'Location' | 'Content-Disposition';

/** A success answer: its status, its body (none for 204) and the headers it carries. */
export type Answer = {
  status: 200 | 201 | 204;
  description: string;
  body?: z.ZodType;
  headers?: ResponseHeader[];
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503 | 504;

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

export const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

const notYours = (what: string) => `No such ${what}, or it is someone else's`;

/** Keyed by `routeKey` of each entry of ROUTES; a unit test checks that none is missing. */
export const ROUTE_DOCS: Record<string, RouteDoc> = {
  // Accounts
  'POST /customers': {
    operationId: 'registerCustomer',
    summary: 'Create an account',
    description: 'Draws on the `auth` rate-limit budget.',
    tag: 'Accounts',
    body: RegisterCustomer,
    answers: [{ status: 201, description: 'The new account', body: CustomerProfile, headers: ['Location'] }],
    errors: { 409: 'An account with this email already exists' },
  },
  'POST /customers/credentials/verify': {
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
  'POST /customers/external': {
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
  'GET /me': {
    operationId: 'getMyProfile',
    summary: 'Read my profile',
    description: 'Name, email, address book and preferences of the signed-in customer.',
    tag: 'Accounts',
    answers: [{ status: 200, description: 'The signed-in customer', body: CustomerProfile }],
    errors: { 404: 'The account no longer exists' },
  },
  'PATCH /me': {
    operationId: 'updateMyProfile',
    summary: 'Change my name or preferences',
    description: 'Send only the fields to change; preferences are merged field by field.',
    tag: 'Accounts',
    body: UpdateProfile,
    answers: [{ status: 200, description: 'The profile as changed', body: CustomerProfile }],
    errors: { 404: 'The account no longer exists' },
  },
  'DELETE /me': {
    operationId: 'deleteMyAccount',
    summary: 'Delete my account',
    description:
      'Deletes the account and the order history kept with it, and ends every session of it. ' +
      'Orders stay with the order service.',
    tag: 'Accounts',
    answers: [{ status: 204, description: 'The account is gone' }],
    errors: { 404: 'The account no longer exists' },
  },
  'POST /me/addresses': {
    operationId: 'addMyAddress',
    summary: 'Add an address to my address book',
    description: 'At most 10 addresses; `isDefault: true` makes it the default instead of the one before.',
    tag: 'Accounts',
    body: AddressInput,
    answers: [{ status: 201, description: 'The new address', body: Address }],
    errors: { 404: 'The account no longer exists', 409: 'The address book is full' },
  },
  'PATCH /me/addresses/:addressId': {
    operationId: 'updateMyAddress',
    summary: 'Change an address',
    description: 'Send only the fields to change; `isDefault: true` makes it the default.',
    tag: 'Accounts',
    body: UpdateAddress,
    answers: [{ status: 200, description: 'The address as changed', body: Address }],
    errors: { 400: 'The address id or the body is invalid', 404: 'No such address' },
  },
  'DELETE /me/addresses/:addressId': {
    operationId: 'deleteMyAddress',
    summary: 'Remove an address',
    description: 'Orders placed with it keep their copy of the address.',
    tag: 'Accounts',
    answers: [{ status: 204, description: 'The address is gone' }],
    errors: { 400: 'The address id is not a UUID', 404: 'No such address' },
  },
  'POST /me/password': {
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
  'POST /me/sessions/end': {
    operationId: 'endMySessions',
    summary: 'Sign out everywhere',
    description: 'Every session of mine signed in up to now ends: its tokens answer 401 from then on.',
    tag: 'Accounts',
    answers: [{ status: 204, description: 'Every earlier session has ended' }],
    errors: { 404: 'The account no longer exists' },
  },
  'GET /me/export': {
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
  'GET /me/orders': {
    operationId: 'listMyOrderHistory',
    summary: 'My order history',
    description: 'The history the customer service keeps from order events, newest first.',
    tag: 'Accounts',
    query: PageQuery,
    answers: [{ status: 200, description: 'A page of the history', body: OrderHistoryPage }],
    errors: { 404: 'The account no longer exists' },
  },

  // Catalog
  'GET /products': {
    operationId: 'listProducts',
    summary: 'Search and browse the catalog',
    description: 'Only products on sale.',
    tag: 'Catalog',
    query: ProductQuery,
    answers: [{ status: 200, description: 'A page of products', body: ProductPage }],
  },
  'GET /products/:id': {
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
  'GET /categories': {
    operationId: 'listCategories',
    summary: 'Categories and how many products each has',
    description: 'Only categories of products on sale, with how many each has.',
    tag: 'Catalog',
    answers: [{ status: 200, description: 'Every category in use', body: CategoryList }],
  },
  'POST /products': {
    operationId: 'createProduct',
    summary: 'Add a product',
    tag: 'Catalog',
    body: CreateProduct,
    answers: [{ status: 201, description: 'The new product', body: Product, headers: ['Location'] }],
    errors: { 409: 'A product with this SKU or slug exists' },
  },
  'PATCH /products/:id': {
    operationId: 'updateProduct',
    summary: 'Change a product',
    description: 'Stock is never set here: see `POST /products/{id}/stock`.',
    tag: 'Catalog',
    body: UpdateProduct,
    answers: [{ status: 200, description: 'The product as changed', body: Product }],
    errors: { 404: 'No such product', 409: 'Another product has this slug' },
  },
  'POST /products/:id/archive': {
    operationId: 'archiveProduct',
    summary: 'Take a product off sale',
    description: 'The product stays readable for admins and for old order pages.',
    tag: 'Catalog',
    answers: [{ status: 200, description: 'The archived product', body: Product }],
    errors: { 400: 'The product id is not an ObjectId', 404: 'No such product' },
  },
  'POST /products/:id/stock': {
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

  // Recommendations (the Go service)
  'GET /products/:id/recommendations': {
    operationId: 'getRecommendations',
    summary: 'Customers who bought this also bought',
    description:
      'The products bought most often in the same confirmed orders as this one, most first (at most 4), ' +
      'with their names and prices from the catalog. Empty when nobody bought it with another product.',
    tag: 'Catalog',
    answers: [{ status: 200, description: 'The recommended products', body: Recommendations }],
    errors: { 400: 'The product id is not an ObjectId' },
  },

  // Cart
  'GET /cart': {
    operationId: 'getMyCart',
    summary: 'Read my cart',
    description: 'An empty cart if there is none yet. Send its ETag back as If-Match when you change it.',
    tag: 'Cart',
    answers: [{ status: 200, description: 'The cart', body: Cart, headers: ['ETag'] }],
  },
  'PUT /cart': {
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

  // Orders
  'POST /orders': {
    operationId: 'placeOrder',
    summary: 'Check out: my cart becomes an order',
    description:
      'The order starts `PENDING`; stock, payment and confirmation follow (watch `status`). ' +
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
      400: 'The body or Idempotency-Key is invalid, or the cart cannot be ordered as it is (empty, unsellable lines)',
    },
  },
  'GET /orders': {
    operationId: 'listMyOrders',
    summary: 'My orders',
    description: 'Newest first.',
    tag: 'Orders',
    query: PageQuery,
    answers: [{ status: 200, description: 'A page of orders', body: OrderList }],
  },
  'GET /orders/:id': {
    operationId: 'getOrder',
    summary: 'Read an order',
    description: "With each line's product as the catalog has it now (`null` where it is gone).",
    tag: 'Orders',
    answers: [{ status: 200, description: 'The order', body: OrderDetail }],
    errors: { 404: notYours('order') },
  },
  'POST /orders/:id/cancel': {
    operationId: 'cancelOrder',
    summary: 'Cancel an order',
    description: 'Reserved stock is released and a captured payment refunded.',
    tag: 'Orders',
    body: CancelOrder,
    bodyOptional: true,
    answers: [{ status: 200, description: 'The cancelled order', body: OrderView }],
    errors: { 404: notYours('order'), 409: 'The order is past the point where it can be cancelled' },
  },
  'POST /orders/:id/ship': {
    operationId: 'shipOrder',
    summary: 'Mark an order shipped',
    tag: 'Orders',
    body: ShipOrder,
    answers: [{ status: 200, description: 'The shipped order', body: OrderView }],
    errors: { 404: 'No such order', 409: 'The order is not in a state that can ship' },
  },
  'POST /orders/:id/deliver': {
    operationId: 'deliverOrder',
    summary: 'Mark an order delivered',
    tag: 'Orders',
    answers: [{ status: 200, description: 'The delivered order', body: OrderView }],
    errors: { 404: 'No such order', 409: 'The order has not shipped' },
  },
  'GET /admin/orders': {
    operationId: 'listAllOrders',
    summary: "Every shopper's orders",
    description: 'Newest first, optionally only those in one status.',
    tag: 'Orders',
    query: AdminOrderQuery,
    answers: [{ status: 200, description: 'A page of orders', body: AdminOrderList }],
  },

  // Payments
  'GET /orders/:id/payment': {
    operationId: 'getOrderPayment',
    summary: "Read an order's payment",
    description: 'While it is `CREATED`, send the shopper to `approveUrl` to approve it with PayPal.',
    tag: 'Payments',
    answers: [{ status: 200, description: 'The payment', body: Payment }],
    errors: { 400: 'The order id is not a UUID', 404: notYours('payment') },
  },
  'POST /orders/:id/payment/capture': {
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
  'POST /webhooks/paypal': {
    operationId: 'receivePayPalWebhook',
    summary: 'PayPal event deliveries',
    description: 'For PayPal only: nothing is acted on before PayPal confirms the signature.',
    tag: 'Webhooks',
    headers: PayPalWebhookHeaders,
    body: PayPalWebhookEvent,
    answers: [{ status: 200, description: 'The event was received', body: PayPalWebhookReceipt }],
    errors: { 400: 'A signature header is missing, the signature is not genuine, or the event is malformed' },
  },
};
