import { Router } from 'express';
import {
  AdminOrderQuery,
  CancelOrder,
  ChangeOrderLines,
  ChangeShippingAddress,
  ExportRange,
  IdempotencyKey,
  type OrderView,
  PageQuery,
  PlaceOrder,
  ShipOrder,
} from '@sidecart/contracts';
import {
  assertOwner,
  decodeCursor,
  encodeCursor,
  etagOf,
  matchesIfNoneMatch,
  notFound,
  parseBody,
  parseQuery,
  preferredWait,
  problem,
  propagatedHeaders,
  Refused,
  requireAdmin,
  requireIdentity,
  sendCsv,
} from '@sidecart/service-kit';
import { z } from 'zod';
import { planChange } from '../domain/change';
import { priceCart } from '../domain/checkout';
import { chargesOf, priceOrder, type PricingConfig } from '../domain/pricing';
import type { SagaInput } from '../domain/saga';
import type { OrderChanger } from '../events/order-changer';
import type { OrderChanges } from '../events/order-changes';
import type { CartStore } from '../store/carts';
import type { Catalog } from '../clients/catalog';
import { ORDER_CSV_HEADER, type OrderStore } from '../store/orders';

/** Orders are listed newest first; a cursor resumes after the last row's (created_at, id). */
const OrderCursor = z.strictObject({ createdAt: z.iso.datetime(), id: z.uuid() });

/**
 * The longest `Prefer: wait` honoured, in seconds: the wait and the read after it must fit in
 * the sidecars' invocation timeout (5 s, components/resiliency.yaml). A client waits longer by
 * asking again.
 */
export const MAX_WAIT_SECONDS = 3;

/** An order's ETag: weak (a hash of the order as served), sent back as If-None-Match or If-Match. */
const orderEtag = (order: OrderView) => `W/${etagOf(JSON.stringify(order))}`;

