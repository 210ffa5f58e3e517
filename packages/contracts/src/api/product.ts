import { z } from 'zod';
import { Money, ObjectId, page } from '../common';
import { PictureUrl } from './picture';

/** Stock-keeping unit: what the warehouse prints on the shelf. */
export const Sku = z
  .string()
  .min(3)
  .max(40)
  .regex(/^[A-Z0-9][A-Z0-9-]*$/, 'must be upper-case letters, digits and dashes');
export const Slug = z
  .string()
  .min(1)
  .max(160)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by dashes');
export const CategorySlug = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by dashes');

const ProductFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000),
  images: z.array(PictureUrl).max(20),
  categories: z.array(CategorySlug).min(1).max(10),
  attributes: z
    .record(z.string().min(1).max(40), z.string().max(200))
    .refine((a) => Object.keys(a).length <= 30, 'at most 30 attributes'),
  price: Money,
  active: z.boolean(),
};

export const CreateProduct = z.strictObject({
  sku: Sku,
  slug: Slug.optional(),
  ...ProductFields,
  description: ProductFields.description.default(''),
  images: ProductFields.images.default([]),
  attributes: ProductFields.attributes.default({}),
  active: ProductFields.active.default(true),
  /** Units on the shelf when the product is created; later changes go through stock adjustments. */
  onHand: z.number().int().min(0).max(1_000_000).default(0),
});
export type CreateProduct = z.infer<typeof CreateProduct>;

/** Partial update; stock is never set here (see AdjustStock) so reservations stay consistent. */
export const UpdateProduct = z
  .strictObject({ slug: Slug, ...ProductFields })
  .partial()
  .refine((u) => Object.keys(u).length > 0, 'nothing to update');
export type UpdateProduct = z.infer<typeof UpdateProduct>;

export const StockAdjustmentReason = z.enum(['RESTOCK', 'CORRECTION', 'DAMAGED', 'LOST', 'RETURNED']);
export const AdjustStock = z.strictObject({
  delta: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((d) => d !== 0, 'must not be zero'),
  reason: StockAdjustmentReason,
  note: z.string().max(500).optional(),
});
export type AdjustStock = z.infer<typeof AdjustStock>;

export const ProductSort = z.enum(['relevance', 'price_asc', 'price_desc', 'newest']);
export type ProductSort = z.infer<typeof ProductSort>;

const MinorUnits = z.coerce.number().int().min(0).max(1_000_000_000);

export const ProductQuery = z
  .strictObject({
    q: z.string().trim().max(100).optional(),
    category: CategorySlug.optional(),
    minPrice: MinorUnits.optional(),
    maxPrice: MinorUnits.optional(),
    inStock: z.enum(['true', 'false']).optional(),
    sort: ProductSort.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(512).optional(),
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    message: 'must not be above maxPrice',
    path: ['minPrice'],
  });
export type ProductQuery = z.infer<typeof ProductQuery>;

export const ProductIdParams = z.strictObject({ id: ObjectId });
/**
 * `stock=exact` (the default) reads the stock ledger; `stock=listing` gives the copy kept
 * on the product, as listings show it, without reading the ledger: for callers that do not
 * show stock (pricing a cart, the pictures of an order's lines).
 */
export const ProductDetailQuery = z.object({ stock: z.enum(['exact', 'listing']).default('exact') });

/**
 * Several products in one call (`ids=<id>,<id>`, at most 100), as listings show them
 * (stock is the listing copy): for a caller pricing a whole cart at once. Unknown or
 * archived ids are left out of the answer. `prices=current` (the default) reads each product
 * from the database, as an order's price snapshot needs; `prices=listing` answers from the
 * catalog read model where it holds the product, with the listings' bound (docs/architecture.md,
 * "Catalog reads"): for a cart, whose prices the order takes again when it is placed.
 */
const MAX_PRODUCTS_BY_IDS = 100;
export const ProductIdsQuery = z.object({
  ids: z
    .string()
    .transform((s) => [...new Set(s.split(',').filter((id) => id.length > 0))])
    .pipe(z.array(ObjectId).min(1).max(MAX_PRODUCTS_BY_IDS)),
  prices: z.enum(['current', 'listing']).default('current'),
});
export const ProductSlugParams = z.strictObject({ slug: Slug });
export const OrderIdParams = z.strictObject({ orderId: z.uuid() });

export const Stock = z.object({
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
});

export const Product = z.object({
  id: z.string(),
  sku: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  images: z.array(z.string()),
  categories: z.array(z.string()),
  attributes: z.record(z.string(), z.string()),
  price: Money,
  stock: Stock,
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Product = z.infer<typeof Product>;

export const ProductPage = z.object({ items: z.array(Product), nextCursor: z.string().nullable() });
export type ProductPage = z.infer<typeof ProductPage>;

export const CategoryCount = z.object({ category: z.string(), count: z.number().int() });
export const CategoryList = z.object({ items: z.array(CategoryCount) });
export type CategoryList = z.infer<typeof CategoryList>;

/** Where an order's stock stands; RESERVING means the decision is still being made. */
export const ReservationStatus = z.enum(['RESERVING', 'RESERVED', 'REJECTED', 'COMMITTED', 'RELEASED']);
export const Reservation = z.object({
  orderId: z.string(),
  status: ReservationStatus,
  lines: z.array(z.object({ productId: z.string(), quantity: z.number().int() })),
  rejections: z.array(
    z.object({
      productId: z.string(),
      requested: z.number().int(),
      available: z.number().int(),
      reason: z.string(),
    }),
  ),
  expiresAt: z.string(),
});
export type Reservation = z.infer<typeof Reservation>;

/** The value of one changed field before and after an edit (absent: the field was not set). */
const FieldChange = z.object({ before: z.unknown(), after: z.unknown() });

/**
 * One edit of a product, as the product service recorded it in the same write as the change: who
 * (the admin's id), when, and each changed field before and after. `revision` counts a product's
 * edits from 1; `eventId` is the id of the `product.updated` event that announced it.
 */
export const ProductAuditEntry = z.object({
  revision: z.number().int().positive(),
  eventId: z.string(),
  at: z.string(),
  by: z.string(),
  changes: z.record(z.string(), FieldChange),
});
export type ProductAuditEntry = z.infer<typeof ProductAuditEntry>;
export const ProductAuditPage = page(ProductAuditEntry);
export type ProductAuditPage = z.infer<typeof ProductAuditPage>;

/**
 * The order service's new revision of an order's reservation (a changed order, before it is
 * paid): the whole new set of lines; a product left out is given back. Decided once per
 * (order, revision): repeating it answers the first decision.
 */
export const ReviseReservation = z.strictObject({
  orderId: z.uuid(),
  revision: z.number().int().min(1),
  lines: z
    .array(z.strictObject({ productId: z.string().min(1).max(64), quantity: z.number().int().min(1) }))
    .min(1)
    .max(100),
});
export type ReviseReservation = z.infer<typeof ReviseReservation>;

/** RESERVED: the reservation now holds the revision's lines; REJECTED: it holds what it held before. */
export const ReservationRevision = z.object({
  orderId: z.string(),
  revision: z.number().int(),
  status: z.enum(['RESERVED', 'REJECTED']),
  rejections: Reservation.shape.rejections,
});
export type ReservationRevision = z.infer<typeof ReservationRevision>;
