import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { Product, ProductAuditPage } from '@sidecart/contracts';
import { auditValue } from '@/lib/admin-edit';
import { oneParam } from '@/lib/admin';
import { requireAdmin } from '@/lib/auth';
import { formatDateTime } from '@/lib/dates';
import { callApi, readOrProblem } from '@/lib/gateway';
import { shopperLocale } from '@/lib/shopper';
import { EditProductForm } from './EditProductForm';

export const metadata: Metadata = { title: 'Admin: edit product' };

const OBJECT_ID = /^[a-f0-9]{24}$/;

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<'cursor', string | string[] | undefined>>;
};

/** An admin edits a product and reads who changed what, and when (its audit trail). */
export default async function EditProductPage({ params, searchParams }: Props) {
  const { id } = await params;
  if (!OBJECT_ID.test(id)) notFound();
  const admin = await requireAdmin(`/admin/products/${id}`);
  const cursor = oneParam((await searchParams).cursor);
  const answer = await callApi<Product>(admin, `/products/${id}`, { accept: [404] });
  if (answer.status === 404) notFound();
  const product = answer.body;
  const [locale, audit] = await Promise.all([
    shopperLocale(),
    readOrProblem(
      callApi<ProductAuditPage>(
        admin,
        `/products/${id}/audit?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ).then((a) => a.body),
    ),
  ]);
  return (
    <div className="stack">
      <p>
        <Link href="/admin/products">← Products</Link>
      </p>
      <h1>Edit “{product.name}”</h1>
      <p className="muted">
        SKU {product.sku} ·{' '}
        {product.active ? <Link href={`/products/${product.slug}`}>see it in the shop</Link> : 'archived'}
      </p>
      <section className="panel" aria-labelledby="edit-heading">
        <h2 id="edit-heading">Product</h2>
        <EditProductForm product={product} />
      </section>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Changes</h2>
        {audit.problem && (
          <p className="form-error" role="alert">
            {audit.problem}
          </p>
        )}
        {audit.value && audit.value.items.length === 0 && <p className="panel">No changes yet.</p>}
        {audit.value && audit.value.items.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Changes to this product, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Field</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {audit.value.items.flatMap((entry) =>
                  Object.entries(entry.changes).map(([field, change], i) => (
                    <tr key={`${entry.revision}-${field}`}>
                      <td className="nowrap">{i === 0 ? formatDateTime(entry.at, locale) : ''}</td>
                      <td className="nowrap">{i === 0 ? (entry.by === admin.id ? 'you' : entry.by) : ''}</td>
                      <th scope="row">{field}</th>
                      <td>{auditValue(change.before)}</td>
                      <td>{auditValue(change.after)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        )}
        {audit.value?.nextCursor && (
          <nav aria-label="Pages" className="pagination">
            <Link href={`/admin/products/${id}?cursor=${encodeURIComponent(audit.value.nextCursor)}`}>
              Older changes
            </Link>
          </nav>
        )}
      </section>
    </div>
  );
}
