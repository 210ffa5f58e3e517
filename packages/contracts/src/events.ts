import { z } from 'zod';
import { EntityId, Money } from './common';

/**
 * Every event of the architecture (docs/architecture.md), one topic per event type. The schema is the contract:
 * producers build payloads with it and consumers parse deliveries with it, so a
 * drifting producer fails loudly at the boundary instead of corrupting a consumer.
 */
const envelope = {
  eventId: z.uuid(),
  occurredAt: z.iso.datetime({ offset: true }),
};

/** What every event carries: a fresh id (consumers dedupe by it) and when it happened. */
export type EventEnvelope = { eventId: string; occurredAt: string };

/** The one way to stamp an event: `{ ...newEnvelope(), orderId, … }`. */
export const newEnvelope = (at: Date = new Date()): EventEnvelope => ({
  eventId: globalThis.crypto.randomUUID(),
  occurredAt: at.toISOString(),
});

const OrderLine = z.object({
  productId: EntityId,
  sku: z.string(),
  quantity: z.number().int().positive(),
  unitPrice: Money,
});

export const CustomerRegistered = z.object({
  ...envelope,
  customerId: EntityId,
  email: z.email(),
  name: z.string(),
});

/**
 * The account is erased (`DELETE /me`). Every service that keeps personal data about the customer
 * removes or pseudonymizes it, and keeps it away from then on: a later event about the customer's
 * orders must not bring it back. Orders, lines, amounts and statuses stay, for the accounts.
 */
export const CustomerDeleted = z.object({
  ...envelope,
  customerId: EntityId,
});

export const OrderPlaced = z.object({
  ...envelope,
  orderId: z.uuid(),
  customerId: EntityId,
  lines: z.array(OrderLine).min(1),
  total: Money,
});
/**
 * Paid and final. Carries the order's lines, so a consumer that reacts to what was sold (the
 * recommendations service counts products bought together) needs nothing but the event.
 */
export const OrderConfirmed = z.object({
  ...envelope,
  orderId: z.uuid(),
  customerId: EntityId,
  lines: z.array(OrderLine).min(1),
  total: Money,
});
/**
 * The order's lines changed before it was paid (the shopper changed quantities or removed
 * lines): its lines and total as of `revision` (1, 2, …), repriced; the stock is already
 * re-reserved and the payment amended. A consumer keeps the highest revision it has seen.
 */
export const OrderChanged = z.object({
  ...envelope,
  orderId: z.uuid(),
  customerId: EntityId,
  revision: z.number().int().min(1),
  lines: z.array(OrderLine).min(1),
  total: Money,
});
export const OrderCancelled = z.object({
  ...envelope,
  orderId: z.uuid(),
  customerId: EntityId,
  reason: z.string(),
});
export const OrderShipped = z.object({
  ...envelope,
  orderId: z.uuid(),
  customerId: EntityId,
  trackingNumber: z.string(),
  carrier: z.string().optional(),
});

/**
 * Money was paid back on a paid order after the fact: an admin's `refund` (whole lines, or an
 * amount: `lines` empty) or a `return` (the lines came back: their units go back on the shelf).
 * `refundId` names the refund: consumers keep each once. A cancellation's refund is
 * `payment.refunded`, not this.
 */
export const OrderRefunded = z.object({
  ...envelope,
  orderId: z.uuid(),
  customerId: EntityId,
  refundId: z.uuid(),
  kind: z.enum(['refund', 'return']),
  amount: Money,
  lines: z.array(OrderLine),
  reason: z.string(),
});

const StockLine = z.object({ productId: EntityId, quantity: z.number().int().positive() });
export const StockReserved = z.object({ ...envelope, orderId: z.uuid(), lines: z.array(StockLine).min(1) });
export const StockRejected = z.object({
  ...envelope,
  orderId: z.uuid(),
  lines: z.array(
    z.object({
      productId: EntityId,
      requested: z.number().int(),
      available: z.number().int(),
      reason: z.enum(['OUT_OF_STOCK', 'INSUFFICIENT_STOCK', 'UNKNOWN_PRODUCT', 'INACTIVE_PRODUCT']),
    }),
  ),
});
export const StockReleased = z.object({ ...envelope, orderId: z.uuid(), reason: z.string() });

export const PaymentSucceeded = z.object({
  ...envelope,
  orderId: z.uuid(),
  paymentId: z.uuid(),
  amount: Money,
  providerCaptureId: z.string(),
});
export const PaymentFailed = z.object({
  ...envelope,
  orderId: z.uuid(),
  paymentId: z.uuid().optional(),
  reason: z.string(),
});
export const PaymentRefunded = z.object({
  ...envelope,
  orderId: z.uuid(),
  paymentId: z.uuid(),
  amount: Money,
  providerRefundId: z.string(),
});

/**
 * An admin changed a product (name, description, categories, price, attributes, slug, pictures or
 * whether it is on sale). `fields` names what changed; the product service keeps the values before
 * and after in the product's audit trail (`GET /products/{id}/audit`), `revision` is that entry's
 * number (1, 2, … per product). Catalog caches follow by time within their documented bound.
 */
