import type { Metadata } from 'next';
import type { CustomerLookup } from '@sidecart/contracts';
import { OrderSummaryTable } from '@/components/OrderSummaryTable';
import { lookUpCustomers, oneParam } from '@/lib/admin';
import { readOrProblem } from '@/lib/gateway';
import { requireAdmin } from '@/lib/auth';
import { formatDateTime } from '@/lib/dates';
import { shopperLocale } from '@/lib/shopper';

export const metadata: Metadata = { title: 'Admin: customers' };

type Customer = CustomerLookup['items'][number];

/** Finds accounts by email (its beginning, or all of it) or a part of the name, with their latest orders. */
export default async function AdminCustomersPage({
  searchParams,
}: {
  searchParams: Promise<Record<'q', string | string[] | undefined>>;
}) {
  const admin = await requireAdmin('/admin/customers');
  const q = oneParam((await searchParams).q)?.trim() ?? '';
  const [locale, found] = await Promise.all([
    shopperLocale(),
    q.length >= 2 ? readOrProblem(lookUpCustomers(admin, q)) : null,
  ]);

  return (
    <div className="stack">
      <h1>Customers</h1>
      <form
        method="get"
        action="/admin/customers"
        className="filters"
        role="search"
        aria-label="Find customers"
      >
        <div className="field">
          <label htmlFor="customers-q">Email or name</label>
          <input
            id="customers-q"
            name="q"
            type="search"
            minLength={2}
            maxLength={254}
            required
            defaultValue={q}
          />
        </div>
        <button type="submit">Find</button>
      </form>
      {q.length === 1 && (
        <p className="form-error" role="alert">
          Type at least 2 characters.
        </p>
      )}
      {found?.problem && (
        <p className="form-error" role="alert">
          {found.problem}
        </p>
      )}
      {found?.value && (
        <>
          <p role="status">
            {found.value.items.length === 0
              ? `No customer’s email starts with “${q}” or name contains it.`
              : `${found.value.items.length} ${found.value.items.length === 1 ? 'customer' : 'customers'} found${found.value.items.length === 20 ? ' (the 20 newest; be more precise to see others)' : ''}.`}
          </p>
          {found.value.items.map((customer) => (
            <CustomerPanel key={customer.id} customer={customer} locale={locale} />
          ))}
        </>
      )}
    </div>
  );
}

function CustomerPanel({ customer, locale }: { customer: Customer; locale: string }) {
  const heading = `customer-${customer.id}`;
  return (
    <section className="panel stack" aria-labelledby={heading}>
      <h2 id={heading}>{customer.name}</h2>
      <dl>
        <dt>Email</dt>
        <dd>
          {customer.email}{' '}
          <span className={`badge ${customer.emailVerified ? 'CONFIRMED' : 'PENDING'}`}>
            {customer.emailVerified ? 'Email confirmed' : 'Email not confirmed'}
          </span>
        </dd>
        <dt>Account</dt>
        <dd>
          {customer.role === 'admin' ? 'Admin' : 'Customer'} since{' '}
          <time dateTime={customer.createdAt}>{formatDateTime(customer.createdAt, locale)}</time>
        </dd>
        <dt>Id</dt>
        <dd>
          <code>{customer.id}</code>
        </dd>
      </dl>
      {customer.orders.length === 0 ? (
        <p>No orders.</p>
      ) : (
        <>
          <h3>{customer.moreOrders ? 'Latest orders' : 'Orders'}</h3>
          <OrderSummaryTable
            orders={customer.orders}
            caption={`${customer.moreOrders ? 'The latest 10 orders' : 'Orders'} of ${customer.name}, newest first`}
            locale={locale}
          />
        </>
      )}
    </section>
  );
}
