import type { Metadata } from 'next';
import { oneParam } from '@/lib/admin';
import { requireAdmin } from '@/lib/auth';

export const metadata: Metadata = { title: 'Admin: exports' };

const DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type Params = Record<'from' | 'to' | 'failed', string | string[] | undefined>;

/** The admin downloads orders or products of a date range as CSV. */
export default async function ExportsPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requireAdmin('/admin/exports');
  const params = await searchParams;
  const failed = oneParam(params.failed);
  const today = Date.now();
  const from = DATE.test(oneParam(params.from) ?? '') ? oneParam(params.from)! : isoDay(today - 30 * DAY);
  const to = DATE.test(oneParam(params.to) ?? '') ? oneParam(params.to)! : isoDay(today + DAY);
  return (
    <div className="stack">
      <h1>Exports</h1>
      <p>
        Orders placed, or products added, from the first day up to the day before the second (days in UTC), as
        a CSV file for a spreadsheet. At most 366 days at a time.
      </p>
      {failed && (
        <p className="form-error" role="alert">
          The export failed: {failed}
        </p>
      )}
      <form method="get" action="/admin/exports/download" aria-label="Export" className="panel">
        <div className="form-grid">
          <div className="field">
            <label htmlFor="export-from">From (included)</label>
            <input id="export-from" name="from" type="date" defaultValue={from} required />
          </div>
          <div className="field">
            <label htmlFor="export-to">To (not included)</label>
            <input id="export-to" name="to" type="date" defaultValue={to} required />
          </div>
        </div>
        <div className="row">
          <button type="submit" name="kind" value="orders">
            Download orders
          </button>
          <button type="submit" name="kind" value="products">
            Download products
          </button>
        </div>
      </form>
    </div>
  );
}