export const ProductUpdated = z.object({
  ...envelope,
  productId: EntityId,
  revision: z.number().int().positive(),
  fields: z.array(z.string()).min(1),
  /** The admin's id as the gateway verified it (any id an admin token may carry). */
  by: z.string().min(1),
});

/** Topic name → payload schema. The single list of topics in the system. */
export const Topics = {
  'customer.registered': CustomerRegistered,
  'customer.deleted': CustomerDeleted,
  'order.placed': OrderPlaced,
  'order.confirmed': OrderConfirmed,
  'order.changed': OrderChanged,
  'order.cancelled': OrderCancelled,
  'order.shipped': OrderShipped,
  'order.refunded': OrderRefunded,
  'stock.reserved': StockReserved,
  'stock.rejected': StockRejected,
  'stock.released': StockReleased,
  'product.updated': ProductUpdated,
  'payment.succeeded': PaymentSucceeded,
  'payment.failed': PaymentFailed,
  'payment.refunded': PaymentRefunded,
} as const;

export type Topic = keyof typeof Topics;

/** Who publishes a topic and who subscribes to it, by Dapr app id (`dapr.yaml`). */
export type TopicParties = { summary: string; producer: string; consumers: readonly string[] };

/**
 * Each topic's producer (one per topic: the service that owns the aggregate) and consumers. The
 * AsyncAPI document and the JSON Schema files other languages vendor are built from this and
 * `Topics` (gateway/src/asyncapi.ts). Tests hold it to the code: the consumers to what each running
 * app asks its sidecar for, and every topic a service's code names to its producers and consumers.
 */
export const TOPIC_PARTIES: Record<Topic, TopicParties> = {
  'customer.registered': {
    summary: 'A customer signed up.',
    producer: 'customer',
    consumers: ['order'],
  },
  'customer.deleted': {
    summary: "The account was erased (`DELETE /me`): every service forgets the customer's personal data.",
    producer: 'customer',
    consumers: ['customer', 'order', 'payment'],
  },
  'order.placed': {
    summary: 'Checkout placed an order; its stock is to be held.',
    producer: 'order',
    consumers: ['customer', 'order', 'product'],
  },
  'order.confirmed': {
    summary: 'The order is paid and confirmed; its held stock is sold.',
    producer: 'order',
    consumers: ['customer', 'order', 'product', 'recommendations'],
  },
  'order.changed': {
    summary: "The order's lines were changed before payment: repriced, stock re-reserved, payment amended.",
    producer: 'order',
    consumers: ['customer'],
  },
  'order.cancelled': {
    summary: 'The order was cancelled: its stock goes back and a captured payment is refunded.',
    producer: 'order',
    consumers: ['customer', 'order', 'product', 'payment'],
  },
  'order.shipped': {
    summary: 'The order was shipped, with its tracking number.',
    producer: 'order',
    consumers: ['customer', 'order'],
  },
  'order.refunded': {
    summary:
      'Money was paid back on a paid order: lines or an amount refunded by an admin, or returned lines (restocked).',
    producer: 'order',
    consumers: ['customer', 'product'],
  },
  'stock.reserved': {
    summary: "Every line of a placed order is held; the order's payment can be opened.",
    producer: 'product',
    consumers: ['order'],
  },
  'stock.rejected': {
    summary: 'A placed order cannot be held, with the reason for each line.',
    producer: 'product',
    consumers: ['order'],
  },
  'stock.released': {
    summary: "An order's held stock was given back.",
    producer: 'product',
    consumers: [],
  },
  'product.updated': {
    summary: 'An admin changed a product; its audit trail holds the values before and after.',
    producer: 'product',
    consumers: [],
  },
  'payment.succeeded': {
    summary: "PayPal captured the order's payment.",
    producer: 'payment',
    consumers: ['order'],
  },
  'payment.failed': {
    summary: 'The payment could not be captured.',
    producer: 'payment',
    consumers: ['order'],
  },
  'payment.refunded': {
    summary: 'A captured payment was refunded.',
    producer: 'payment',
    consumers: ['order'],
  },
};
export type EventOf<T extends Topic> = z.infer<(typeof Topics)[T]>;
export type CustomerRegistered = EventOf<'customer.registered'>;
export type CustomerDeleted = EventOf<'customer.deleted'>;
export type OrderPlaced = EventOf<'order.placed'>;
export type OrderConfirmed = EventOf<'order.confirmed'>;
export type OrderChanged = EventOf<'order.changed'>;
export type OrderCancelled = EventOf<'order.cancelled'>;
export type OrderShipped = EventOf<'order.shipped'>;
export type OrderRefunded = EventOf<'order.refunded'>;
export type StockReserved = EventOf<'stock.reserved'>;
export type StockRejected = EventOf<'stock.rejected'>;
export type StockReleased = EventOf<'stock.released'>;
export type ProductUpdated = EventOf<'product.updated'>;
export type PaymentSucceeded = EventOf<'payment.succeeded'>;
export type PaymentFailed = EventOf<'payment.failed'>;
export type PaymentRefunded = EventOf<'payment.refunded'>;

/** Failed deliveries (after the resiliency policy's retries) land here for an operator. */
export const deadLetterTopic = (topic: Topic): string => `${topic}.dlq`;

export const isTopic = (name: string): name is Topic => Object.hasOwn(Topics, name);
