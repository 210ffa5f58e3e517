import type { ShippingAddress } from '@sidecart/contracts';

/** What replaces each personal field of an erased customer's shipping address. */
export const ERASED = 'erased';

/** What replaces a reason in an erased customer's order timeline (a shopper may have written it). */
export const ERASED_REASON = 'reason erased with the account';

/**
 * An order's shipping address once its customer is erased: the name, street, city and postal
 * code are gone; the country stays (which tax applied is part of the accounts). The result
 * still has the address's shape, so order views and the storefront need no other case.
 */
export function pseudonymizedAddress(address: Pick<ShippingAddress, 'country'>): ShippingAddress {
  return { name: ERASED, line1: ERASED, city: ERASED, postalCode: ERASED, country: address.country };
}
