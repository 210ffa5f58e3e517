'use client';
import { useActionState, useRef, useState, useTransition } from 'react';
import type { Address, CartQuote } from '@sidecart/contracts';
import { AddressFields } from '@/components/AddressFields';
import { FormMessage, SubmitButton } from '@/components/forms';
import { PriceBreakdown } from '@/components/PriceBreakdown';
import { formatMoney } from '@/lib/money';
import { placeOrder, quoteCheckout } from './actions';

export function CheckoutForm({
  address,
  idempotencyKey,
  currency,
  quote: initialQuote,
  locale,
}: {
  address: Address | undefined;
  idempotencyKey: string;
  currency: string;
  /** The order service's quote for the address the form starts with (null if it could not be had). */
  quote: CartQuote | null;
  locale: string;
}) {
  const [state, action] = useActionState(placeOrder, null);
  // The breakdown follows the country and shipping method chosen, priced again by the order service.
  const [quote, setQuote] = useState(initialQuote);
  const [updating, startUpdate] = useTransition();
  const form = useRef<HTMLFormElement>(null);
  const requote = () => {
    const data = new FormData(form.current!);
    const country = String(data.get('country') ?? '');
    const shippingMethod = String(data.get('shippingMethod') ?? '');
    startUpdate(async () => {
      setQuote(await quoteCheckout(country, shippingMethod, currency));
    });
  };
  return (
    <form action={action} aria-label="Shipping address and payment" ref={form}>
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="currency" value={currency} />
      <FormMessage state={state} />
      <h2>Shipping address</h2>
      <AddressFields state={state} address={address} country="DE" onCountryChange={requote} />
      {quote && (
        <fieldset className="shipping-methods">
          <legend>Shipping method</legend>
          {quote.shippingMethods.map((m) => (
            <label key={m.method} className="row">
              <input
                type="radio"
                name="shippingMethod"
                value={m.method}
                defaultChecked={m.method === quote.shipping.method}
                onChange={requote}
              />
              {m.name}: {m.amount.amount === 0 ? 'free' : formatMoney(m.amount, locale)}
              {m.freeFrom && m.amount.amount > 0 && <> (free from {formatMoney(m.freeFrom, locale)})</>}
            </label>
          ))}
        </fieldset>
      )}
      <h2>Total</h2>
      <div aria-live="polite" aria-busy={updating}>
        {quote ? (
          <PriceBreakdown breakdown={quote} locale={locale} testId="checkout" caption="Order total" />
        ) : (
          <p className="error">
            The total cannot be computed right now; it is computed when you place the order.
          </p>
        )}
      </div>
      <p>
        <SubmitButton pendingText="Placing your order…">Place order and pay with PayPal</SubmitButton>
      </p>
    </form>
  );
}
