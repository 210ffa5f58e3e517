import type { Metadata } from 'next';
import Link from 'next/link';
import type { AdminDashboard, MoneyTotal } from '@sidecart/contracts';
import { BarList, ChartFigure, ColumnChart, FigureTable } from '@/components/BarChart';
import { statusLabel } from '@/components/StatusBadge';
import { requireAdmin } from '@/lib/auth';
import { formatDateTime, shortOrderId } from '@/lib/dates';
import { callApi, readOrProblem } from '@/lib/gateway';
import { formatMoney } from '@/lib/money';
import { shopperLocale } from '@/lib/shopper';

export const metadata: Metadata = { title: 'Admin: dashboard' };

/** How the shop is doing: one call to the gateway's dashboard route, drawn here as SVG. */
export default async function AdminDashboardPage() {
  const admin = await requireAdmin('/admin');
  const [locale, read] = await Promise.all([
    shopperLocale(),
    readOrProblem(callApi<AdminDashboard>(admin, '/admin/dashboard').then((a) => a.body)),
  ]);
  const data = read.value;
  return (
    <div className="stack">
      <h1>Dashboard</h1>
      {read.problem && (
        <p className="form-error" role="alert">
          {read.problem}
        </p>
      )}
      {data && <Dashboard data={data} locale={locale} />}
    </div>
  );
}

