'use server';
import { redirect } from 'next/navigation';
import type { CartQuote, OrderView, Payment } from '@sidecart/contracts';
import { attempt, text } from '@/lib/actions';
import { currentUser } from '@/lib/auth';
import { quoteCart } from '@/lib/cart';
import { callApi } from '@/lib/gateway';
import type { FormState } from '@/lib/form-state';
import { keepTyped, type TypedState } from '@/lib/typed-values';

const ADDRESS_FIELDS = ['name', 'line1', 'line2', 'city', 'postalCode', 'country'];

/** The shipping address as the address fields of a form give it (an empty second line left out). */
const shippingAddressOf = (form: FormData) => {
  const line2 = text(form, 'line2');
  return {
    name: text(form, 'name'),
    line1: text(form, 'line1'),
    ...(line2 ? { line2 } : {}),
    city: text(form, 'city'),
    postalCode: text(form, 'postalCode'),
    country: text(form, 'country'),
  };
};

/**
 * Places the order. The Idempotency-Key was minted when the page was shown, so a double
 * click or a retry after a lost answer finds the same order instead of making a second.
 */
export async function placeOrder(_: TypedState, form: FormData): Promise<TypedState> {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/checkout');
  let orderId = '';
  const state = await attempt(async () => {
    const shippingMethod = text(form, 'shippingMethod');
    const { body } = await callApi<OrderView>(user, '/orders', {
      method: 'POST',
      headers: { 'idempotency-key': text(form, 'idempotencyKey') },
      body: {
        currency: text(form, 'currency'),
        ...(shippingMethod ? { shippingMethod } : {}),
        shippingAddress: shippingAddressOf(form),
      },
    });
    orderId = body.id;
  });
  if (!state?.ok) return keepTyped(state, form, ADDRESS_FIELDS);
  redirect(`/checkout/pay?orderId=${encodeURIComponent(orderId)}`);
}

/**
 * The checkout's breakdown for another country or shipping method: the order service's quote of
 * the shopper's cart (null when it cannot be had; the order is priced again when placed).
 */
export async function quoteCheckout(
  country: string,
  shippingMethod: string,
  currency: string,
): Promise<CartQuote | null> {
  const user = await currentUser();
  if (!user) return null;
  return quoteCart(user, {
    country,
    currency: currency as CartQuote['total']['currency'],
    ...(shippingMethod ? { shippingMethod } : {}),
  }).catch(() => null);
}

/** Said when PayPal declines: the order keeps its items, and its page offers "Retry payment". */
const DECLINED_MESSAGE = 'PayPal declined the payment. Your items are still held for you: retry the payment.';

/**
 * After the shopper approved on PayPal: take the money (the payment service captures once).
 * `declined`: the bank refused it, and the shopper may retry with a new PayPal order.
 */
export async function capturePayment(
  orderId: string,
): Promise<NonNullable<FormState> & { declined?: boolean }> {
  const user = await currentUser();
  if (!user) return { ok: false, message: 'Your session has ended. Please sign in again.' };
  const outcome = { declined: false };
  const state = await attempt(async () => {
    const { body } = await callApi<Payment>(user, `/orders/${encodeURIComponent(orderId)}/payment/capture`, {
      method: 'POST',
      body: {},
    });
    outcome.declined = body.status === 'FAILED';
  });
  return outcome.declined
    ? { ok: false, message: DECLINED_MESSAGE, declined: true }
    : (state ?? { ok: true });
}

/**
 * "Retry payment": a new PayPal order for the same order (the payment service answers a payment
 * still waiting for approval as it is, so a double click opens one), then off to PayPal.
 */
export async function retryPayment(_: FormState, form: FormData): Promise<FormState> {
  const orderId = text(form, 'orderId');
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/orders/${orderId}`)}`);
  const opened = { approveUrl: '' };
  const state = await attempt(async () => {
    const { body } = await callApi<OrderView>(user, `/orders/${encodeURIComponent(orderId)}/payment/retry`, {
      method: 'POST',
      body: {},
    });
    opened.approveUrl = body.payment.approveUrl ?? '';
  });
  if (!state?.ok) return state;
  if (!opened.approveUrl) return { ok: false, message: 'The payment could not be opened; try again.' };
  redirect(opened.approveUrl);
}

export async function cancelOrder(_: FormState, form: FormData): Promise<FormState> {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/orders');
  const orderId = text(form, 'orderId');
  const state = await attempt(async () => {
    await callApi(user, `/orders/${encodeURIComponent(orderId)}/cancel`, {
      method: 'POST',
      body: { reason: 'cancelled by the shopper' },
    });
  });
  if (!state?.ok) return state;
  redirect(`/orders/${encodeURIComponent(orderId)}`);
}

/**
 * Changes the quantities of an order before it is paid (0 removes a line). The order's ETag
 * as the page showed it goes along as If-Match: a change made meanwhile elsewhere is not overwritten.
 */
export async function changeOrder(_: FormState, form: FormData): Promise<FormState> {
  const user = await currentUser();
  if (!user) redirect('/signin?callbackUrl=/orders');
  const orderId = text(form, 'orderId');
  const lines = [...form.keys()]
    .filter((name) => name.startsWith('quantity:'))
    .map((name) => ({ productId: name.slice('quantity:'.length), quantity: Number(text(form, name)) }));
  const etag = text(form, 'etag');
  const state = await attempt(async () => {
    await callApi(user, `/orders/${encodeURIComponent(orderId)}`, {
      method: 'PATCH',
      headers: etag ? { 'if-match': etag } : {},
      body: { lines },
    });
  });
  if (!state?.ok) return state;
  redirect(`/orders/${encodeURIComponent(orderId)}`);
}

/**
 * Sends an order not shipped yet to another address: the shopper's own order, or any order for
 * an admin (the API tells them apart). Back on the order page, whose timeline shows the change.
 */
export async function changeShippingAddress(_: TypedState, form: FormData): Promise<TypedState> {
  const orderId = text(form, 'orderId');
  const here = `/orders/${encodeURIComponent(orderId)}`;
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(here)}`);
  const state = await attempt(async () => {
    await callApi(user, `${here}/shipping-address`, {
      method: 'PUT',
      body: { shippingAddress: shippingAddressOf(form) },
    });
  });
  if (!state?.ok) return keepTyped(state, form, ADDRESS_FIELDS);
  redirect(`${here}?address=changed`);
}
