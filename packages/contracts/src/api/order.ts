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

/** Checkout: the cart's lines become an order. The shopper states the currency they expect to pay in. */
export const PlaceOrder = z.strictObject({ shippingAddress: ShippingAddress, currency: Currency });
export type PlaceOrder = z.infer<typeof PlaceOrder>;

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

export const OrderView = z.object({
  id: z.uuid(),
  customerId: z.string(),
  status: OrderStatus,
  lines: z.array(
    z.object({
      productId: z.string(),
      sku: z.string(),
      name: z.string(),
      quantity: z.number().int(),
      unitPrice: Money,
    }),
  ),
  total: Money,
  shippingAddress: ShippingAddress,
  payment: z.object({ paymentId: z.uuid().nullable(), approveUrl: z.string().nullable() }),
  tracking: z.object({ trackingNumber: z.string(), carrier: z.string().nullable() }).nullable(),
  cancelReason: z.string().nullable(),
  history: z.array(z.object({ status: OrderStatus, reason: z.string().nullable(), at: z.string() })),
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