function Dashboard({ data, locale }: { data: AdminDashboard; locale: string }) {
  const money = (m: MoneyTotal) => formatMoney(m, locale);
  const window = `${data.from} to ${data.to} (UTC)`;
  // A currency with no sales still gets an empty chart, so the page always shows the axis.
  const revenue = data.revenue.length > 0 ? data.revenue : [{ currency: 'EUR' as const, days: [] }];
  const failures = data.paymentFailures;
  const failureTotal = failures.days.reduce((n, d) => n + d.failures, 0);
  return (
    <>
      <p className="muted">
        The last 30 days, {window}. Figures follow the shop&rsquo;s events and may trail them by a few
        seconds.
      </p>

      {revenue.map(({ currency, days }) => {
        const total = days.reduce((n, d) => n + d.revenue.amount, 0);
        const orders = days.reduce((n, d) => n + d.orders, 0);
        const refunded = days.reduce((n, d) => n + d.refunded.amount, 0);
        const id = `revenue-${currency.toLowerCase()}`;
        return (
          <ChartFigure
            key={currency}
            id={id}
            heading={`Revenue per day (${currency})`}
            note={
              <p>
                <strong>{money({ amount: total, currency })}</strong> from {orders} confirmed{' '}
                {orders === 1 ? 'order' : 'orders'}; {money({ amount: refunded, currency })} refunded.
              </p>
            }
            chart={
              <ColumnChart
                id={`${id}-chart`}
                title={`Revenue per day in ${currency}, ${window}`}
                description={`Confirmed sales per day. Total ${money({ amount: total, currency })} from ${orders} orders.`}
                bars={days.map((d) => ({ label: d.day, value: d.revenue.amount, shown: money(d.revenue) }))}
                tick={(v) => money({ amount: Math.round(v), currency })}
              />
            }
            table={
              <FigureTable
                caption={`Revenue per day in ${currency}`}
                columns={[
                  { heading: 'Day' },
                  { heading: 'Orders', num: true },
                  { heading: 'Revenue', num: true },
                  { heading: 'Refunded', num: true },
                ]}
                rows={days.map((d) => ({
                  key: d.day,
                  cells: [d.day, d.orders, money(d.revenue), money(d.refunded)],
                }))}
              />
            }
          />
        );
      })}

      <ChartFigure
        id="statuses"
        heading="Orders by status"
        chart={
          <BarList
            id="statuses-chart"
            title="Orders by status"
            description="How many orders are in each status now, all time."
            bars={data.ordersByStatus.map((s) => ({
              label: statusLabel(s.status),
              value: s.orders,
              shown: String(s.orders),
            }))}
          />
        }
        table={
          <FigureTable
            caption="Orders by status"
            columns={[{ heading: 'Status' }, { heading: 'Orders', num: true }]}
            rows={data.ordersByStatus.map((st) => ({
              key: st.status,
              cells: [statusLabel(st.status), st.orders],
            }))}
          />
        }
      />

      <ChartFigure
        id="top-products"
        heading="Top products"
        note={data.topProducts.length === 0 ? <p>No confirmed sales in the last 30 days.</p> : undefined}
        chart={
          data.topProducts.length > 0 && (
            <BarList
              id="top-products-chart"
              title={`Units sold per product, ${window}`}
              description={`The ${data.topProducts.length} products most sold in confirmed orders.`}
              bars={data.topProducts.map((p) => ({
                label: p.name ?? p.sku,
                value: p.units,
                shown: `${p.units} sold`,
              }))}
            />
          )
        }
        table={
          <FigureTable
            caption="Top products of the last 30 days"
            columns={[
              { heading: 'Product' },
              { heading: 'SKU' },
              { heading: 'Units', num: true },
              { heading: 'Orders', num: true },
              { heading: 'Revenue', num: true },
            ]}
            rows={data.topProducts.map((p) => ({
              key: `${p.productId}-${p.revenue.currency}`,
              cells: [
                p.slug ? <Link href={`/products/${p.slug}`}>{p.name}</Link> : (p.name ?? p.sku),
                p.sku,
                p.units,
                p.orders,
                money(p.revenue),
              ],
            }))}
          />
        }
      />

      <ChartFigure
        id="low-stock"
        heading="Low stock"
        note={
          <p>
            Products on sale with {data.lowStock.threshold} or fewer units available.{' '}
            <Link href="/admin/products">Adjust stock</Link>
          </p>
        }
        chart={
          data.lowStock.items.length > 0 && (
            <BarList
              id="low-stock-chart"
              title="Units available of the products lowest in stock"
              description={`${data.lowStock.items.length} products have ${data.lowStock.threshold} or fewer units available.`}
              bars={data.lowStock.items.map((p) => ({
                label: p.name,
                value: Math.max(0, p.available),
                shown: `${p.available} left`,
              }))}
            />
          )
        }
        table={
          <FigureTable
            caption="Products low in stock"
            columns={[{ heading: 'Product' }, { heading: 'SKU' }, { heading: 'Available', num: true }]}
            rows={data.lowStock.items.map((p) => ({
              key: p.productId,
              cells: [<Link href={`/products/${p.slug}`}>{p.name}</Link>, p.sku, p.available],
            }))}
          />
        }
      />

      <ChartFigure
        id="payment-failures"
        heading="Payment failures"
        note={
          <p>
            {failureTotal} failed {failureTotal === 1 ? 'payment' : 'payments'} in the last 30 days.
          </p>
        }
        chart={
          <ColumnChart
            id="payment-failures-chart"
            title={`Failed payments per day, ${window}`}
            description={`${failureTotal} payments failed in the last 30 days.`}
            bars={failures.days.map((d) => ({ label: d.day, value: d.failures, shown: String(d.failures) }))}
            tick={(v) => String(v)}
          />
        }
        table={
          <>
            <FigureTable
              caption="Failed payments per day"
              columns={[{ heading: 'Day' }, { heading: 'Failures', num: true }]}
              rows={failures.days.map((d) => ({ key: d.day, cells: [d.day, d.failures] }))}
            />
            <FigureTable
              caption="The latest payment failures"
              columns={[{ heading: 'Order' }, { heading: 'When' }, { heading: 'Reason' }]}
              rows={failures.recent.map((f) => ({
                key: `${f.orderId}-${f.at}`,
                cells: [shortOrderId(f.orderId), formatDateTime(f.at, locale), f.reason],
              }))}
            />
          </>
        }
      />
    </>
  );
}
