import type { Metadata } from 'next';
import Link from 'next/link';
import { randomUUID } from 'node:crypto';
import { requireUser } from '@/lib/auth';
import { quoteCart, readCart } from '@/lib/cart';
import { cartCurrency } from '@/lib/cart-lines';
import { formatMoney } from '@/lib/money';
import { shopperLocale, shopperProfile } from '@/lib/shopper';
import { CheckoutForm } from './CheckoutForm';

export const metadata: Metadata = { title: 'Checkout' };

export default async function CheckoutPage() {
  const user = await requireUser('/checkout');
  const [{ cart }, profile, locale] = await Promise.all([readCart(user), shopperProfile(), shopperLocale()]);
  if (cart.lines.length === 0) {
    return (
      <section className="narrow">
        <h1>Checkout</h1>
        <p>Your cart is empty.</p>
        <p>
          <Link href="/search">Browse the catalog</Link>
        </p>
      </section>
    );
  }
  const currency = cartCurrency(cart.lines, profile?.preferences.currency ?? 'EUR');
  const address = profile?.addresses.find((a) => a.isDefault) ?? profile?.addresses[0];
  // The breakdown for the address the form starts with; it follows the country and method chosen.
  const quote = await quoteCart(user, { country: address?.country ?? 'DE', currency }).catch(() => null);
  return (
    <section>
      <h1>Checkout</h1>
      <div className="panel">
        <h2 style={{ marginTop: 0 }}>Your order</h2>
        <ul>
          {cart.lines.map((line) => (
            <li key={line.productId}>
              {line.quantity} × {line.name ?? line.productId}
              {line.unitPrice && <> at {formatMoney(line.unitPrice, locale)}</>}
            </li>
          ))}
        </ul>
        <p>
          <Link href="/cart">Change the cart</Link>
        </p>
      </div>
      <CheckoutForm
        address={address}
        idempotencyKey={randomUUID()}
        currency={currency}
        quote={quote}
        locale={locale}
      />
    </section>
  );
}