export function orderRoutes(
  orders: OrderStore,
  carts: CartStore,
  catalog: Catalog,
  pricing: PricingConfig,
  changes?: OrderChanges,
  changer?: OrderChanger,
): Router {
  const router = Router();

  /** Checkout: the cart becomes an order. The same Idempotency-Key returns the same order. */
  router.post('/', async (req, res) => {
    const { userId } = requireIdentity(req);
    const key = IdempotencyKey.safeParse(req.get('idempotency-key'));
    if (!key.success) {
      throw problem(400, 'The Idempotency-Key header is invalid', {
        errors: [{ path: 'Idempotency-Key', message: 'must be a UUID' }],
      });
    }
    const input = parseBody(PlaceOrder, req);

    const existing = await orders.findByIdempotencyKey(userId, key.data);
    if (existing) return void res.status(200).json(await orders.get(existing));

    const { value: cart, etag } = await carts.get(userId);
    const lines = cart?.lines ?? [];
    const headers = propagatedHeaders(req);
    const products = await catalog.products(
      lines.map((l) => l.productId),
      headers,
    );
    const priced = priceCart({ customerId: userId, lines, updatedAt: null }, products, input.currency);
    if (priced.errors.length > 0)
      throw problem(400, 'The cart cannot be ordered as it is', { errors: priced.errors });
    // Shipping and tax from the configuration and the destination, never from the client.
    const charged = priceOrder(
      priced.lines,
      { country: input.shippingAddress.country, shippingMethod: input.shippingMethod },
      input.currency,
      pricing,
    );
    if (!charged.priced) throw problem(400, 'The order cannot be shipped so', { errors: charged.errors });

    const placed = await orders.place({
      customerId: userId,
      idempotencyKey: key.data,
      lines: priced.lines,
      total: { amount: charged.priced.total, currency: input.currency },
      charges: chargesOf(charged.priced),
      shippingAddress: input.shippingAddress,
    });
    // Empty the cart that was ordered; if it changed meanwhile, the shopper keeps the newer cart.
    if (placed.created && cart && etag) {
      await carts
        .save({ ...cart, lines: [], updatedAt: new Date().toISOString() }, etag)
        .catch(() => undefined);
    }
    res
      .status(placed.created ? 201 : 200)
      .location(`/orders/${placed.id}`)
      .json(await orders.get(placed.id));
  });

  router.get('/', async (req, res) => {
    const { userId } = requireIdentity(req);
    const query = parseQuery(PageQuery, req);
    const page = await orders.list(
      { customerId: userId },
      query.limit,
      decodeCursor(OrderCursor, query.cursor),
    );
    res.json({ items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null });
  });

  /** Every shopper's orders (or one shopper's), for the admin area; declared before `/:id` so "all" is not an id. */
  router.get('/all', async (req, res) => {
    requireAdmin(req);
    const query = parseQuery(AdminOrderQuery, req);
    const page = await orders.list(
      { status: query.status, customerId: query.customerId },
      query.limit,
      decodeCursor(OrderCursor, query.cursor),
    );
    res.json({ items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null });
  });

  /** Orders placed in a range, oldest first, as CSV (admin exports); declared before `/:id`. */
  router.get('/export', async (req, res) => {
    requireAdmin(req);
    const range = parseQuery(ExportRange, req);
    await sendCsv(
      res,
      `orders-${range.from}-${range.to}.csv`.replace(/:/g, ''),
      ORDER_CSV_HEADER,
      orders.exportBetween(new Date(range.from), new Date(range.to)),
    );
  });

  const loadOwned = async (req: Parameters<typeof requireIdentity>[0] & { params: { id?: string } }) => {
    const identity = requireIdentity(req);
    const id = req.params.id ?? '';
    const order = IdempotencyKey.safeParse(id).success ? await orders.get(id) : null;
    if (!order) throw notFound('Order');
    assertOwner(identity, order.customerId, 'Order');
    return order;
  };

  /**
   * An order with its ETag. A client following its order sends that ETag back as If-None-Match
   * with `Prefer: wait=<seconds>`: the answer then comes as soon as the order changes (200), or
   * after the wait with 304, so a checkout page learns of its approval link without polling.
   */
  router.get('/:id', async (req, res) => {
    const ifNoneMatch = req.get('if-none-match');
    const wait = ifNoneMatch && changes ? preferredWait(req.get('prefer'), MAX_WAIT_SECONDS) : 0;
    // Registered before the read: a change committed between the read and the wait still wakes it.
    const next = wait > 0 ? changes!.next(req.params.id ?? '', wait * 1000) : null;
    try {
      let order = await loadOwned(req);
      let etag = orderEtag(order);
      if (next && matchesIfNoneMatch(ifNoneMatch, etag)) {
        res.set('Preference-Applied', `wait=${wait}`);
        // Read again whether woken or not: a wake-up is a hint, the answer is the order as it is now.
        await next.changed;
        order = await loadOwned(req);
        etag = orderEtag(order);
      }
      res.set('ETag', etag);
      if (matchesIfNoneMatch(ifNoneMatch, etag)) res.status(304).end();
      else res.json(order);
    } finally {
      next?.cancel();
    }
  });

  const transition = async (id: string, input: SagaInput, refusal: string) => {
    const result = await orders.apply(id, input);
    if (result === 'ignored') throw new Refused('conflict', refusal);
    return orders.get(id);
  };

  router.post('/:id/cancel', async (req, res) => {
    const order = await loadOwned(req);
    const { reason } = parseBody(CancelOrder, req);
    const changing = await orders.openChange(order.id);
    res.json(
      await transition(
        order.id,
        { kind: 'cancel', reason },
        changing
          ? 'The order is being changed: cancel it once the change is done'
          : `An order that is ${order.status} cannot be cancelled`,
      ),
    );
  });

  /**
   * A shopper changes the quantities of their order, or removes lines, before it is paid
   * (docs/architecture.md, "Changing an order"). With If-Match (the order's ETag) the change
   * applies only to the order as the shopper saw it (412 otherwise). Answers the order as the
   * change left it: 200 applied, 409 refused (the reason is in the order's timeline too),
   * 202 still under way (a service did not answer; it is finished in the background).
   */
  router.patch('/:id', async (req, res) => {
    const order = await loadOwned(req);
    const input = parseBody(ChangeOrderLines, req);
    const ifMatch = req.get('if-match');
    const stale = () => problem(412, 'The order changed since it was read: read it again, then change it');
    if (ifMatch && !matchesIfNoneMatch(ifMatch, orderEtag(order))) throw stale();
    if (!changer) throw problem(503, 'Orders cannot be changed right now');
    const products = await catalog.products(
      order.lines.map((l) => l.productId),
      propagatedHeaders(req),
    );
    const planned = planChange(order, input, products, order.total.currency, pricing);
    if (!planned.change) throw problem(400, 'The order cannot be changed so', { errors: planned.errors });

    const requested = await orders.apply(
      order.id,
      { kind: 'change-lines', change: planned.change },
      undefined,
      ifMatch ? (now) => matchesIfNoneMatch(ifMatch, orderEtag(now)) : undefined,
    );
    if (requested === 'precondition-failed') throw stale();
    if (requested === 'ignored') {
      const now = (await orders.get(order.id))!;
      throw problem(
        409,
        now.status === 'PENDING'
          ? 'The stock of the order is still being reserved: change it in a moment'
          : now.status !== 'STOCK_RESERVED'
            ? `An order that is ${now.status} can no longer change`
            : now.payment.paymentId === null
              ? 'The payment of the order is being opened: change it in a moment'
              : 'Another change of this order is under way',
      );
    }
    const outcome = await changer.run(order.id);
    const changed = (await orders.get(order.id))!;
    if (outcome.result === 'refused')
      throw new Refused('conflict', `The change was refused: ${outcome.reason}`);
    res
      .status(outcome.result === 'open' ? 202 : 200)
      .set('ETag', orderEtag(changed))
      .json(changed);
  });

  /** The shopper or an admin changes where an order goes, until it ships. */
  router.put('/:id/shipping-address', async (req, res) => {
    const identity = requireIdentity(req);
    const order = await loadOwned(req);
    const { shippingAddress } = parseBody(ChangeShippingAddress, req);
    const by = identity.userId === order.customerId ? 'shopper' : 'admin';
    const changed = await transition(
      order.id,
      { kind: 'change-address', shippingAddress, by },
      `An order that is ${order.status} can no longer change its address`,
    );
    res.set('ETag', orderEtag(changed!)).json(changed);
  });

  router.post('/:id/ship', async (req, res) => {
    requireAdmin(req);
    const order = await loadOwned(req);
    const shipment = parseBody(ShipOrder, req);
    res.json(
      await transition(
        order.id,
        { kind: 'ship', ...shipment },
        `An order that is ${order.status} cannot ship`,
      ),
    );
  });

  router.post('/:id/deliver', async (req, res) => {
    requireAdmin(req);
    const order = await loadOwned(req);
    res.json(
      await transition(order.id, { kind: 'deliver' }, `An order that is ${order.status} cannot be delivered`),
    );
  });

  return router;
}
