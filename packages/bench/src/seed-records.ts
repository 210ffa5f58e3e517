import { randomUUID } from 'node:crypto';
import { newEnvelope, type EventOf, type Topic } from '@sidecart/contracts';
import { uuidv7 } from '@sidecart/service-kit';
import { applyMovement, mergeLines, type StockBalance } from '../../../services/product/src/domain/stock';
import { stockReserved } from '../../../services/product/src/domain/events';
import { mulberry32 } from '../../../services/product/src/domain/seed';
import { newProductDoc, type ProductDoc } from '../../../services/product/src/store/products';
import {
  decisionId,
  settlementId,
  type OutcomeDoc,
  type ReservationDoc,
} from '../../../services/product/src/store/reservations';
import {
  holdKey,
  initialKey,
  settleKey,
  slotOf,
  type LedgerEntry,
} from '../../../services/product/src/store/stock-ledger';

/**
 * The data-growth seed, as pure record builders: every row and document one real,
 * confirmed checkout leaves behind in every store, in the shapes the services write them
 * (their own builders and types where they export them). Dumped from a real checkout on
 * the bench profile (cart → POST /orders → approve on the PayPal double → capture →
 * CONFIRMED), per store:
 *
 * - order service (PostgreSQL `orders_<profile>`): the order, its lines, four history
 *   entries (PENDING, STOCK_RESERVED, PAID, CONFIRMED), the published `order.placed` and
 *   `order.confirmed` in its outbox, and the events it consumed (`stock.reserved`,
 *   `payment.succeeded`) in processed_events;
 * - payment service (PostgreSQL `payments_<profile>`): the payment (CAPTURED), its capture,
 *   the published `payment.succeeded` (it consumes only `order.cancelled`);
 * - product service (`catalog` on the Mongo wire): a HOLD and a COMMIT ledger entry per
 *   product of the order, the reservation (decided), its decision (RESERVED, carrying the
 *   published `stock.reserved`) and its settlement (COMMITTED); the product's listing copy
 *   of its stock is the ledger's last balance;
 * - customer service (`customers`): the order's events in the shopper's history
 *   (`order.placed`, `order.confirmed`); its outbox keeps nothing (published events are
 *   deleted);
 * - Dapr state store: the shopper's cart, emptied by the checkout.
 */

/** A small deterministic generator, so a seed is reproducible from its number. */
export const rng = mulberry32;

const ADJECTIVES = [
  'Classic', 'Rustic', 'Modern', 'Compact', 'Sturdy', 'Elegant', 'Vintage', 'Handmade', 'Minimal', 'Bold',
  'Cosy', 'Bright', 'Quiet', 'Portable', 'Folding', 'Glazed', 'Woven', 'Polished', 'Brushed', 'Speckled',
  'Striped', 'Nordic', 'Coastal', 'Alpine', 'Urban', 'Garden', 'Travel', 'Everyday', 'Heritage', 'Studio',
]; // prettier-ignore
const MATERIALS = [
  'oak', 'walnut', 'bamboo', 'linen', 'cotton', 'wool', 'leather', 'ceramic', 'stoneware', 'porcelain',
  'copper', 'brass', 'steel', 'glass', 'marble', 'cork', 'rattan', 'felt', 'slate', 'terracotta',
]; // prettier-ignore
const NOUNS = [
  'mug', 'bowl', 'plate', 'jug', 'teapot', 'vase', 'lamp', 'stool', 'chair', 'shelf', 'basket', 'tray',
  'blanket', 'cushion', 'throw', 'apron', 'towel', 'napkin', 'candle', 'clock', 'mirror', 'frame', 'planter',
  'bottle', 'flask', 'kettle', 'pan', 'board', 'knife', 'spoon', 'whisk', 'grinder', 'notebook', 'pen',
  'backpack', 'wallet', 'scarf', 'hat', 'rug', 'bench',
]; // prettier-ignore
/** 30 × 20 × 40 = 24,000 distinct names: enough for a catalog of 10,000 without repeats. */
export const DISTINCT_NAMES = ADJECTIVES.length * MATERIALS.length * NOUNS.length;

export const SEED_SKU_PREFIX = 'SEED-';
export const seedSku = (i: number) => `${SEED_SKU_PREFIX}${String(i + 1).padStart(6, '0')}`;

