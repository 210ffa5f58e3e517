import type { Cart } from '@sidecart/contracts';
import type { Dapr } from '@sidecart/service-kit';
import { CART_TTL_SECONDS, GUEST_CART_TTL_SECONDS } from '../domain/cart';

const keyOf = (customerId: string) => `cart-${customerId}`;
/** A signed-out shopper's cart: its id is the gateway's (from a signed token), never a customer id. */
const guestKeyOf = (guestId: string) => `guest-cart-${guestId}`;

/**
 * Carts live in the Dapr state store (key = customer id, or guest id for a signed-out
 * shopper's cart) with ETag concurrency.
 */
export class CartStore {
  constructor(private readonly dapr: Dapr) {}

  get(customerId: string) {
    return this.dapr.getState<Cart>(keyOf(customerId));
  }

  /** `etag`: the version the caller read; null when it read no cart. Stale → EtagMismatch. */
  save(cart: Cart, etag: string | null) {
    return this.dapr.saveState(keyOf(cart.customerId), cart, { etag, ttlSeconds: CART_TTL_SECONDS });
  }

  /** Deletes the customer's cart, if any (an erasure); deleting a missing cart is fine. */
  delete(customerId: string) {
    return this.dapr.deleteState(keyOf(customerId));
  }

  getGuest(guestId: string) {
    return this.dapr.getState<Cart>(guestKeyOf(guestId));
  }

  /** A guest cart lives GUEST_CART_TTL_SECONDS from its last change. */
  saveGuest(guestId: string, cart: Cart, etag: string | null) {
    return this.dapr.saveState(guestKeyOf(guestId), cart, { etag, ttlSeconds: GUEST_CART_TTL_SECONDS });
  }

  /**
   * The account's cart becomes `merged` and the guest cart is gone, in one state transaction:
   * both or neither, and each only if unchanged since it was read (else EtagMismatch). A repeated
   * merge then finds no guest cart and changes nothing.
   */
  mergeGuest(guestId: string, guestEtag: string, merged: Cart, accountEtag: string | null) {
    return this.dapr.transactState([
      {
        operation: 'upsert',
        key: keyOf(merged.customerId),
        value: merged,
        etag: accountEtag,
        ttlSeconds: CART_TTL_SECONDS,
      },
      { operation: 'delete', key: guestKeyOf(guestId), etag: guestEtag },
    ]);
  }
}
