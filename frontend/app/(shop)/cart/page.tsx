import type { Metadata } from 'next';
import Link from 'next/link';
import { currentUser } from '@/lib/auth';
import { readCart } from '@/lib/cart';
import { cartOwner } from '@/lib/guest-cart';
import { cartTotal } from '@/lib/cart-lines';
import { formatMoney } from '@/lib/money';
import { shopperLocale } from '@/lib/shopper';
import { CartLineControls } from './CartLineControls';

export const metadata: Metadata = { title: 'Cart' };

export default async function CartPage() {
  // A signed-out shopper sees their guest cart; signing in merges it into the account's.
  const user = await currentUser();
  const [{ cart }, locale] = await Promise.all([readCart(await cartOwner(user)), shopperLocale()]);
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
  const total = cartTotal(cart.lines, 'EUR');
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
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td className="num price" data-testid="cart-total">
                {formatMoney(total, locale)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="muted">Prices are checked again when you place the order.</p>
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
