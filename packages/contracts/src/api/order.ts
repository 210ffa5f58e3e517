import { z } from 'zod';
import { Currency, EntityId, Money, ObjectId, page, PageQuery } from '../common';
import { CustomerSummary } from './customer';

export const CartLineInput = z.strictObject({
  productId: EntityId,
  quantity: z.number().int().min(1).max(99),
});

/** Replaces the cart's lines; the request must carry the ETag it read (If-Match). */
export const PutCart = z.strictObject({ lines: z.array(CartLineInput).max(50) });
export type PutCart = z.infer<typeof PutCart>;

/** A cart line keeps what the shopper saw when adding it; checkout prices it again. */
export const CartLine = z.object({
  productId: z.string(),
  quantity: z.number().int(),
  sku: z.string().optional(),
  name: z.string().optional(),
  unitPrice: Money.optional(),
});
export type CartLine = z.infer<typeof CartLine>;

export const Cart = z.object({
  customerId: z.string(),
  lines: z.array(CartLine),
  updatedAt: z.string().nullable(),
});
export type Cart = z.infer<typeof Cart>;

export const ORDER_STATUSES = [
  'PENDING',
  'STOCK_RESERVED',
  'PAID',
  'CONFIRMED',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
  'REFUNDED',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const ShippingAddress = z.strictObject({
  name: z.string().trim().min(1).max(100),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1).max(100),
  postalCode: z.string().trim().min(1).max(20),
  country: z
    .string()
    .max(2)
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'),
});
export type ShippingAddress = z.infer<typeof ShippingAddress>;

/** A shipping method's id, as the shop's pricing configuration names it (e.g. `standard`). */
export const ShippingMethodId = z
  .string()
  .max(40)
  .regex(/^[a-z][a-z0-9-]*$/, 'must be a shipping method id such as standard');

/**
 * Checkout: the cart's lines become an order. The shopper states the currency they expect to pay
 * in, and may choose a shipping method (the shop's default otherwise). Shipping and tax are
 * computed by the order service from the catalog and its configuration, never taken from here.
 */
export const PlaceOrder = z.strictObject({
  shippingAddress: ShippingAddress,
  currency: Currency,
  shippingMethod: ShippingMethodId.optional(),
});
export type PlaceOrder = z.infer<typeof PlaceOrder>;

/** A quote of the cart before payment: where it would ship, in which currency, by which method. */
export const QuoteCart = z.strictObject({
  country: ShippingAddress.shape.country,
  currency: Currency,
  shippingMethod: ShippingMethodId.optional(),
});
export type QuoteCart = z.infer<typeof QuoteCart>;

/** A line of an order (or quote) as clients see it: the product, how many, at which unit price. */
const OrderLineView = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: Money,
});

/** Tax of an order or quote: the destination's rate and the amount, included in the prices or added. */
export const TaxSummary = z.object({
  country: z.string(),
  /** The rate in basis points: 1900 is 19 %. */
  rate: z.number().int().min(0),
  amount: Money,
  /** true: prices and shipping are stated with tax, which the total contains; false: tax is added. */
  included: z.boolean(),
});

/** A shipping method offered for a cart: its fee for this cart, and the goods amount it is free from. */
export const ShippingOption = z.object({
  method: z.string(),
  name: z.string(),
  amount: Money,
  freeFrom: Money.nullable(),
});

/**
 * What the cart would cost if ordered now: each line at today's price, shipping by the chosen
 * method, tax by the destination, and the total; checkout computes the same from the same inputs.
 */
export const CartQuote = z.object({
  /** Each line at today's price, with its amount (unit price × quantity) and the tax in or on it. */
  lines: z.array(OrderLineView.extend({ amount: Money, tax: Money })),
  subtotal: Money,
  shipping: ShippingOption,
  tax: TaxSummary,
  total: Money,
  /** Every method the shop offers, priced for this cart. */
  shippingMethods: z.array(ShippingOption),
});
export type CartQuote = z.infer<typeof CartQuote>;

/** `Idempotency-Key` header of POST /orders: the same key returns the same order. */
export const IdempotencyKey = z.uuid({ message: 'must be a UUID' }).max(36);

export const ShipOrder = z.strictObject({
  trackingNumber: z.string().trim().min(3).max(64),
  carrier: z.string().trim().min(1).max(64).optional(),
});
/**
 * A shopper's change of their order before it is paid: each named line gets its new quantity
 * (0 removes it), the others stay. Every line left is priced again from the catalog.
 */
export const ChangeOrderLines = z.strictObject({
  lines: z
    .array(z.strictObject({ productId: EntityId, quantity: z.number().int().min(0).max(99) }))
    .min(1)
    .max(50)
    .refine((lines) => new Set(lines.map((l) => l.productId)).size === lines.length, {
      message: 'names a product twice',
    }),
});
export type ChangeOrderLines = z.infer<typeof ChangeOrderLines>;

/** The new shipping address of an order not shipped yet (the shopper or an admin). */
export const ChangeShippingAddress = z.strictObject({ shippingAddress: ShippingAddress });
export type ChangeShippingAddress = z.infer<typeof ChangeShippingAddress>;

export const CancelOrder = z.strictObject({
  reason: z.string().trim().min(1).max(200).default('cancelled by the shopper'),
});

/**
 * An order's invoice, once issued: a moment after the order is confirmed (docs/architecture.md,
 * "Invoices"). Its PDF is `GET /orders/{id}/invoice.pdf`.
 */
export const InvoiceRef = z.object({
  number: z.string().describe('Gapless per year, e.g. INV-2026-000001'),
  issuedAt: z.string(),
});
export type InvoiceRef = z.infer<typeof InvoiceRef>;