/** The i-th name: every adjective, material and noun combination once, spread so neighbours differ. */
export function productName(i: number): string {
  // 7919 is prime and shares no factor with 24,000, so i ↦ 7919·i mod 24,000 is a permutation.
  const k = (i * 7919) % DISTINCT_NAMES;
  const noun = NOUNS[k % NOUNS.length]!;
  const material = MATERIALS[Math.floor(k / NOUNS.length) % MATERIALS.length]!;
  const adjective = ADJECTIVES[Math.floor(k / (NOUNS.length * MATERIALS.length))]!;
  return `${adjective} ${material} ${noun}`;
}

export type SeedProduct = { doc: ProductDoc; opening: LedgerEntry; balance: StockBalance };

/**
 * Product i of the seed, as an admin's POST /products creates it (`newProductDoc`), with
 * the ledger's opening entry. `createdAt` is given: the seeded catalog predates its orders.
 */
export function seedProduct(
  i: number,
  {
    categories,
    random,
    createdAt,
    objectId,
  }: {
    categories: string[];
    random: () => number;
    createdAt: Date;
    objectId: () => ProductDoc['_id'];
  },
): SeedProduct {
  const name = productName(i);
  const sku = seedSku(i);
  const onHand = 200 + Math.floor(random() * 800);
  const category = categories[Math.floor(random() * categories.length)]!;
  const second = random() < 0.3 ? categories[Math.floor(random() * categories.length)]! : category;
  const [, material, noun] = name.split(' ') as [string, string, string];
  const doc: ProductDoc = {
    _id: objectId(),
    ...newProductDoc(
      {
        sku,
        name,
        description: `A ${name.toLowerCase()}, made to last: ${material} chosen for everyday use, finished by hand. Seeded by npm run bench -- --seed-large.`,
        images: [],
        categories: [...new Set([category, second])],
        attributes: { material, kind: noun },
        price: { amount: 300 + Math.floor(random() * 200) * 50, currency: 'EUR' },
        onHand,
        active: true,
      },
      createdAt,
    ),
  };
  const productId = doc._id.toHexString();
  const opening: LedgerEntry = {
    _id: slotOf(productId, 1),
    key: initialKey(productId),
    productId,
    kind: 'INITIAL',
    reason: 'opening stock',
    onHandDelta: onHand,
    reservedDelta: 0,
    seq: 1,
    onHand,
    reserved: 0,
    at: createdAt,
  };
  return { doc, opening, balance: { seq: 1, onHand, reserved: 0 } };
}

/** The product's listing copy of its stock, as `syncStock` leaves it: the ledger's last balance. */
export const stockCopy = (b: StockBalance): ProductDoc['stock'] => ({
  onHand: b.onHand,
  reserved: b.reserved,
  available: b.onHand - b.reserved,
  seq: b.seq,
});

export type StoredEvent<T extends Topic = Topic> = { topic: T; payload: EventOf<T> };

/** An outbox row as the PostgreSQL relay leaves it: published. */
export type OutboxRow = {
  eventId: string;
  topic: Topic;
  payload: unknown;
  createdAt: Date;
  publishedAt: Date;
};

export type SeedOrder = {
  order: {
    id: string;
    customerId: string;
    idempotencyKey: string;
    status: 'CONFIRMED';
    currency: 'EUR';
    totalAmount: number;
    shippingAddress: Record<string, string>;
    paymentId: string;
    approveUrl: string | null;
    createdAt: Date;
    updatedAt: Date;
  };
  lines: {
    orderId: string;
    lineNo: number;
    productId: string;
    sku: string;
    name: string;
    quantity: number;
    unitAmount: number;
  }[];
  history: { orderId: string; status: string; reason: null; at: Date }[];
  orderOutbox: OutboxRow[];
  orderProcessed: { eventId: string; topic: Topic; processedAt: Date }[];
  payment: {
    id: string;
    orderId: string;
    customerId: string;
    amount: number;
    currency: 'EUR';
    status: 'CAPTURED';
    providerOrderId: string;
    approveUrl: string;
    returnUrl: string;
    cancelUrl: string;
    createdAt: Date;
    updatedAt: Date;
  };
  capture: {
    id: string;
    paymentId: string;
    orderId: string;
    providerCaptureId: string;
    amount: number;
    currency: 'EUR';
    status: 'COMPLETED';
    capturedAt: Date;
  };
  paymentOutbox: OutboxRow[];
  paymentProcessed: { eventId: string; topic: Topic; processedAt: Date }[];
  ledger: LedgerEntry[];
  reservation: ReservationDoc;
  outcomes: OutcomeDoc[];
  history_events: {
    _id: string;
    orderId: string;
    customerId: string;
    topic: 'order.placed' | 'order.confirmed';
    event: Record<string, unknown>;
    receivedAt: Date;
  }[];
  cart: { customerId: string; updatedAt: Date };
};

