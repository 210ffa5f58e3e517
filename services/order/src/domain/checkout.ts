import type { Cart, Currency } from '@sidecart/contracts';
import type { FieldError } from '@sidecart/service-kit';
import type { ProductForSale } from './cart';
import type { OrderLine } from './order';

export type Priced = { lines: OrderLine[]; errors: FieldError[] };

/**
 * Turns cart lines into order lines at today's prices. Every problem is reported with
 * the cart line it concerns, so the shopper sees all of them at once.
 */
export function priceCart(cart: Cart, products: (ProductForSale | null)[], currency: Currency): Priced {
  const errors: FieldError[] = [];
  const lines: OrderLine[] = [];
  if (cart.lines.length === 0) errors.push({ path: 'cart', message: 'the cart is empty' });
  cart.lines.forEach((line, i) => {
    const product = products[i];
    const path = `cart.lines.${i}.productId`;
    if (!product) return void errors.push({ path, message: `unknown product ${line.productId}` });
    if (!product.active) return void errors.push({ path, message: `${product.name} is no longer sold` });
    if (product.price.currency !== currency) {
      return void errors.push({
        path: 'currency',
        message: `${product.name} is sold in ${product.price.currency}`,
      });
    }
    lines.push({
      productId: product.id,
      sku: product.sku,
      name: product.name,
      quantity: line.quantity,
      unitPrice: product.price,
    });
  });
  return { lines, errors };
}
