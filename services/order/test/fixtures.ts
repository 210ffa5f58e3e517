import type { OrderLine } from '../src/domain/order';

/** An order line in EUR whose SKU and name follow from its product id. */
export const line = (productId: string, quantity: number, amount: number): OrderLine => ({
  productId,
  sku: productId.toUpperCase(),
  name: `Product ${productId}`,
  quantity,
  unitPrice: { amount, currency: 'EUR' },
});