export const SHIPPING_ADDRESS = {
  name: 'Seeded Shopper',
  line1: '1 Benchmark Street',
  city: 'Lyon',
  postalCode: '69001',
  country: 'FR',
};

const at = (t: Date, ms: number) => new Date(t.getTime() + ms);
const hex = (random: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');

const PAYPAL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Ids shaped as PayPal's (and its double's): 17 upper-case letters and digits. */
const paypalId = (random: () => number) =>
  Array.from({ length: 17 }, () => PAYPAL_ALPHABET[Math.floor(random() * PAYPAL_ALPHABET.length)]).join('');

/** Shoppers' ids have the shape of account ids (ObjectId hex), as the order service requires. */
export const customerIds = (n: number, random: () => number) =>
  Array.from({ length: n }, () => hex(random, 24));

export type OrderContext = {
  products: { doc: ProductDoc; balance: StockBalance }[];
  customers: string[];
  random: () => number;
  /** Where the PayPal double and the storefront live, for the payment's URLs. */
  paypalBase: string;
  storefront: string;
  /** Minutes a reservation is held for (the product service's ttl). */
  reservationTtlMs: number;
};

/**
 * One confirmed checkout placed at `placedAt`: every record it leaves in every store. The
 * products' balances in `ctx` move by its HOLD and COMMIT entries, as the ledger's would.
 * Lines skip products without the units left, as the reservation would have refused them.
 */
