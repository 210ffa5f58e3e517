import 'server-only';
import type { Cart, CartLine, CartQuote, QuoteCart } from '@sidecart/contracts';
import type { Line } from './cart-lines';
import { callApi, GatewayError, type Caller } from './gateway';

/**
 * Whose cart: a signed-in shopper's, or a signed-out shopper's guest cart, named by the token the
 * gateway gave when it started it (null before the first line is added).
 */
export type CartOwner = NonNullable<Caller> | { guestToken: string | null };

const isGuest = (owner: CartOwner): owner is { guestToken: string | null } => 'guestToken' in owner;

const EMPTY_GUEST_CART: Cart = { customerId: 'guest', lines: [], updatedAt: null };

function callCart(owner: CartOwner, options: Parameters<typeof callApi>[2] = {}) {
  if (!isGuest(owner)) return callApi<Cart>(owner, '/cart', options);
  const headers = { ...options.headers, ...(owner.guestToken ? { 'guest-cart': owner.guestToken } : {}) };
  return callApi<Cart>(null, '/guest-cart', { ...options, headers });
}

/** A guest token the gateway refuses (expired, or from another shop's keys) names no cart. */
export const isStaleGuestToken = (err: unknown) =>
  err instanceof GatewayError &&
  err.status === 400 &&
  (err.problem?.errors ?? []).some((e) => e.path === 'Guest-Cart');

export async function readCart(owner: CartOwner) {
  if (isGuest(owner) && !owner.guestToken) return { cart: EMPTY_GUEST_CART, etag: null };
  const { body, etag } = await callCart(owner);
  return { cart: body, etag };
}

/**
 * Changes the cart with optimistic concurrency: read it with its ETag, apply `change`,
 * write with If-Match. Another tab writing in between makes the write a 409; then we read
 * again and re-apply, so neither change is lost. `guestToken`: the token of a guest cart the
 * gateway started with this change (the caller keeps it in the shopper's cookie).
 */
export async function changeCart(
  owner: CartOwner,
  change: (lines: Line[]) => Line[],
): Promise<{ cart: Cart; guestToken: string | null }> {
  for (let attempt = 1; ; attempt++) {
    const { cart, etag } = await readCart(owner);
    const lines = change(cart.lines.map(({ productId, quantity }: CartLine) => ({ productId, quantity })));
    try {
      const { body, guestCart } = await callCart(owner, {
        method: 'PUT',
        body: { lines: lines.filter((l) => l.quantity > 0) },
        headers: etag ? { 'if-match': etag } : {},
      });
      return { cart: body, guestToken: guestCart };
    } catch (err) {
      if (err instanceof GatewayError && err.status === 409 && attempt < 3) continue;
      throw err;
    }
  }
}

/**
 * What the cart would cost shipped to `country` by `shippingMethod` (the shop's default if
 * none): the order service's quote, with shipping and tax, the same pricing checkout applies.
 */
export async function quoteCart(owner: CartOwner, input: QuoteCart): Promise<CartQuote | null> {
  if (isGuest(owner) && !owner.guestToken) return null;
  const options = { method: 'POST' as const, body: input };
  const { body } = isGuest(owner)
    ? await callApi<CartQuote>(null, '/guest-cart/quote', {
        ...options,
        headers: { 'guest-cart': owner.guestToken! },
      })
    : await callApi<CartQuote>(owner, '/cart/quote', options);
  return body;
}
