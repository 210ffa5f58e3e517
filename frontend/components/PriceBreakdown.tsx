import type { Money } from '@sidecart/contracts';
import { formatMoney } from '@/lib/money';

/** What a quote or an order says of its price: the same fields in both (contracts' CartQuote, OrderView). */
export type Breakdown = {
  subtotal: Money;
  shipping: { name?: string; method?: string | null; amount: Money };
  tax: { country: string; rate: number; amount: Money; included: boolean };
  total: Money;
};

/** A rate in basis points as the shopper reads it: 1900 → "19 %", 2550 → "25.5 %". */
export const formatRate = (rate: number, locale: string) =>
  `${(rate / 100).toLocaleString(locale, { maximumFractionDigits: 2 })} %`;

function taxLabel(tax: Breakdown['tax'], locale: string) {
  if (tax.rate === 0) return `No VAT (shipping to ${tax.country})`;
  const rate = `VAT ${formatRate(tax.rate, locale)} (${tax.country})`;
  return tax.included ? `Includes ${rate}` : rate;
}

/**
 * Subtotal, shipping, tax and total, as the order service computed them: the cart and checkout
 * show it before payment, the order page after. `testId` names each amount (`<testId>-total`, …).
 */
export function PriceBreakdown({
  breakdown,
  locale,
  testId,
  caption = 'Price summary',
}: {
  breakdown: Breakdown;
  locale: string;
  testId: string;
  caption?: string;
}) {
  const { subtotal, shipping, tax, total } = breakdown;
  const shippingName = shipping.name ?? shipping.method;
  return (
    <table className="breakdown" data-testid={`${testId}-breakdown`}>
      <caption className="visually-hidden">{caption}</caption>
      <tbody>
        <tr>
          <th scope="row">Subtotal</th>
          <td className="num" data-testid={`${testId}-subtotal`}>
            {formatMoney(subtotal, locale)}
          </td>
        </tr>
        <tr>
          <th scope="row">Shipping{shippingName ? `: ${shippingName}` : ''}</th>
          <td className="num" data-testid={`${testId}-shipping`}>
            {shipping.amount.amount === 0 ? 'Free' : formatMoney(shipping.amount, locale)}
          </td>
        </tr>
        <tr>
          <th scope="row">{taxLabel(tax, locale)}</th>
          <td className="num" data-testid={`${testId}-tax`}>
            {formatMoney(tax.amount, locale)}
          </td>
        </tr>
        <tr className="breakdown-total">
          <th scope="row">Total</th>
          <td className="num price" data-testid={`${testId}-total`}>
            {formatMoney(total, locale)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