export function seedOrder(placedAt: Date, ctx: OrderContext): SeedOrder {
  const { random } = ctx;
  const customerId = ctx.customers[Math.floor(random() * ctx.customers.length)]!;
  const lineCount = 1 + Math.floor(random() * random() * 3); // 1 most often, up to 3
  const chosen = new Map<string, { p: OrderContext['products'][number]; quantity: number }>();
  for (let tries = 0; chosen.size < lineCount && tries < 20; tries++) {
    const p = ctx.products[Math.floor(random() * ctx.products.length)]!;
    const quantity = 1 + Math.floor(random() * random() * 3);
    const id = p.doc._id.toHexString();
    if (chosen.has(id) || p.balance.onHand - p.balance.reserved < quantity) continue;
    chosen.set(id, { p, quantity });
  }
  if (chosen.size === 0) throw new Error('the seeded catalog ran out of stock');

  const orderId = uuidv7(placedAt.getTime());
  const reservedAt = at(placedAt, 120);
  const paymentOpenedAt = at(placedAt, 260);
  const capturedAt = at(placedAt, 15_000 + Math.floor(random() * 45_000));
  const confirmedAt = at(capturedAt, 80);
  const committedAt = at(confirmedAt, 60);

  const lines = [...chosen.values()].map(({ p, quantity }, i) => ({
    orderId,
    lineNo: i + 1,
    productId: p.doc._id.toHexString(),
    sku: p.doc.sku,
    name: p.doc.name,
    quantity,
    unitAmount: p.doc.price.amount,
  }));
  const total = {
    amount: lines.reduce((n, l) => n + l.quantity * l.unitAmount, 0),
    currency: 'EUR' as const,
  };

  const placed: EventOf<'order.placed'> = {
    ...newEnvelope(placedAt),
    orderId,
    customerId,
    lines: lines.map((l) => ({
      productId: l.productId,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: { amount: l.unitAmount, currency: 'EUR' },
    })),
    total,
  };
  const reservationLines = mergeLines(lines);
  const reserved: EventOf<'stock.reserved'> = {
    ...stockReserved(orderId, reservationLines),
    occurredAt: reservedAt.toISOString(),
  };
  const paymentId = uuidv7(paymentOpenedAt.getTime());
  const providerOrderId = paypalId(random);
  const providerCaptureId = paypalId(random);
  const succeeded: EventOf<'payment.succeeded'> = {
    ...newEnvelope(capturedAt),
    orderId,
    paymentId,
    amount: total,
    providerCaptureId,
  };
  const confirmed: EventOf<'order.confirmed'> = {
    ...newEnvelope(confirmedAt),
    orderId,
    customerId,
    lines: placed.lines,
    total,
  };

  // The ledger: a HOLD per product at reservation, a COMMIT under the settle key at confirmation.
  const ledger: LedgerEntry[] = [];
  for (const { productId, quantity } of reservationLines) {
    const p = chosen.get(productId)!.p;
    const hold = { onHandDelta: 0, reservedDelta: quantity };
    p.balance = applyMovement(p.balance, hold);
    ledger.push({
      _id: slotOf(productId, p.balance.seq),
      key: holdKey(productId, orderId),
      productId,
      kind: 'HOLD',
      orderId,
      ...hold,
      ...p.balance,
      at: reservedAt,
    });
  }
  for (const { productId, quantity } of reservationLines) {
    const p = chosen.get(productId)!.p;
    const commit = { onHandDelta: -quantity, reservedDelta: -quantity };
    p.balance = applyMovement(p.balance, commit);
    p.doc.updatedAt = committedAt; // the stock copy's sync touches the product
    ledger.push({
      _id: slotOf(productId, p.balance.seq),
      key: settleKey(productId, orderId),
      productId,
      kind: 'COMMIT',
      orderId,
      ...commit,
      ...p.balance,
      at: committedAt,
    });
  }

  const outbox = (e: StoredEvent, createdAt: Date): OutboxRow => ({
    eventId: e.payload.eventId,
    topic: e.topic,
    payload: e.payload,
    createdAt,
    publishedAt: at(createdAt, 5),
  });
  const approveUrl = `${ctx.paypalBase}/checkoutnow?token=${providerOrderId}`;

  return {
    order: {
      id: orderId,
      customerId,
      idempotencyKey: randomUUID(),
      status: 'CONFIRMED',
      currency: 'EUR',
      totalAmount: total.amount,
      shippingAddress: SHIPPING_ADDRESS,
      paymentId,
      approveUrl,
      createdAt: placedAt,
      updatedAt: confirmedAt,
    },
    lines,
    history: [
      { orderId, status: 'PENDING', reason: null, at: placedAt },
      { orderId, status: 'STOCK_RESERVED', reason: null, at: at(reservedAt, 20) },
      { orderId, status: 'PAID', reason: null, at: confirmedAt },
      { orderId, status: 'CONFIRMED', reason: null, at: confirmedAt },
    ],
    orderOutbox: [
      outbox({ topic: 'order.placed', payload: placed }, placedAt),
      outbox({ topic: 'order.confirmed', payload: confirmed }, confirmedAt),
    ],
    orderProcessed: [
      { eventId: reserved.eventId, topic: 'stock.reserved', processedAt: at(reservedAt, 20) },
      { eventId: succeeded.eventId, topic: 'payment.succeeded', processedAt: confirmedAt },
    ],
    payment: {
      id: paymentId,
      orderId,
      customerId,
      amount: total.amount,
      currency: 'EUR',
      status: 'CAPTURED',
      providerOrderId,
      approveUrl,
      returnUrl: `${ctx.storefront}/checkout/return?orderId=${orderId}`,
      cancelUrl: `${ctx.storefront}/checkout/cancelled?orderId=${orderId}`,
      createdAt: paymentOpenedAt,
      updatedAt: capturedAt,
    },
    capture: {
      id: uuidv7(capturedAt.getTime()),
      paymentId,
      orderId,
      providerCaptureId,
      amount: total.amount,
      currency: 'EUR',
      status: 'COMPLETED',
      capturedAt,
    },
    paymentOutbox: [outbox({ topic: 'payment.succeeded', payload: succeeded }, capturedAt)],
    // The payment service consumes only order.cancelled: a confirmed order leaves nothing there.
    paymentProcessed: [],
    ledger,
    reservation: {
      _id: orderId,
      lines: reservationLines,
      eventIds: [placed.eventId],
      expiresAt: at(reservedAt, ctx.reservationTtlMs),
      createdAt: reservedAt,
    },
    outcomes: [
      {
        _id: decisionId(orderId),
        orderId,
        step: 'decision',
        status: 'RESERVED',
        rejections: [],
        expiresAt: at(reservedAt, ctx.reservationTtlMs),
        event: { topic: 'stock.reserved', payload: reserved as unknown as Record<string, unknown> },
        done: true,
        at: reservedAt,
      },
      {
        _id: settlementId(orderId),
        orderId,
        step: 'settlement',
        status: 'COMMITTED',
        rejections: [],
        reason: 'order confirmed',
        event: null,
        done: true,
        at: committedAt,
      },
    ],
    history_events: [
      {
        _id: placed.eventId,
        orderId,
        customerId,
        topic: 'order.placed',
        event: placed,
        receivedAt: at(placedAt, 30),
      },
      {
        _id: confirmed.eventId,
        orderId,
        customerId,
        topic: 'order.confirmed',
        event: confirmed,
        receivedAt: at(confirmedAt, 30),
      },
    ],
    cart: { customerId, updatedAt: placedAt },
  };
}
