import {
  AdminOrderList,
  CoPurchases,
  CustomerMatches,
  type CustomerLookup,
  LowStockList,
  ObjectId,
  ProductPage,
  SalesReport,
  type AdminDashboard,
  CustomerExport,
  OrderList,
  OrderView,
  Payment,
  Product,
  type AccountExport,
  type OrderDetail,
  type Recommendations,
} from '@sidecart/contracts';
import { invocationProblem, type Dapr } from '@sidecart/service-kit';

/**
 * Builds a route's answer from the service's, with more calls. `headers` carry the request and
 * trace ids; `caller` the verified caller's identity headers, for calls that act as the caller
 * (the callee's own ownership checks then apply, and its access policy needs no new path).
 */
export type Composer = (
  body: unknown,
  dapr: Dapr,
  headers: Record<string, string>,
  caller: Record<string, string>,
) => Promise<unknown>;

/**
 * The catalog's products of `ids` as listings show them (one `products/by-ids?prices=listing`
 * call, answered from the product service's read model), by id; empty when the catalog cannot
 * be read, so a page that shows products beside something else still answers. Measured in the
 * shop mix (driver calls counted per call site): a call per line of every order read was 9
 * product reads and 9 sidecar hops per checkout, the product service's largest share.
 */
async function listedProducts(
  dapr: Dapr,
  ids: string[],
  headers: Record<string, string>,
): Promise<Map<string, Product>> {
  const wanted = [...new Set(ids)].filter((id) => ObjectId.safeParse(id).success);
  if (wanted.length === 0) return new Map();
  try {
    const answer = await dapr.invoke('product', `products/by-ids?ids=${wanted.join(',')}&prices=listing`, {
      headers,
      timeoutMs: 2000,
    });
    const page = ProductPage.pick({ items: true }).safeParse(answer.body);
    return answer.status === 200 && page.success ? new Map(page.data.items.map((p) => [p.id, p])) : new Map();
  } catch {
    return new Map();
  }
}

/**
 * One call for the storefront's order page: the order service's answer, with each line's
 * product (slug, images) from the catalog. A product that cannot be read leaves its line
 * with `product: null` rather than failing the page.
 */
export const orderDetail: Composer = async (body, dapr, headers): Promise<OrderDetail> => {
  const order = OrderView.parse(body);
  const products = await listedProducts(
    dapr,
    order.lines.map((line) => line.productId),
    headers,
  );
  return {
    ...order,
    lines: order.lines.map((line) => {
      const product = products.get(line.productId);
      return { ...line, product: product ? { slug: product.slug, images: product.images } : null };
    }),
  };
};

/** Orders read at once for an export: a shopper with many orders is read a few at a time. */
const EXPORT_CONCURRENCY = 4;

/**
 * `GET /me/export`: the customer service's part (profile, order history), then the caller's
 * orders from the order service and each order's payment from the payment service, all read
 * as the caller through the routes a shopper uses anyway (`GET orders`, `GET orders/<id>`,
 * `GET payments/order/<id>`), so the gateway's access policies need no path beyond its route
 * table. An order without a payment (not yet opened) has none in the export; any other failure
 * fails the export rather than leaving something out.
 */
export const accountExport: Composer = async (body, dapr, headers, caller): Promise<AccountExport> => {
  const own = CustomerExport.parse(body);
  const asCaller = { headers: { ...headers, ...caller }, timeoutMs: 5000 };
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: OrderList = await dapr.call('order', `orders?${query}`, OrderList, asCaller);
    ids.push(...page.items.map((o) => o.id));
    cursor = page.nextCursor;
  } while (cursor);
  const orderRecords: AccountExport['orderRecords'] = [];
  const payments: AccountExport['payments'] = [];
  for (let i = 0; i < ids.length; i += EXPORT_CONCURRENCY) {
    await Promise.all(
      ids.slice(i, i + EXPORT_CONCURRENCY).map(async (id) => {
        const order = await dapr.call('order', `orders/${encodeURIComponent(id)}`, OrderView, asCaller);
        const answer = await dapr.invoke('payment', `payments/order/${encodeURIComponent(id)}`, asCaller);
        orderRecords.push(order);
        if (answer.status === 200) payments.push(Payment.parse(answer.body));
        else if (answer.status !== 404) throw invocationProblem('payment', answer);
      }),
    );
  }
  const newestFirst = (a: { createdAt: string }, b: { createdAt: string }) =>
    b.createdAt.localeCompare(a.createdAt);
  return { ...own, orderRecords: orderRecords.sort(newestFirst), payments: payments.sort(newestFirst) };
};

/**
 * `GET /products/{id}/recommendations`: the recommendations service's ids and counts, each with
 * its name, slug, price and pictures from the catalog (read like the order page's products). A
 * product that cannot be read or is no longer on sale is left out rather than failing the list.
 */
export const recommendations: Composer = async (body, dapr, headers): Promise<Recommendations> => {
  const found = CoPurchases.parse(body);
  const products = await listedProducts(
    dapr,
    found.items.map((item) => item.productId),
    headers,
  );
  const items = found.items.flatMap(({ productId, count }) => {
    const product = products.get(productId);
    if (!product?.active) return [];
    const { id, slug, name, price, images } = product;
    return [{ id, slug, name, price, images, orders: count }];
  });
  return { productId: found.productId, items };
};

/**
 * `GET /admin/dashboard`: the order service's sales report (its read model, fed by events), its
 * top products named from the catalog (one `products/by-ids` call) and the catalog's low-stock
 * list (one `products/low-stock` call), both read as the calling admin. A product the catalog no
 * longer has keeps its line, without a name.
 */
export const adminDashboard: Composer = async (body, dapr, headers, caller): Promise<AdminDashboard> => {
  const report = SalesReport.parse(body);
  const asCaller = { headers: { ...headers, ...caller }, timeoutMs: 3000 };
  const ids = [...new Set(report.topProducts.map((p) => p.productId))].filter(
    (id) => ObjectId.safeParse(id).success,
  );
  const [lowStock, named] = await Promise.all([
    dapr.call('product', 'products/low-stock', LowStockList, asCaller),
    ids.length > 0
      ? dapr.call(
          'product',
          `products/by-ids?ids=${ids.join(',')}`,
          ProductPage.pick({ items: true }),
          asCaller,
        )
      : { items: [] },
  ]);
  const byId = new Map(named.items.map((p) => [p.id, p]));
  return {
    ...report,
    topProducts: report.topProducts.map((p) => ({
      ...p,
      name: byId.get(p.productId)?.name ?? null,
      slug: byId.get(p.productId)?.slug ?? null,
    })),
    lowStock,
  };
};

/** Orders shown with each customer the admin lookup finds. */
const LOOKUP_ORDERS = 10;

/**
 * `GET /admin/customers`: the customer service's matches, each with its latest orders from the
 * order service (`GET orders/all?customerId=`, the admin order list's own route), read as the
 * calling admin, so the gateway's access policies need no path beyond its route table.
 */
export const customerLookup: Composer = async (body, dapr, headers, caller): Promise<CustomerLookup> => {
  const found = CustomerMatches.parse(body);
  const asCaller = { headers: { ...headers, ...caller }, timeoutMs: 3000 };
  const items = await Promise.all(
    found.items.map(async (customer) => {
      const orders = await dapr.call(
        'order',
        `orders/all?customerId=${encodeURIComponent(customer.id)}&limit=${LOOKUP_ORDERS}`,
        AdminOrderList,
        asCaller,
      );
      return { ...customer, orders: orders.items, moreOrders: orders.nextCursor !== null };
    }),
  );
  return { items };
};
