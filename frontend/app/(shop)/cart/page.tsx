import type { Metadata } from 'next';
import Link from 'next/link';
import { PriceBreakdown } from '@/components/PriceBreakdown';
import { SelectField } from '@/components/SelectField';
import { currentUser } from '@/lib/auth';
import { quoteCart, readCart } from '@/lib/cart';
import { cartCurrency } from '@/lib/cart-lines';
import { COUNTRIES } from '@/lib/countries';
import { cartOwner } from '@/lib/guest-cart';
import { formatMoney } from '@/lib/money';
import { shopperLocale, shopperProfile } from '@/lib/shopper';
import { CartLineControls } from './CartLineControls';

export const metadata: Metadata = { title: 'Cart' };

const COUNTRY_CODES = new Set(COUNTRIES.map(([code]) => code));

export default async function CartPage({
  searchParams,
}: {
  searchParams: Promise<{ country?: string; shipping?: string }>;
}) {
  // A signed-out shopper sees their guest cart; signing in merges it into the account's.
  const user = await currentUser();
  const owner = await cartOwner(user);
  const [{ cart }, locale, profile, asked] = await Promise.all([
    readCart(owner),
    shopperLocale(),
    shopperProfile(),
    searchParams,
  ]);
  if (cart.lines.length === 0) {
    return (
      <section className="narrow">
        <h1>Your cart</h1>
        <p>Your cart is empty.</p>
        <p>
          <Link href="/search">Browse the catalog</Link>
        </p>
      </section>
    );
  }
  // Shipping and tax for the country asked for, else the shopper's default address's, else Germany's.
  const home = (profile?.addresses.find((a) => a.isDefault) ?? profile?.addresses[0])?.country;
  const country = [asked.country, home].find((c) => c && COUNTRY_CODES.has(c)) ?? 'DE';
  const currency = cartCurrency(cart.lines, profile?.preferences.currency ?? 'EUR');
  const quote = await quoteCart(owner, {
    country,
    currency,
    ...(asked.shipping && /^[a-z][a-z0-9-]{0,39}$/.test(asked.shipping)
      ? { shippingMethod: asked.shipping }
      : {}),
  }).catch(() => null);
  return (
    <section>
      <h1>Your cart</h1>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Items in your cart</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col">Quantity</th>
              <th scope="col" className="num">
                Subtotal
              </th>
            </tr>
          </thead>
          <tbody>
            {cart.lines.map((line) => (
              <tr key={line.productId}>
                <td>{line.name ?? line.productId}</td>
                <td className="num">{line.unitPrice ? formatMoney(line.unitPrice, locale) : '–'}</td>
                <td>
                  <CartLineControls
                    productId={line.productId}
                    name={line.name ?? 'item'}
                    quantity={line.quantity}
                  />
                </td>
                <td className="num">
                  {line.unitPrice
                    ? formatMoney(
                        { amount: line.unitPrice.amount * line.quantity, currency: line.unitPrice.currency },
                        locale,
                      )
                    : '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="get" className="row" aria-label="Shipping estimate" style={{ marginTop: '1rem' }}>
        <SelectField name="country" label="Ship to" options={COUNTRIES} defaultValue={country} />
        {quote && (
          <SelectField
            name="shipping"
            label="Shipping method"
            options={quote.shippingMethods.map(
              (m) =>
                [
                  m.method,
                  `${m.name}: ${m.amount.amount === 0 ? 'free' : formatMoney(m.amount, locale)}`,
                ] as const,
            )}
            defaultValue={quote.shipping.method}
          />
        )}
        <button type="submit" className="secondary">
          Update estimate
        </button>
      </form>
      {quote ? (
        <PriceBreakdown breakdown={quote} locale={locale} testId="cart" caption="Cart total" />
      ) : (
        <p className="error" role="alert">
          The total of this cart cannot be computed right now; it is computed again at checkout.
        </p>
      )}
      <p className="muted">Prices, shipping and tax are checked again when you place the order.</p>
      {!user && (
        <p data-testid="guest-cart-note">
          You are not signed in. Your cart is kept on this device for a week; signing in adds it to your
          account&apos;s cart.
        </p>
      )}
      <p className="row">
        {user ? (
          <Link href="/checkout" className="button">
            Checkout
          </Link>
        ) : (
          <Link href="/signin?callbackUrl=%2Fcheckout" className="button">
            Sign in to check out
          </Link>
        )}
        <Link href="/search">Continue shopping</Link>
      </p>
    </section>
  );
}
