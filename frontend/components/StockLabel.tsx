/** What a shopper needs to know about stock: can I buy it, and should I hurry. */
export function StockLabel({ available }: { available: number }) {
  if (available <= 0) return <span className="stock-out">Out of stock</span>;
  if (available <= 5) return <span className="stock-low">Only {available} left</span>;
  return <span className="stock-ok">In stock</span>;
}
