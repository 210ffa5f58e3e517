import type { Cart } from '@sidecart/contracts';
import type { Dapr } from '@sidecart/service-kit';
import { CART_TTL_SECONDS } from '../domain/cart';

const keyOf = (customerId: string) => `cart-${customerId}`;

/** Carts live in the Dapr state store (key = customer id) with ETag concurrency. */
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
}