/**
 * A credit note: issued with each completed refund of an invoiced order (an admin's refund or
 * return, the full refund of a cancelled order), numbered gapless per year in its own series. Its
 * PDF is `GET /orders/{id}/credit-notes/{number}.pdf`.
 */
export const CreditNoteRef = z.object({
  number: z.string().describe('Gapless per year, e.g. CN-2026-000001'),
  issuedAt: z.string(),
  amount: Money.describe('What was paid back'),
});
export type CreditNoteRef = z.infer<typeof CreditNoteRef>;

/**
 * An admin's refund of part of a paid order (`POST /admin/orders/{id}/refunds`): whole lines
 * (each refunds its total as stored) or an amount, never both. With an `Idempotency-Key` header:
 * a repeated request answers the first refund and never refunds again.
 */
const WholeLines = z
  .array(z.strictObject({ productId: EntityId }))
  .min(1)
  .max(50)
  .refine((lines) => new Set(lines.map((l) => l.productId)).size === lines.length, {
    message: 'names a product twice',
  });

export const RefundOrder = z
  .strictObject({
    lines: WholeLines.optional(),
    amount: z
      .strictObject({
        amount: z.number().int().min(1, 'must be at least 1 minor unit').max(1_000_000_000),
        currency: Currency,
      })
      .optional(),
    reason: z.string().trim().min(1).max(200).default('refunded by the shop'),
  })
  .refine((r) => (r.lines === undefined) !== (r.amount === undefined), {
    message: 'name either lines or an amount',
    path: ['lines'],
  });
export type RefundOrder = z.infer<typeof RefundOrder>;

/**
 * An admin records goods that came back after delivery (`POST /admin/orders/{id}/returns`): the
 * named lines, whole. Their units go back on the shelf and their totals are refunded.
 */
export const ReturnOrder = z.strictObject({
  lines: WholeLines,
  reason: z.string().trim().min(1).max(200).default('returned to the shop'),
});
export type ReturnOrder = z.infer<typeof ReturnOrder>;

/**
 * Money paid back on an order, newest last: a `refund` (lines or an amount) or a `return` (lines
 * that came back). REQUESTED while PayPal has not answered yet (the same request finishes it),
 * FAILED when the payment service refused it (nothing was paid back).
 */
export const OrderRefund = z.object({
  id: z.uuid(),
  kind: z.enum(['refund', 'return']),
  status: z.enum(['REQUESTED', 'COMPLETED', 'FAILED']),
  amount: Money,
  /** The refunded (or returned) lines' products; empty for a refund of an amount. */
  lines: z.array(z.object({ productId: z.string(), sku: z.string(), quantity: z.number().int() })),
  reason: z.string(),
  failure: z.string().nullable(),
  requestedAt: z.string(),
});
export type OrderRefund = z.infer<typeof OrderRefund>;

export const OrderView = z.object({
  id: z.uuid(),
  customerId: z.string(),
  status: OrderStatus,
  lines: z.array(OrderLineView),
  /** The lines at their stated prices (with tax when `tax.included`). */
  subtotal: Money,
  /** The shipping method (null for orders placed before shipping was charged) and its fee. */
  shipping: z.object({ method: z.string().nullable(), amount: Money }),
  tax: TaxSummary,
  /** subtotal + shipping, plus the tax when it is not included. */
  total: Money,
  shippingAddress: ShippingAddress,
  payment: z.object({ paymentId: z.uuid().nullable(), approveUrl: z.string().nullable() }),
  tracking: z.object({ trackingNumber: z.string(), carrier: z.string().nullable() }).nullable(),
  cancelReason: z.string().nullable(),
  history: z.array(z.object({ status: OrderStatus, reason: z.string().nullable(), at: z.string() })),
  invoice: InvoiceRef.nullable(),
  /** The credit notes that correct the invoice, one per completed refund, oldest first. */
  creditNotes: z.array(CreditNoteRef),
  /** Money paid back after payment (admin refunds and returns); a cancellation's refund is in `history`. */
  refunds: z.array(OrderRefund),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OrderView = z.infer<typeof OrderView>;

/**
 * The gateway's composed order page: the order, and for each line what the catalog says of
 * its product today (slug for a link, images), or null where the product is gone.
 */
export const OrderDetail = OrderView.extend({
  lines: z.array(
    OrderView.shape.lines.element.extend({
      product: z.object({ slug: z.string(), images: z.array(z.string()) }).nullable(),
    }),
  ),
});
export type OrderDetail = z.infer<typeof OrderDetail>;

export const OrderSummary = OrderView.pick({
  id: true,
  status: true,
  total: true,
  invoice: true,
  creditNotes: true,
  createdAt: true,
  updatedAt: true,
});
export const OrderList = page(OrderSummary);
export type OrderList = z.infer<typeof OrderList>;

/** `GET /admin/orders`: every shopper's orders, newest first, optionally only those in one status. */
export const AdminOrderQuery = PageQuery.extend({
  status: OrderStatus.optional(),
  customerId: ObjectId.optional().describe("Only this customer's orders"),
});
export type AdminOrderQuery = z.infer<typeof AdminOrderQuery>;

/** An admin's order list says whose each order is. */
export const AdminOrderSummary = OrderSummary.extend({ customerId: z.string() });
export const AdminOrderList = page(AdminOrderSummary);
export type AdminOrderList = z.infer<typeof AdminOrderList>;

/**
 * `GET /admin/customers`: the accounts that match, each with its latest orders from the order
 * service (`moreOrders` when it has more than those shown).
 */
export const CustomerLookup = z.object({
  items: z.array(CustomerSummary.extend({ orders: z.array(AdminOrderSummary), moreOrders: z.boolean() })),
});
export type CustomerLookup = z.infer<typeof CustomerLookup>;
