import 'server-only';
import type { Cart, CartLine } from '@sidecart/contracts';
import type { Line } from './cart-lines';
import { callApi, GatewayError, type Caller } from './gateway';

export async function readCart(caller: NonNullable<Caller>) {
  const { body, etag } = await callApi<Cart>(caller, '/cart');
  return { cart: body, etag };
}

/**
 * Changes the cart with optimistic concurrency: read it with its ETag, apply `change`,
 * write with If-Match. Another tab writing in between makes the write a 409; then we read
 * again and re-apply, so neither change is lost.
 */
export async function changeCart(
  caller: NonNullable<Caller>,
  change: (lines: Line[]) => Line[],
): Promise<Cart> {
  for (let attempt = 1; ; attempt++) {
    const { cart, etag } = await readCart(caller);
    const lines = change(cart.lines.map(({ productId, quantity }: CartLine) => ({ productId, quantity })));
    try {
      const { body } = await callApi<Cart>(caller, '/cart', {
        method: 'PUT',
        body: { lines: lines.filter((l) => l.quantity > 0) },
        headers: etag ? { 'if-match': etag } : {},
      });
      return body;
    } catch (err) {
      if (err instanceof GatewayError && err.status === 409 && attempt < 3) continue;
      throw err;
    }
  }
}
