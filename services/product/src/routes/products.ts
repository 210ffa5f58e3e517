import { Router } from 'express';
import {
  AdjustStock,
  CreateProduct,
  LowStockQuery,
  ExportRange,
  PageQuery,
  ProductDetailQuery,
  ProductIdParams,
  ProductIdsQuery,
  ProductQuery,
  ProductSlugParams,
  UpdateProduct,
} from '@sidecart/contracts';
import {
  decodeCursor,
  encodeCursor,
  identityOf,
  notFound,
  parseBody,
  parseParams,
  parseQuery,
  Refused,
  requireAdmin,
  sendCsv,
} from '@sidecart/service-kit';
import { z } from 'zod';
import type { CatalogQueries, ReadOptions } from '../store/catalog';
import { toAuditEntry, toProduct, type ProductDoc, type ProductStore } from '../store/products';

/** An audit page resumes below the last revision shown. */
const AuditCursor = z.strictObject({ before: z.number().int().positive() });

export const PRODUCT_CSV_HEADER = [
  'id',
  'sku',
  'slug',
  'name',
  'categories',
  'price_minor_units',
  'currency',
  'on_hand',
  'reserved',
  'available',
  'active',
  'created_at',
  'updated_at',
];

export function productRoutes(store: ProductStore, catalog: CatalogQueries): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const query = parseQuery(ProductQuery, req);
    const page = await catalog.list(query, readOptions(req));
    res.json({ items: page.items.map((doc) => toProduct(doc)), nextCursor: page.nextCursor });
  });

  /** Archived products stay reachable for admins (and old order pages), hidden from shoppers. */
  const visible = (doc: ProductDoc | null, req: Parameters<typeof identityOf>[0]) =>
    doc && (doc.active || identityOf(req)?.role === 'admin') ? doc : null;

  /** Products created in a range, oldest first, as CSV (admin exports); declared before `/:id`. */
  router.get('/export', async (req, res) => {
    requireAdmin(req);
    const range = parseQuery(ExportRange, req);
    await sendCsv(
      res,
      `products-${range.from}-${range.to}.csv`.replace(/:/g, ''),
      PRODUCT_CSV_HEADER,
      (async function* () {
        for await (const batch of store.createdBetween(new Date(range.from), new Date(range.to)))
          yield batch.map((doc) => {
            const p = toProduct(doc);
            return [
              p.id,
              p.sku,
              p.slug,
              p.name,
              p.categories.join(' '),
              p.price.amount,
              p.price.currency,
              p.stock.onHand,
              p.stock.reserved,
              p.stock.available,
              p.active,
              p.createdAt,
              p.updatedAt,
            ];
          });
      })(),
    );
  });

  router.get('/by-slug/:slug', async (req, res) => {
    const { slug } = parseParams(ProductSlugParams, req);
    // From the read model, the stock is the copy it holds (within its bound, docs/architecture.md,
    // "Catalog reads"); read from the database, the ledger's exact balance. Measured at 10,000
    // products: the ledger read per page view (one or more lookups by _id) took product pages
    // through the gateway from 1,791 to 286 req/s.
    const modelled = catalog.bySlug(slug, readOptions(req));
    const doc = visible(modelled ?? (await store.findBySlug(slug)), req);
    if (!doc) throw notFound('Product');
    res.json(toProduct(doc, modelled ? undefined : await store.balance(doc._id.toHexString())));
  });

  // One call for a whole cart: each id is a lookup by _id, side by side (FerretDB scans for `$in`).
  // Measured in the shop mix: pricing carts one line per call made 1,862 product calls in 90 s
  // (p50 255 ms each) against 459 for browsing.
  router.get('/by-ids', async (req, res) => {
    const { ids, prices } = parseQuery(ProductIdsQuery, req);
    // Measured in the shop mix (a driver call count per collection): pricing each cart write from
    // the database was three quarters of the product service's 23 product reads per order.
    const modelled = (id: string) => (prices === 'listing' ? catalog.byId(id, readOptions(req)) : null);
    const docs = await Promise.all(ids.map((id) => modelled(id) ?? store.findById(id)));
    res.json({ items: docs.flatMap((doc) => (visible(doc, req) ? [toProduct(doc!)] : [])) });
  });

  /** The admin dashboard's low-stock list (admins only). */
  router.get('/low-stock', async (req, res) => {
    requireAdmin(req);
    const { threshold, limit } = parseQuery(LowStockQuery, req);
    const docs = await catalog.lowStock(threshold, limit);
    res.json({
      threshold,
      items: docs.map((d) => ({
        productId: d._id.toHexString(),
        sku: d.sku,
        name: d.name,
        slug: d.slug,
        available: d.stock.available,
      })),
    });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseParams(ProductIdParams, req);
    const { stock } = parseQuery(ProductDetailQuery, req);
    const doc = visible(await store.findById(id), req);
    if (!doc) throw notFound('Product');
    // Detail pages show the ledger's exact stock; listings (and `stock=listing`) the copy kept on
    // the product. On FerretDB's SQLite backend the ledger read scans every movement ever made.
    res.json(toProduct(doc, stock === 'exact' ? await store.balance(id) : undefined));
  });

  router.post('/', async (req, res) => {
    requireAdmin(req);
    const input = parseBody(CreateProduct, req);
    const doc = await store.create(input);
    res.status(201).location(`/products/${doc._id.toHexString()}`).json(toProduct(doc));
  });

  router.patch('/:id', async (req, res) => {
    const admin = requireAdmin(req);
    const { id } = parseParams(ProductIdParams, req);
    const changes = parseBody(UpdateProduct, req);
    const doc = await store.update(id, changes, admin.userId);
    if (!doc) throw notFound('Product');
    res.json(toProduct(doc));
  });

  router.post('/:id/archive', async (req, res) => {
    const admin = requireAdmin(req);
    const { id } = parseParams(ProductIdParams, req);
    const doc = await store.update(id, { active: false }, admin.userId);
    if (!doc) throw notFound('Product');
    res.json(toProduct(doc));
  });

  /** Who changed what and when, newest first (admins only). */
  router.get('/:id/audit', async (req, res) => {
    requireAdmin(req);
    const { id } = parseParams(ProductIdParams, req);
    const query = parseQuery(PageQuery, req);
    const page = await store.audit(id, query.limit, decodeCursor(AuditCursor, query.cursor)?.before);
    if (!page) throw notFound('Product');
    res.json({
      items: page.items.map(toAuditEntry),
      nextCursor: page.next ? encodeCursor({ before: page.next }) : null,
    });
  });

  router.post('/:id/stock-adjustments', async (req, res) => {
    const admin = requireAdmin(req);
    const { id } = parseParams(ProductIdParams, req);
    const input = parseBody(AdjustStock, req);
    const doc = await store.findById(id);
    if (!doc) throw notFound('Product');
    const balance = await store.adjustStock(id, { ...input, by: admin.userId });
    if (balance === 'refused') {
      throw new Refused(
        'conflict',
        'The adjustment would leave fewer units on the shelf than are reserved, or fewer than none',
      );
    }
    res.json(toProduct(doc, balance));
  });

  return router;
}

/** Admins read the database itself: they see their own edits at once (catalog reads, docs/architecture.md). */
export const readOptions = (req: Parameters<typeof identityOf>[0]): ReadOptions => ({
  fromDatabase: identityOf(req)?.role === 'admin',
});
