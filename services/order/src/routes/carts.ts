import { Router } from 'express';
import { PutCart } from '@sidecart/contracts';
import {
  assertOwner,
  EtagMismatch,
  parseBody,
  problem,
  propagatedHeaders,
  Refused,
  requireIdentity,
} from '@sidecart/service-kit';
import { emptyCart, normalizeLines, snapshotLines } from '../domain/cart';
import type { CartStore } from '../store/carts';
import type { Catalog } from '../clients/catalog';

export function cartRoutes(carts: CartStore, catalog: Catalog): Router {
  const router = Router();

  // Only the cart's owner (or an admin) reaches it; anyone else gets 404.
  router.param('customerId', (req, _res, next, customerId: string) => {
    assertOwner(requireIdentity(req), customerId, 'Cart');
    next();
  });

  router.get('/:customerId', async (req, res) => {
    const { value, etag } = await carts.get(req.params.customerId);
    if (etag) res.set('etag', etag);
    res.json(value ?? emptyCart(req.params.customerId));
  });

  // Replaces the cart. If-Match carries the ETag of the read; without it the cart must not exist yet.
  router.put('/:customerId', async (req, res) => {
    const input = parseBody(PutCart, req);
    const ifMatch = req.get('if-match') ?? null;
    const lines = normalizeLines(input.lines);
    const headers = propagatedHeaders(req);
    const products = await catalog.products(
      lines.map((l) => l.productId),
      headers,
    );
    const snapshot = snapshotLines(lines, products);
    if (snapshot.errors.length > 0)
      throw problem(400, 'The cart has lines the shop cannot sell', { errors: snapshot.errors });
    const cart = {
      customerId: req.params.customerId,
      lines: snapshot.lines,
      updatedAt: new Date().toISOString(),
    };
    try {
      await carts.save(cart, ifMatch);
    } catch (err) {
      if (err instanceof EtagMismatch) {
        const detail = ifMatch
          ? 'The cart was changed elsewhere; read it again and retry'
          : 'The cart already exists; send If-Match with the ETag you read';
        throw new Refused('conflict', detail);
      }
      throw err;
    }
    const { etag } = await carts.get(cart.customerId);
    if (etag) res.set('etag', etag);
    res.json(cart);
  });

  return router;
}
