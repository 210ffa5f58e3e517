import type {} from 'pino-http'; // types req.log
import { Router, type Request } from 'express';
import { PutCart, Uuid, type Cart } from '@sidecart/contracts';
import {
  assertOwner,
  EtagMismatch,
  notFound,
  parseBody,
  problem,
  propagatedHeaders,
  Refused,
  requireIdentity,
} from '@sidecart/service-kit';
import { emptyCart, mergeLines, normalizeLines, sellableLines, snapshotLines } from '../domain/cart';
import type { CartStore } from '../store/carts';
import type { Catalog } from '../clients/catalog';

/** What a guest cart names as its owner: nobody yet (the guest's id stays with the gateway's token). */
const GUEST = 'guest';

const MERGE_ATTEMPTS = 3;

export function cartRoutes(carts: CartStore, catalog: Catalog): Router {
  const router = Router();

  // Only the cart's owner (or an admin) reaches it; anyone else gets 404.
  router.param('customerId', (req, _res, next, customerId: string) => {
    assertOwner(requireIdentity(req), customerId, 'Cart');
    next();
  });
  // A guest id reaches here only from the gateway, which took it from a token it signed.
  router.param('guestId', (_req, _res, next, guestId: string) => {
    if (!Uuid.safeParse(guestId).success) throw notFound('Cart');
    next();
  });

  /** The request's lines, one per product, each with the product as the shop sells it now. */
  const linesOf = async (req: Request) => {
    const input = parseBody(PutCart, req);
    const lines = normalizeLines(input.lines);
    // The cart's prices are a snapshot to show; placing the order prices it again, from the database.
    const products = await catalog.products(
      lines.map((l) => l.productId),
      propagatedHeaders(req),
      'listing',
    );
    const snapshot = snapshotLines(lines, products);
    if (snapshot.errors.length > 0)
      throw problem(400, 'The cart has lines the shop cannot sell', { errors: snapshot.errors });
    return snapshot.lines;
  };

  const conflict = (err: unknown, ifMatch: string | null) => {
    if (!(err instanceof EtagMismatch)) return err;
    return new Refused(
      'conflict',
      ifMatch
        ? 'The cart was changed elsewhere; read it again and retry'
        : 'The cart already exists; send If-Match with the ETag you read',
    );
  };

  router.get('/guest/:guestId', async (req, res) => {
    const { value, etag } = await carts.getGuest(req.params.guestId!);
    if (etag) res.set('etag', etag);
    res.json(value ?? emptyCart(GUEST));
  });

  // A signed-out shopper's cart, replaced as a customer's is (If-Match, the same limits).
  router.put('/guest/:guestId', async (req, res) => {
    const ifMatch = req.get('if-match') ?? null;
    const cart: Cart = { customerId: GUEST, lines: await linesOf(req), updatedAt: new Date().toISOString() };
    await carts.saveGuest(req.params.guestId!, cart, ifMatch).catch((err: unknown) => {
      throw conflict(err, ifMatch);
    });
    const { etag } = await carts.getGuest(req.params.guestId!);
    if (etag) res.set('etag', etag);
    res.json(cart);
  });

  router.get('/:customerId', async (req, res) => {
    const { value, etag } = await carts.get(req.params.customerId);
    if (etag) res.set('etag', etag);
    res.json(value ?? emptyCart(req.params.customerId));
  });

  // Replaces the cart. If-Match carries the ETag of the read; without it the cart must not exist yet.
  router.put('/:customerId', async (req, res) => {
    const ifMatch = req.get('if-match') ?? null;
    const cart = {
      customerId: req.params.customerId,
      lines: await linesOf(req),
      updatedAt: new Date().toISOString(),
    };
    await carts.save(cart, ifMatch).catch((err: unknown) => {
      throw conflict(err, ifMatch);
    });
    const { etag } = await carts.get(cart.customerId);
    if (etag) res.set('etag', etag);
    res.json(cart);
  });

  /**
   * At sign-in, the guest cart joins the account's: quantities of one product added (capped),
   * products no longer sold dropped, the guest cart deleted in the same state transaction. A
   * repeated or concurrent merge finds the guest cart gone (or loses the ETag race, reads again
   * and finds it gone) and answers with the account's cart unchanged.
   */
  router.post('/:customerId/merge/:guestId', async (req, res) => {
    const customerId = req.params.customerId!;
    const guestId = req.params.guestId!;
    for (let attempt = 1; ; attempt++) {
      const [guest, account] = await Promise.all([carts.getGuest(guestId), carts.get(customerId)]);
      let cart = account.value ?? emptyCart(customerId);
      if (guest.value && guest.etag) {
        const lines = mergeLines(cart.lines, guest.value.lines);
        const products = await catalog.products(
          lines.map((l) => l.productId),
          propagatedHeaders(req),
          'listing',
        );
        cart = { customerId, lines: sellableLines(lines, products), updatedAt: new Date().toISOString() };
        try {
          await carts.mergeGuest(guestId, guest.etag, cart, account.etag ?? null);
        } catch (err) {
          if (err instanceof EtagMismatch && attempt < MERGE_ATTEMPTS) continue;
          throw conflict(err, 'merge');
        }
        req.log.info({ customerId, lines: cart.lines.length }, 'guest cart merged');
      }
      const { etag } = await carts.get(customerId);
      if (etag) res.set('etag', etag);
      return void res.json(cart);
    }
  });

  return router;
}
