import 'server-only';
import { cookies } from 'next/headers';
import { changeCart, isStaleGuestToken, type CartOwner } from './cart';
import type { Line } from './cart-lines';
import { callApi, type Caller } from './gateway';

/**
 * A signed-out shopper's cart is named by the gateway's guest cart token, kept in an http-only
 * cookie of the storefront's (the browser never reads it, and never holds a gateway token). It
 * lasts as long as the gateway keeps the guest cart: a week after its last change.
 */
export const GUEST_CART_COOKIE = 'sidecart_guest_cart';
const GUEST_CART_MAX_AGE = 7 * 24 * 3600;

export async function guestCartToken(): Promise<string | null> {
  return (await cookies()).get(GUEST_CART_COOKIE)?.value ?? null;
}

/** Only in a server action or route handler (a page cannot set cookies). */
async function keepGuestCartToken(token: string | null): Promise<void> {
  const jar = await cookies();
  if (!token) return void jar.delete(GUEST_CART_COOKIE);
  jar.set(GUEST_CART_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: GUEST_CART_MAX_AGE,
    secure: (process.env.NEXTAUTH_URL ?? '').startsWith('https:'),
  });
}

/** The cart of whoever asks: the signed-in shopper's, else the guest cart of this browser. */
export async function cartOwner(user: NonNullable<Caller> | null): Promise<CartOwner> {
  return user ?? { guestToken: await guestCartToken() };
}

/**
 * Changes the asker's cart (a server action's work). A guest's first line starts a guest cart,
 * whose token goes into the cookie; a token the gateway no longer honours starts a new one.
 */
export async function changeOwnCart(
  user: NonNullable<Caller> | null,
  change: (lines: Line[]) => Line[],
): Promise<void> {
  const owner = await cartOwner(user);
  try {
    const { guestToken } = await changeCart(owner, change);
    if (guestToken) await keepGuestCartToken(guestToken);
  } catch (err) {
    if (!('guestToken' in owner && owner.guestToken && isStaleGuestToken(err))) throw err;
    const { guestToken } = await changeCart({ guestToken: null }, change);
    await keepGuestCartToken(guestToken);
  }
}

/**
 * At sign-in (NextAuth's signIn event, a route handler): the guest cart joins the account's and
 * the cookie goes. The gateway's merge is idempotent, so a sign-in repeated after a failure
 * here, or two at once, adds the guest's lines once. If the shop cannot be reached the cookie
 * stays and the next sign-in merges.
 */
export async function mergeGuestCart(user: NonNullable<Caller>): Promise<void> {
  const token = await guestCartToken();
  if (!token) return;
  try {
    await callApi(user, '/cart/merge', { method: 'POST', headers: { 'guest-cart': token } });
    await keepGuestCartToken(null);
  } catch (err) {
    // A token the gateway refuses names no cart any more; any other failure keeps it for next time
    // (the gateway logs the failed call with its request id). Signing in goes on either way.
    if (isStaleGuestToken(err)) await keepGuestCartToken(null);
  }
}
