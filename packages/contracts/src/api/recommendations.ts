import { z } from 'zod';
import { Money, ObjectId } from '../common';

/**
 * What the recommendations service (Go, services/recommendations) answers to
 * `GET /recommendations/{productId}`: the products bought most often in the same confirmed
 * orders, most first, as ids and counts only.
 */
export const CoPurchases = z.object({
  productId: ObjectId,
  items: z.array(z.object({ productId: ObjectId, count: z.number().int().positive() })),
});
export type CoPurchases = z.infer<typeof CoPurchases>;

/** One recommended product as the storefront shows it: the catalog's name, price and pictures. */
export const RecommendedProduct = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  price: Money,
  images: z.array(z.string()),
  /** How many confirmed orders held both products. */
  orders: z.number().int().positive(),
});

/**
 * `GET /api/v1/products/{id}/recommendations`: "customers who bought this also bought", composed
 * by the gateway from the recommendations service's counts and the product service's catalog
 * (products no longer on sale are left out). Empty when nobody bought the product with another.
 */
export const Recommendations = z.object({
  productId: z.string(),
  items: z.array(RecommendedProduct),
});
export type Recommendations = z.infer<typeof Recommendations>;
