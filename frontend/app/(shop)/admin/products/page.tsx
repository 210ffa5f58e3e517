import type { Metadata } from 'next';
import Link from 'next/link';
import type { Product, ProductPage } from '@sidecart/contracts';
import { listProductsForAdmin, oneParam } from '@/lib/admin';
import { readOrProblem } from '@/lib/gateway';
import { requireAdmin, type SignedIn } from '@/lib/auth';
import { listCategories } from '@/lib/catalog';
import { callApi } from '@/lib/gateway';
import { formatMoney } from '@/lib/money';
import { shopperLocale } from '@/lib/shopper';
import { ArchiveButton } from '../ArchiveButton';
import { NewProductForm } from '../NewProductForm';
import { PictureForm } from '../PictureForm';
import { StockAdjustForm } from '../StockAdjustForm';

export const metadata: Metadata = { title: 'Admin: products' };

const OBJECT_ID = /^[a-f0-9]{24}$/;

type Params = Record<'q' | 'cursor' | 'archived', string | string[] | undefined>;

export default async function AdminProductsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const admin = await requireAdmin('/admin/products');
  const params = await searchParams;
  const q = oneParam(params.q);
  const cursor = oneParam(params.cursor);
  const archived = oneParam(params.archived);
  const archivedId = archived && OBJECT_ID.test(archived) ? archived : undefined;

  const [locale, categories, archivedName, listing] = await Promise.all([
    shopperLocale(),
    listCategories().catch(() => []),
    nameOf(admin, archivedId),
    readOrProblem(listProductsForAdmin(admin, { q, cursor })),
  ]);
  const products = listing.value;

  const here = (changes: { cursor?: string }) => {
    const next = new URLSearchParams();
    if (q) next.set('q', q);
    if (changes.cursor) next.set('cursor', changes.cursor);
    return next.size > 0 ? `/admin/products?${next}` : '/admin/products';
  };

  return (
    <div className="stack">
      <h1>Products</h1>
      {archivedId && (
        <p className="notice ok" role="status">
          {archivedName ? `“${archivedName}” is archived` : 'The product is archived'}: the shop no longer
          shows it.
        </p>
      )}

      <details className="panel">
        <summary>New product</summary>
        <NewProductForm categories={categories.map((c) => c.category)} />
      </details>

      <form
        method="get"
        action="/admin/products"
        role="search"
        aria-label="Admin product search"
        className="filters"
      >
        <div className="field">
          <label htmlFor="admin-q">Search products</label>
          <input id="admin-q" name="q" type="search" defaultValue={q ?? ''} maxLength={100} />
        </div>
        <button type="submit">Search</button>
        {q && <Link href="/admin/products">Show all</Link>}
      </form>

      {listing.problem && (
        <p className="form-error" role="alert">
          {listing.problem}
        </p>
      )}
      {products && <ProductTable products={products} locale={locale} returnTo={here({ cursor })} q={q} />}
      <nav aria-label="Pages" className="pagination">
        {cursor && <Link href={here({})}>First page</Link>}
        {products?.nextCursor && <Link href={here({ cursor: products.nextCursor })}>Next page</Link>}
      </nav>
    </div>
  );
}

/** The name of a product just archived, for the note that says so (admins still see archived products). */
async function nameOf(admin: SignedIn, productId: string | undefined): Promise<string | null> {
  if (!productId) return null;
  const answer = await callApi<Product>(admin, `/products/${productId}`, { accept: [404] }).catch(() => null);
  return answer?.status === 200 ? answer.body.name : null;
}

function ProductTable({
  products,
  locale,
  returnTo,
  q,
}: {
  products: ProductPage;
  locale: string;
  returnTo: string;
  q?: string;
}) {
  if (products.items.length === 0) {
    return (
      <p className="panel">{q ? `No products match “${q}”.` : 'No products yet. Add the first one above.'}</p>
    );
  }
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Products, with their stock</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">SKU</th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col" className="num">
              On hand
            </th>
            <th scope="col" className="num">
              Reserved
            </th>
            <th scope="col" className="num">
              Available
            </th>
            <th scope="col">
              <span className="visually-hidden">Edit</span>
            </th>
            <th scope="col">Adjust stock</th>
            <th scope="col">Picture</th>
            <th scope="col">
              <span className="visually-hidden">Archive</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {products.items.map((product) => (
            <tr key={product.id}>
              <th scope="row">
                <Link href={`/products/${product.slug}`}>{product.name}</Link>
              </th>
              <td className="nowrap">{product.sku}</td>
              <td className="num nowrap">{formatMoney(product.price, locale)}</td>
              <td className="num">{product.stock.onHand}</td>
              <td className="num">{product.stock.reserved}</td>
              <td className="num">{product.stock.available}</td>
              <td>
                <Link href={`/admin/products/${product.id}`} aria-label={`Edit ${product.name}`}>
                  Edit
                </Link>
              </td>
              <td>
                <StockAdjustForm productId={product.id} productName={product.name} />
              </td>
              <td>
                <PictureForm productId={product.id} productName={product.name} />
              </td>
              <td>
                <ArchiveButton productId={product.id} productName={product.name} returnTo={returnTo} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
