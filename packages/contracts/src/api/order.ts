import { z } from 'zod';
import { EntityId } from '../common';

export const CartLineInput = z.strictObject({
  productId: EntityId,
  quantity: z.number().int().min(1).max(99),
});

/** Replaces the cart's lines; the request must carry the ETag it read (If-Match). */
export const PutCart = z.strictObject({ lines: z.array(CartLineInput).max(50) });
export type PutCart = z.infer<typeof PutCart>;

export const Cart = z.object({
  customerId: z.string(),
  lines: z.array(z.object({ productId: z.string(), quantity: z.number().int() })),
  updatedAt: z.string().nullable(),
});
export type Cart = z.infer<typeof Cart>;
